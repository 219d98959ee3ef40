import { expect } from 'chai';
import { runCucumber } from './cucumber-fixture';

/** Runs a fixture feature through the real Cucumber CLI and returns each scenario's statuses and logs. */
function runFixture(
  feature: string,
  env: Record<string, string> = {},
): { status: number | null; output: string; stderr: string; scenarios: Map<string, { statuses: string[]; logs: string[] }> } {
  const run = runCucumber([feature], { env });
  const scenarios = new Map<string, { statuses: string[]; logs: string[] }>();
  const entry = (id: string) => {
    const name = run.started(id)?.pickle.name ?? '';
    if (!scenarios.has(name)) scenarios.set(name, { statuses: [], logs: [] });
    return scenarios.get(name)!;
  };
  for (const e of run.envelopes) {
    if (e.testStepFinished) entry(e.testStepFinished.testCaseStartedId).statuses.push(e.testStepFinished.testStepResult.status);
    if (e.attachment?.testCaseStartedId) entry(e.attachment.testCaseStartedId).logs.push(e.attachment.body);
  }
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, stderr: run.stderr, scenarios };
}

describe('backend tags at run time (real Cucumber run on the inmemory backend)', function () {
  this.timeout(120_000);
  let result: ReturnType<typeof runFixture>;
  before(() => {
    result = runFixture('test/fixtures/features/tags.feature');
  });

  it('runs untagged scenarios and @only-<this backend> ones', () => {
    expect(result.scenarios.get('An untagged scenario runs')?.statuses).to.have.length(4); // Before, two steps, After
    expect(result.scenarios.get('An untagged scenario runs')?.statuses.every((s) => s === 'PASSED')).to.equal(true);
    expect(result.scenarios.get('A scenario only for this backend')?.statuses.every((s) => s === 'PASSED')).to.equal(true);
    expect(result.status).to.equal(0, result.stderr);
  });

  const skipped: [string, string][] = [
    ['A scenario skipped on this backend', 'Skipped on inmemory: the scenario is tagged @skip-inmemory.'],
    ['A scenario only for other backends', 'runs only on postgres, sqlite'],
    ['A scenario needing a capability this backend lacks', 'lacks the capability persistence (@requires-persistence)'],
  ];
  for (const [name, reason] of skipped) {
    it(`reports "${name}" as skipped, with the reason`, () => {
      const scenario = result.scenarios.get(name);
      expect(scenario, name).to.not.equal(undefined);
      expect(scenario!.statuses[0]).to.equal('SKIPPED');
      expect(scenario!.statuses.slice(1, -1)).to.deep.equal(['SKIPPED', 'SKIPPED']); // both steps; the After hook still runs
      expect(scenario!.logs.join('\n')).to.include(reason);
    });
  }

  it('fails at once, listing the known backends, for an unknown backend name', () => {
    const unknown = runFixture('test/fixtures/features/tags.feature', { PARITY_BACKEND: 'nosuchdb' });
    expect(unknown.status).to.not.equal(0);
    // Cucumber 12 prints a failed BeforeAll on stderr, 13 in its formatters' output on stdout.
    expect(unknown.output).to.match(/There is no backend named "nosuchdb". Known backends: [a-z, ]*inmemory/);
    expect([...unknown.scenarios.values()].flatMap((s) => s.statuses).filter((s) => s === 'PASSED')).to.deep.equal([]);
  });
});

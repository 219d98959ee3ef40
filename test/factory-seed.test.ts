/*
 * "Two runs with the same seed produce identical factory data": the whole specification runs
 * through the real Cucumber CLI, and every record a factory made (which the World logs into the
 * scenario's report) is compared between runs, scenario by scenario.
 */
import { expect } from 'chai';
import { runCucumber } from './cucumber-fixture';

/** Runs the specification on the in-memory backend; returns each scenario's factory-made records, in the order made. */
function factoryData(args: string[], env: Record<string, string> = {}): Map<string, string[]> {
  const run = runCucumber(['--profile', 'inmemory', ...args], { env, config: 'project' });
  expect(run.status, run.stdout + run.stderr).to.equal(0);
  const data = new Map<string, string[]>();
  for (const { attachment } of run.envelopes) {
    if (attachment?.testCaseStartedId === undefined || !attachment.body.includes('made by its factory')) continue;
    const pickle = run.started(attachment.testCaseStartedId)?.pickle;
    const scenario = pickle ? `${pickle.uri}: ${pickle.name} [${pickle.steps.map((s) => s.text).join(' / ')}]` : '?';
    data.set(scenario, [...(data.get(scenario) ?? []), attachment.body]);
  }
  return data;
}

describe('factory data is repeatable (real Cucumber runs)', function () {
  this.timeout(120_000);

  it('is identical in two runs with the same seed, whatever the order and the number of workers', () => {
    const first = factoryData([]);
    const second = factoryData(['--order', 'random', '--parallel', '2']);
    expect(first.size).to.be.greaterThan(10);
    expect([...first.values()].flat().join('\n')).to.include('User made by its factory (admin, inactive): {"id":"user-3"');
    expect(Object.fromEntries(second)).to.deep.equal(Object.fromEntries(first));
  });

  it('changes its fake values (not its sequences) with PARITY_SEED', () => {
    const first = factoryData(['--name', 'Sequences count']);
    const other = factoryData(['--name', 'Sequences count'], { PARITY_SEED: 'another seed' });
    const ids = (data: Map<string, string[]>) => [...data.values()].flat().map((body) => /"id":"([^"]+)"/.exec(body)?.[1]);
    expect(ids(other)).to.deep.equal(ids(first)).and.deep.equal(['user-1', 'user-2', 'user-3']);
    expect([...other.values()]).not.to.deep.equal([...first.values()]);
  });
});

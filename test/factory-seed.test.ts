/*
 * "Two runs with the same seed produce identical factory data": the whole specification runs
 * through the real Cucumber CLI, and every record a factory made (which the World logs into the
 * scenario's report) is compared between runs, scenario by scenario.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Envelope {
  pickle?: { id: string; uri: string; name: string; steps: { text: string }[] };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  attachment?: { testCaseStartedId?: string; body: string };
}

const root = path.resolve(__dirname, '..');

/** Runs the specification on the in-memory backend; returns each scenario's factory-made records, in the order made. */
function factoryData(args: string[], env: Record<string, string> = {}): Map<string, string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-factory-seed-'));
  const messages = path.join(dir, 'messages.ndjson');
  try {
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', '.bin', 'cucumber-js'), '--profile', 'inmemory', '--format', `message:${messages}`, ...args],
      { cwd: root, env: { ...process.env, PARITY_REPORTS_DIR: dir, ...env }, encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    const envelopes = readFileSync(messages, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Envelope);
    const pickles = new Map(
      envelopes.flatMap((e) =>
        e.pickle ? [[e.pickle.id, `${e.pickle.uri}: ${e.pickle.name} [${e.pickle.steps.map((s) => s.text).join(' / ')}]`] as const] : [],
      ),
    );
    const cases = new Map(envelopes.flatMap((e) => (e.testCase ? [[e.testCase.id, e.testCase.pickleId] as const] : [])));
    const started = new Map(
      envelopes.flatMap((e) => (e.testCaseStarted ? [[e.testCaseStarted.id, e.testCaseStarted.testCaseId] as const] : [])),
    );
    const data = new Map<string, string[]>();
    for (const { attachment } of envelopes) {
      if (attachment?.testCaseStartedId === undefined || !attachment.body.includes('made by its factory')) continue;
      const scenario = pickles.get(cases.get(started.get(attachment.testCaseStartedId) ?? '') ?? '') ?? '?';
      data.set(scenario, [...(data.get(scenario) ?? []), attachment.body]);
    }
    return data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

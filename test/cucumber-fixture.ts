/*
 * Runs the real Cucumber CLI on fixture features (or the specification) and reads back the
 * messages it wrote, for the tests of the acceptance layer itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const root = path.resolve(__dirname, '..');
export const cucumberBin = path.join(root, 'node_modules', '.bin', 'cucumber-js');

/** The parts of Cucumber's messages these tests read. */
export interface Envelope {
  pickle?: { id: string; uri: string; name: string; steps: { id: string; text: string }[] };
  testCase?: { id: string; pickleId: string; testSteps: { id: string; pickleStepId?: string }[] };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepId: string; testStepResult: { status: string; message?: string } };
  attachment?: { testCaseStartedId?: string; body: string };
}

export interface CucumberRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly envelopes: readonly Envelope[];
  /** The pickle and test case a `testCaseStarted` id belongs to. */
  started(testCaseStartedId: string): { pickle: NonNullable<Envelope['pickle']>; testCase: NonNullable<Envelope['testCase']> } | undefined;
}

/**
 * Runs `cucumber-js <args>` in the project folder. With `config: 'fixtures'` (the default) it uses
 * test/fixtures/cucumber.fixtures.js, whose profiles write messages where PARITY_FIXTURE_MESSAGES
 * says; with `config: 'project'` the project's own cucumber.js, with a message formatter added
 * and its reports in the temporary folder. Either way the folder is removed afterwards.
 */
export function runCucumber(
  args: readonly string[],
  options: { env?: Readonly<Record<string, string | undefined>>; config?: 'fixtures' | 'project' } = {},
): CucumberRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-cucumber-fixture-'));
  const messages = path.join(dir, 'messages.ndjson');
  const fixtures = (options.config ?? 'fixtures') === 'fixtures';
  try {
    const run = spawnSync(
      process.execPath,
      fixtures
        ? [cucumberBin, '--config', 'test/fixtures/cucumber.fixtures.js', ...args]
        : [cucumberBin, ...args, '--format', `message:${messages}`],
      {
        cwd: root,
        env: { ...process.env, PARITY_FIXTURE_MESSAGES: messages, PARITY_REPORTS_DIR: dir, ...options.env },
        encoding: 'utf8',
      },
    );
    let text = '';
    try {
      text = readFileSync(messages, 'utf8');
    } catch {
      // The run broke before writing any message: its output says why.
    }
    const envelopes = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Envelope);
    const pickles = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle] as const] : [])));
    const cases = new Map(envelopes.flatMap((e) => (e.testCase ? [[e.testCase.id, e.testCase] as const] : [])));
    const starts = new Map(
      envelopes.flatMap((e) => (e.testCaseStarted ? [[e.testCaseStarted.id, e.testCaseStarted.testCaseId] as const] : [])),
    );
    return {
      status: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
      envelopes,
      started(id) {
        const testCase = cases.get(starts.get(id) ?? '');
        const pickle = testCase && pickles.get(testCase.pickleId);
        return testCase && pickle && { pickle, testCase };
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The counts in Cucumber's "N scenarios (…)" summary line, whatever their order (Cucumber 12 puts
 * failures first, 13 puts them last): `{ scenarios: 4, failed: 1, passed: 3 }`.
 */
export function scenarioCounts(output: string): Record<string, number> | undefined {
  const line = /^(\d+) scenarios? \(([^)]*)\)$/m.exec(output);
  if (line === null) return undefined;
  const counts: Record<string, number> = { scenarios: Number(line[1]) };
  for (const part of line[2]!.split(', ')) counts[part.split(' ')[1]!] = Number(part.split(' ')[0]);
  return counts;
}

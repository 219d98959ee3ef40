/*
 * What several databases cost a scenario, per backend, in one run: the same work (three writes and
 * a count) in one alias, and spread over two aliases and two tenants (a reserved store and two
 * tenants' stores). Each scenario's time is the sum of its steps' and hooks' durations in
 * Cucumber's own messages, so it includes beginning and ending isolation and the leak check of the
 * stores it did not touch (not Cucumber's own work between steps).
 *
 *   npm run bench:databases                          # every backend
 *   npm run bench:databases -- --backends sqlite     # some
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backendNames } from '../src/backend-names';
import { median, scenarioTimes } from './measure';

const root = path.resolve(__dirname, '..');
const FIXTURES = {
  'one alias': 'bench/features/one-alias.feature',
  'two aliases, two tenants': 'bench/features/two-aliases-two-tenants.feature',
};

function measure(backend: string, feature: string): number[] {
  const folder = mkdtempSync(path.join(tmpdir(), 'parity-bench-databases-'));
  try {
    const messages = path.join(folder, 'messages.ndjson');
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', '.bin', 'cucumber-js'), '--profile', backend, '--format', `message:${messages}`, feature],
      { cwd: root, env: { ...process.env, PARITY_REPORTS_DIR: folder }, encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`${backend} ${feature} failed:\n${run.stdout}\n${run.stderr}`);
    // The first scenario also creates the stores: leave it out.
    return scenarioTimes(readFileSync(messages, 'utf8')).slice(1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { backends: { type: 'string', default: 'inmemory,sqlite,postgres,dynamodb' } } });
const rows: string[][] = [];
for (const backend of backendNames(values.backends)) {
  const [one, two] = Object.values(FIXTURES).map((feature) => median(measure(backend, feature)));
  rows.push([backend, one!.toFixed(2), two!.toFixed(2), (two! / one!).toFixed(2)]);
}
const header = ['backend', 'one alias (ms)', 'two aliases, two tenants (ms)', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
console.log(
  '\nMedian time per scenario (steps and hooks, isolation and leak check included; the first scenario, which creates the stores, left out).',
);

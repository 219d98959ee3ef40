/*
 * The test layer's own cost (issue 15, part 4), per backend, in one run:
 *
 * 1. Isolation: the time a scenario spends beginning and ending (the Before hook's beginScenario,
 *    the After hook's leak check and endScenario), with 0, 10 and 100 records written in between
 *    (the writes themselves are not timed), on the driver a run of the specification starts.
 * 2. Gherkin against the DSL: the same 100 scenarios (bench/test-layer/scenarios.ts) run by
 *    Cucumber with Parity's steps and by a plain node:test file calling the DSL directly, each in a
 *    process of its own: the median scenario of each, and what the Gherkin layer adds.
 *
 *   npm run bench:test-layer                          # every backend
 *   npm run bench:test-layer -- --backends sqlite --scenarios 50
 *
 * PostgreSQL is the server PARITY_POSTGRES_URL names, else the embedded one each process starts;
 * DynamoDB the endpoint PARITY_DYNAMODB_ENDPOINT names, else DynamoDB Local.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { User } from '../features/models';
import { backendNames } from '../src/backend-names';
import { median, scenarioTimes } from './measure';
import type { DatabasesDriver } from '../src/drivers/databases-driver';
import { feature, isolated, startRun } from './test-layer/scenarios';

const root = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'inmemory,sqlite,postgres,dynamodb' },
    scenarios: { type: 'string', default: '40' },
  },
});
const RECORDS = [0, 10, 100] as const;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function ms(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** The milliseconds of beginning and ending each of `count` scenarios that write `records` users. */
async function isolationTimes(driver: DatabasesDriver, records: number, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let s = -3; s < count; s += 1) {
    let spent = 0;
    let started = process.hrtime.bigint();
    await isolated(driver, async () => {
      spent += ms(started);
      for (let r = 0; r < records; r += 1) {
        const result = await driver.execute({
          kind: 'create',
          model: User,
          data: { id: `u${s}_${r}`, email: `u${s}_${r}@example.com`, name: `User ${r}` },
        });
        if (!result.success) throw result.error!;
      }
      started = process.hrtime.bigint();
    });
    spent += ms(started);
    if (s >= 0) times.push(spent); // the first three warm up
  }
  return times;
}

/** The 100 scenarios through Cucumber and through node:test: each scenario's milliseconds, and each process's. */
function routes(backend: string, folder: string): { cucumber: number[]; dsl: number[]; cucumberWall: number; dslWall: number } {
  const featureFile = path.join(folder, 'test-layer.feature');
  writeFileSync(featureFile, feature());
  const messages = path.join(folder, 'messages.ndjson');
  const env = { ...process.env, PARITY_REPORTS_DIR: folder, PARITY_BACKEND: undefined };
  let started = process.hrtime.bigint();
  const cucumber = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', '.bin', 'cucumber-js'), '--profile', backend, '--format', `message:${messages}`, featureFile],
    { cwd: root, env, encoding: 'utf8' },
  );
  const cucumberWall = ms(started);
  if (cucumber.status !== 0) throw new Error(`Cucumber on ${backend} failed:\n${cucumber.stdout}\n${cucumber.stderr}`);
  const timesFile = path.join(folder, 'dsl-times.json');
  started = process.hrtime.bigint();
  const dsl = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '--test', '--test-reporter=dot', path.join(root, 'bench', 'test-layer', 'dsl-only.run.ts')],
    { cwd: root, env: { ...env, PARITY_BACKEND: backend, PARITY_BENCH_TIMES: timesFile }, encoding: 'utf8' },
  );
  const dslWall = ms(started);
  if (dsl.status !== 0) throw new Error(`node:test on ${backend} failed:\n${dsl.stdout}\n${dsl.stderr}`);
  // The first scenario of each also warms up the stores and the code: left out.
  return {
    cucumber: scenarioTimes(readFileSync(messages, 'utf8')).slice(1),
    dsl: (JSON.parse(readFileSync(timesFile, 'utf8')) as number[]).slice(1),
    cucumberWall,
    dslWall,
  };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n');
}

async function main(): Promise<void> {
  const backends = backendNames(values.backends);
  const count = Number(values.scenarios);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}\n`);
  const isolation: string[][] = [];
  const layers: string[][] = [];
  const folder = mkdtempSync(path.join(tmpdir(), 'parity-bench-test-layer-'));
  try {
    for (const backend of backends) {
      const driver = await startRun(backend, 'bench');
      try {
        for (const records of RECORDS) {
          const times = await isolationTimes(driver, records, count);
          isolation.push([
            backend,
            String(records),
            median(times).toFixed(3),
            quantile(times, 0.1).toFixed(3),
            quantile(times, 0.9).toFixed(3),
          ]);
        }
      } finally {
        await driver.stop();
      }
      const run = routes(backend, folder);
      const [cucumber, dsl] = [median(run.cucumber), median(run.dsl)];
      layers.push([
        backend,
        cucumber.toFixed(2),
        dsl.toFixed(2),
        (cucumber - dsl).toFixed(2),
        (cucumber / dsl).toFixed(2),
        (run.cucumberWall / 1000).toFixed(1),
        (run.dslWall / 1000).toFixed(1),
      ]);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  console.log('Isolation per scenario: beginning and ending it (leak check included), the writes in between not timed');
  console.log(table(['backend', 'records written', 'median (ms)', 'p10 (ms)', 'p90 (ms)'], isolation));
  console.log('\nThe same scenarios through Cucumber (Gherkin, steps, hooks) and through node:test calling the DSL');
  console.log(
    table(
      [
        'backend',
        'Cucumber, median scenario (ms)',
        'DSL, median scenario (ms)',
        'Gherkin adds (ms)',
        'ratio',
        'Cucumber process (s)',
        'node:test process (s)',
      ],
      layers,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

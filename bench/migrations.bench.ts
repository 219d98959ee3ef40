/*
 * What a store costs a Cucumber worker before its first scenario (issue 14), per backend and
 * schema source, in one run: the time of `driver.start(context)` for the default store's models
 * (specModels), with `sync`, with the specification's migrations (features/migrations), and on
 * PostgreSQL with the migrations applied once into a template database that each store copies
 * (`CREATE DATABASE … TEMPLATE`) against migrating each store's database
 * (PARITY_POSTGRES_TEMPLATE=off). Each round starts N stores one after another (workers '0', '1',
 * …), all alive until the round ends, then stops them: the first store of a round pays for the
 * template, the others copy it, so the first store and the median of the others are reported
 * apart. The configurations of a backend are interleaved round by round (their order rotated),
 * after untimed warm-up rounds, so that machine noise and warm-up hit them alike. DynamoDB Local is
 * started once and shared (`context.engine`); PostgreSQL is the server at PARITY_POSTGRES_URL.
 *
 *   npm run bench:migrations                                  # every backend, 4 stores, 5 rounds
 *   npm run bench:migrations -- --backends postgres --stores 8 --rounds 10
 *
 * Prints a table and writes it as JSON to reports/bench/migrations.json.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { Client } from 'pg';
import { specModels } from '../features/models';
import { backendNames } from '../src/backend-names';
import type { Driver, SchemaSource, StartedEngine } from '../src/drivers/driver';
import type { NamedMigration } from '../src/migrations/runner';
import { ENDPOINT_VARIABLE, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbEngine } from '../src/drivers/dynamodb/engine';
import { createDriver } from '../src/drivers/registry';
import { migrationsFor } from '../src/drivers/schema-source';
import { loadMigrations } from '../src/migrations/files';
import { ControllableClock } from '../src/orm';

const root = path.resolve(__dirname, '..');
const MIGRATIONS_FOLDER = 'features/migrations';
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const REPORT = path.join(root, 'reports', 'bench', 'migrations.json');

/** One way of giving a store its schema, with the environment it needs while its stores start. */
interface Configuration {
  readonly name: string;
  readonly schema: 'sync' | 'migrations';
  readonly env: Readonly<Record<string, string>>;
}

const CONFIGURATIONS: Readonly<Record<string, readonly Configuration[]>> = {
  postgres: [
    { name: 'sync', schema: 'sync', env: {} },
    { name: 'migrations, per store', schema: 'migrations', env: { PARITY_POSTGRES_TEMPLATE: 'off' } },
    { name: 'migrations, template', schema: 'migrations', env: { PARITY_POSTGRES_TEMPLATE: 'on' } },
  ],
  sqlite: [
    { name: 'sync', schema: 'sync', env: {} },
    { name: 'migrations', schema: 'migrations', env: {} },
  ],
  inmemory: [
    { name: 'sync', schema: 'sync', env: {} },
    { name: 'migrations', schema: 'migrations', env: {} },
  ],
  dynamodb: [
    { name: 'sync', schema: 'sync', env: {} },
    { name: 'migrations', schema: 'migrations', env: {} },
  ],
};

interface Result {
  backend: string;
  configuration: string;
  /** Median over the rounds of the first store's start. */
  firstMs: number;
  /** Median of every later store's start, over all rounds. */
  laterMedianMs: number;
  /** firstMs / the sync configuration's firstMs. */
  firstToSync: number;
  /** laterMedianMs / the sync configuration's laterMedianMs. */
  laterToSync: number;
  /** Each timed round's start times, store by store (ms). */
  rounds: number[][];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Sets variables for the duration of an action, then puts back what was there. */
async function withEnv<T>(env: Readonly<Record<string, string>>, action: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await action();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Starts `stores` stores one after another, timing each `start`, then stops them all. */
async function round(backend: string, schema: SchemaSource, stores: number, engine: StartedEngine | undefined): Promise<number[]> {
  const drivers: Driver[] = [];
  const times: number[] = [];
  const failures: unknown[] = [];
  try {
    for (let i = 0; i < stores; i += 1) {
      const driver = await createDriver(backend);
      drivers.push(driver);
      const context = { models: specModels, clock: new ControllableClock(), workerId: String(i), schema, ...(engine && { engine }) };
      const started = process.hrtime.bigint();
      await driver.start(context);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } catch (error) {
    failures.push(error);
  } finally {
    // Every driver, even after one failed to start or stop; the first error is the one reported.
    for (const driver of drivers) await driver.stop().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw failures[0];
  return times;
}

async function bench(
  backend: string,
  sources: Readonly<Record<Configuration['schema'], SchemaSource>>,
  options: { stores: number; rounds: number; warmup: number },
  engine: StartedEngine | undefined,
): Promise<Result[]> {
  const configurations = CONFIGURATIONS[backend]!;
  const samples = new Map<string, number[][]>(configurations.map((c) => [c.name, []]));
  for (let r = -options.warmup; r < options.rounds; r += 1) {
    // The order rotated each round, so that no configuration always follows the same one.
    const shift = (((r + options.warmup) % configurations.length) + configurations.length) % configurations.length;
    for (const configuration of [...configurations.slice(shift), ...configurations.slice(0, shift)]) {
      const times = await withEnv(configuration.env, () => round(backend, sources[configuration.schema], options.stores, engine));
      if (r >= 0) samples.get(configuration.name)!.push(times);
    }
    process.stderr.write(r < 0 ? `  ${backend}: warm-up round done\n` : `  ${backend}: round ${r + 1}/${options.rounds} done\n`);
  }
  const summary = configurations.map((configuration) => {
    const rounds = samples.get(configuration.name)!;
    return {
      configuration: configuration.name,
      firstMs: median(rounds.map((times) => times[0]!)),
      laterMedianMs: options.stores > 1 ? median(rounds.flatMap((times) => times.slice(1))) : Number.NaN,
      rounds,
    };
  });
  const sync = summary.find((s) => s.configuration === 'sync')!;
  return summary.map((s) => ({
    backend,
    ...s,
    firstToSync: s.firstMs / sync.firstMs,
    laterToSync: s.laterMedianMs / sync.laterMedianMs,
  }));
}

/** The parity_test_% databases on the server. */
async function parityDatabases(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'parity\\_test\\_%' ORDER BY datname",
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

/**
 * The migrations' template database the postgres driver makes for the default store: named by a
 * hash of the migrations (not by the run), as in PostgresDriver.createDatabase.
 */
function templateName(migrations: readonly NamedMigration[]): string {
  const own = migrationsFor('default', migrations);
  return `parity_test_tmpl_${createHash('sha256').update(JSON.stringify(own)).digest('hex').slice(0, 16)}`;
}

/** The parity_test_ tables on a DynamoDB endpoint. */
async function parityTables(endpoint: string): Promise<string[]> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const tables: string[] = [];
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      tables.push(...(page.TableNames ?? []).filter((name) => name.startsWith('parity_test_')));
      start = page.LastEvaluatedTableName;
    } while (start !== undefined);
    return tables;
  } finally {
    client.destroy();
  }
}

/** The processes whose command line names DynamoDBLocal (Linux: read from /proc; elsewhere not checked). */
function dynamoDbLocalProcesses(): { pid: string; command: string }[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const found: { pid: string; command: string }[] = [];
  for (const pid of pids) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (command.includes('DynamoDBLocal')) found.push({ pid, command });
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/** Milliseconds to a tenth, or to a hundredth below 10 ms (the in-memory backend's). */
function ms(value: number): string {
  return value.toFixed(value < 10 ? 2 : 1);
}

function table(results: readonly Result[]): string {
  const header = ['backend', 'configuration', 'first store (ms)', 'later stores, median (ms)', 'first / sync', 'later / sync'];
  const rows = results.map((r) => [
    r.backend,
    r.configuration,
    ms(r.firstMs),
    ms(r.laterMedianMs),
    r.firstToSync.toFixed(2),
    r.laterToSync.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string', default: 'postgres,sqlite,inmemory,dynamodb' },
      stores: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
    },
  });
  const options = { stores: Number(values.stores), rounds: Number(values.rounds), warmup: Number(values.warmup) };
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isInteger(value) || value < (name === 'warmup' ? 0 : 1))
      throw new Error(`--${name} must be a whole number, not ${String(value)}.`);
  }
  const backends = backendNames(values.backends).filter((name) => {
    if (CONFIGURATIONS[name] === undefined) throw new Error(`--backends: no configurations for ${name}.`);
    return true;
  });

  const loaded = await loadMigrations(path.join(root, MIGRATIONS_FOLDER));
  const sources = {
    sync: { kind: 'sync' },
    migrations: {
      kind: 'migrations',
      folder: MIGRATIONS_FOLDER,
      migrations: loaded.map(({ file, migration }) => ({ name: file.name, migration })),
    },
  } as const satisfies Record<Configuration['schema'], SchemaSource>;

  const runId = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const machine: Record<string, string | number> = {
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
  const results: Result[] = [];
  // What this run made and left, by name: the server and the machine may be shared with other runs.
  const leftBehind: Record<string, string[] | string> = {};
  // What other runs had on the server and the machine, when the bench ended (not this bench's to remove).
  const others: Record<string, string[]> = {};
  const template = templateName(sources.migrations.migrations);
  const ours = (name: string): boolean => name.startsWith(`parity_test_${runId}_`) || name === template;
  let dynamoDb: StartedEngine | undefined;

  await withEnv({ PARITY_POSTGRES_URL: POSTGRES_URL, PARITY_RUN_ID: runId }, async () => {
    try {
      if (backends.includes('postgres')) {
        machine.postgres = `PostgreSQL ${await postgresVersion(POSTGRES_URL)} at ${POSTGRES_URL}`;
        // Another run's template (same migrations, same name) would be copied rather than made: the first store would not pay for it.
        if ((await parityDatabases(POSTGRES_URL)).includes(template)) {
          throw new Error(
            `The server already holds ${template}, another run's template of these migrations: let that run end (or drop it) first.`,
          );
        }
      }
      if (backends.includes('dynamodb')) {
        dynamoDb = await startDynamoDbEngine();
        machine.dynamodb = dynamoDb.description;
      }
      console.log(
        `Store start-up (driver.start) for the default store's models (${specModels.length} models), ` +
          `${loaded.length} migrations from ${MIGRATIONS_FOLDER}: ${options.stores} stores a round, ` +
          `${options.rounds} rounds (+${options.warmup} untimed warm-up), configurations interleaved round by round.`,
      );
      for (const [name, value] of Object.entries(machine)) console.log(`  ${name}: ${value}`);
      for (const backend of backends)
        results.push(...(await bench(backend, sources, options, backend === 'dynamodb' ? dynamoDb : undefined)));
    } finally {
      let port: string | undefined;
      if (dynamoDb !== undefined) {
        const endpoint = dynamoDb.env[ENDPOINT_VARIABLE]!;
        port = new URL(endpoint).port;
        leftBehind.dynamodbTables = await parityTables(endpoint).catch((error: unknown) => `not checked: ${(error as Error).message}`);
        await dynamoDb.stop();
      }
      if (backends.includes('postgres')) {
        const found = await parityDatabases(POSTGRES_URL).catch((error: unknown) => `not checked: ${(error as Error).message}`);
        leftBehind.postgresDatabases = Array.isArray(found) ? found.filter(ours) : found;
        if (Array.isArray(found)) others.postgresDatabases = found.filter((name) => !ours(name));
      }
      if (dynamoDb !== undefined) {
        const found = dynamoDbLocalProcesses();
        // This run's engine is the one listening on its port.
        const mine = (command: string): boolean => port !== undefined && new RegExp(`-port ${port}(\\s|$)`).test(command);
        leftBehind.dynamoDbLocalProcesses = found?.filter((p) => mine(p.command)).map((p) => p.pid) ?? 'not checked (no /proc)';
        if (found !== undefined) others.dynamoDbLocalProcesses = found.filter((p) => !mine(p.command)).map((p) => p.pid);
      }
    }
  });

  console.log(`\n${table(results)}\n`);
  console.log(
    'first store: median over the rounds of the first store started; later stores: median of every other store over all rounds;\n' +
      'ratios are to the same backend\'s sync. On PostgreSQL the first store of "migrations, template" makes the template, the others copy it.',
  );
  const perStore = results.find((r) => r.backend === 'postgres' && r.configuration === 'migrations, per store');
  const copied = results.find((r) => r.backend === 'postgres' && r.configuration === 'migrations, template');
  let gain: Record<string, number> | undefined;
  if (perStore !== undefined && copied !== undefined) {
    // Paired by round too (the same round's configurations ran back to back): robust to a round that was slow for all.
    const paired = perStore.rounds.map((times, r) => median(times.slice(1)) / median(copied.rounds[r]!.slice(1)));
    gain = {
      laterStoresSpeedup: perStore.laterMedianMs / copied.laterMedianMs,
      laterStoresSpeedupPairedByRound: median(paired),
      firstStoreSpeedup: perStore.firstMs / copied.firstMs,
      roundSpeedup:
        (perStore.firstMs + (options.stores - 1) * perStore.laterMedianMs) / (copied.firstMs + (options.stores - 1) * copied.laterMedianMs),
    };
    console.log(
      `\nPostgreSQL, template against migrating each store: later stores ${perStore.laterMedianMs.toFixed(1)} → ${copied.laterMedianMs.toFixed(1)} ms ` +
        `(×${gain.laterStoresSpeedup!.toFixed(2)}; paired by round, median ×${gain.laterStoresSpeedupPairedByRound!.toFixed(2)}, ` +
        `rounds ${paired.map((x) => x.toFixed(2)).join(' ')}), first store ${perStore.firstMs.toFixed(1)} → ${copied.firstMs.toFixed(1)} ms ` +
        `(×${gain.firstStoreSpeedup!.toFixed(2)}), a round of ${options.stores} stores ×${gain.roundSpeedup!.toFixed(2)}.`,
    );
  }
  const leftovers = Object.entries(leftBehind).filter(([, value]) => Array.isArray(value) && value.length > 0);
  const list = (value: string[] | string): string => (Array.isArray(value) ? (value.length === 0 ? 'none' : value.join(', ')) : value);
  console.log(
    `Left behind by this run: ${Object.entries(leftBehind)
      .map(([name, value]) => `${name}: ${list(value)}`)
      .join('; ')}`,
  );
  const foreign = Object.entries(others).filter(([, value]) => value.length > 0);
  if (foreign.length > 0)
    console.log(`Other runs' (not this one's, left alone): ${foreign.map(([name, value]) => `${name}: ${list(value)}`).join('; ')}`);
  mkdirSync(path.dirname(REPORT), { recursive: true });
  writeFileSync(
    REPORT,
    `${JSON.stringify({ machine, options, runId, results, postgresTemplateGain: gain, leftBehind, otherRuns: others }, null, 2)}\n`,
  );
  console.log(`Written to ${path.relative(root, REPORT)}.`);
  if (leftovers.length > 0) throw new Error(`The bench left ${leftovers.map(([name]) => name).join(', ')} behind.`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

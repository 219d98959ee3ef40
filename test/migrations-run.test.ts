import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { migration as initial } from '../features/migrations/0001_initial';
import { migration as barcodes } from '../features/migrations/0002_barcodes_and_unique_titles';
import { specModels } from '../features/models';
import { PostgresDriver } from '../src/drivers/postgres/postgres-driver';
import { migrationsFor } from '../src/drivers/schema-source';
import { loadMigrations } from '../src/migrations/files';
import type { DriverContext } from '../src/drivers/driver';
import type { NamedMigration } from '../src/migrations/runner';
import { migrate } from '../src/migrations/runner';
import type { MigrationOperation } from '../src/migrations/schema';
import { sqlTarget } from '../src/migrations/sql-target';
import { ControllableClock } from '../src/orm';
import { root, runCucumber, scenarioCounts, type CucumberRun } from './cucumber-fixture';
import { LOCAL_SERVER } from './foreign-database';

/*
 * The run's schema source (issue 14) through the real Cucumber CLI on real engines: a migrations
 * folder with planted drift stops the run before any scenario on every backend, naming each
 * difference on a line of its own; the specification's own migrations build a schema its
 * scenarios pass on; a PostgreSQL database or an SQLite file another tool built is copied, never
 * written, and checked the same way; PostgreSQL migrates once per run into a template database.
 */

const FEATURE = 'features/creating.feature';
const SPEC_MIGRATIONS = path.join(root, 'features', 'migrations');
const ADMIN_URL = `${LOCAL_SERVER}/postgres`;
/** This file's temporary folder (fixture migrations, SQLite files), removed at the end. */
let scratch: string;

const DRIFT = {
  todoUnique: 'TodoItem.title: unique constraint (userId, title) missing in the database',
  userName: 'User.name: required in the model, nullable in the database',
  productIndex: 'Product.category: index (category) missing in the database',
};

function serverAnswers(): boolean {
  return spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0;
}

/** A name of this run's own, for PARITY_RUN_ID and fixture databases. */
function unique(prefix: string): string {
  return `${prefix}${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** The spec's migrations, changed by `change` (a copy: the spec's are left alone). */
function specMigrations(change: (migrations: { name: string; operations: MigrationOperation[] }[]) => void = () => {}): NamedMigration[] {
  const copy = JSON.parse(
    JSON.stringify([
      { name: '0001_initial', operations: initial.operations },
      { name: '0002_barcodes_and_unique_titles', operations: barcodes.operations },
    ]),
  ) as { name: string; operations: MigrationOperation[] }[];
  change(copy);
  return copy.map(({ name, operations }) => ({ name, migration: { operations } }));
}

/** The planted drifts a change can make: TodoItem's unique titles, User.name's requiredness, Product's category index. */
function withoutTodoUnique(migrations: { operations: MigrationOperation[] }[]): void {
  migrations[1]!.operations = migrations[1]!.operations.filter((op) => !(op.op === 'addUnique' && op.model === 'TodoItem'));
}
function withNullableUserName(migrations: { operations: MigrationOperation[] }[]): void {
  const user = migrations[0]!.operations.find((op) => op.op === 'createModel' && op.model.name === 'User');
  if (user?.op !== 'createModel') throw new Error('0001_initial creates no User');
  (user.model.fields as Record<string, { nullable: boolean }>).name!.nullable = true;
}
function withoutProductIndex(migrations: { operations: MigrationOperation[] }[]): void {
  migrations[1]!.operations = migrations[1]!.operations.filter((op) => !(op.op === 'addIndex' && op.model === 'Product'));
}

/** Writes migrations as `.js` files into a new folder of the scratch folder, and returns it. */
function writeMigrations(migrations: readonly NamedMigration[]): string {
  const folder = mkdtempSync(path.join(scratch, 'migrations-'));
  for (const { name, migration } of migrations) {
    writeFileSync(path.join(folder, `${name}.js`), `exports.migration = ${JSON.stringify(migration, null, 2)};\n`);
  }
  return folder;
}

function output(run: CucumberRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

/** The run stopped before its first scenario, naming each of `lines` as a line of its own. */
function expectStoppedBeforeScenarios(run: CucumberRun, lines: readonly string[]): void {
  const text = output(run);
  expect(run.status, text).to.not.equal(0);
  expect(
    run.envelopes.filter((e) => e.testCaseStarted !== undefined),
    'no test case started',
  ).to.deep.equal([]);
  const said = text.split('\n').map((line) => line.trim());
  for (const line of lines) expect(said, text).to.include(`- ${line}`);
  expect(text).to.include('No scenario ran');
}

function expectPassed(run: CucumberRun): void {
  const text = output(run);
  expect(run.status, text).to.equal(0);
  const counts = scenarioCounts(text);
  expect(counts?.scenarios, text).to.be.greaterThan(0);
  expect(counts?.passed, text).to.equal(counts?.scenarios);
}

/** Runs the feature on a backend's profile, with the schema environment given (the rest of it cleared). */
function run(backend: string, env: Record<string, string | undefined>, extra: readonly string[] = []): CucumberRun {
  return runCucumber(['--profile', backend, ...extra, FEATURE], {
    config: 'project',
    env: {
      PARITY_BACKEND: undefined,
      PARITY_SCHEMA: undefined,
      PARITY_MIGRATIONS: undefined,
      PARITY_SCHEMA_TEMPLATE: undefined,
      PARITY_POSTGRES_TEMPLATE: undefined,
      PARITY_SQLITE_FILE: undefined,
      PARITY_POSTGRES_URL: ADMIN_URL,
      ...env,
    },
  });
}

async function withAdmin<T>(work: (admin: Sequelize) => Promise<T>): Promise<T> {
  // One connection: an advisory lock taken through it is held by the session that releases it.
  const admin = new Sequelize(ADMIN_URL, { dialect: 'postgres', logging: false, pool: { max: 1 } });
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

async function databasesLike(admin: Sequelize, pattern: string): Promise<string[]> {
  const [rows] = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE '${pattern}' ORDER BY datname`);
  return (rows as { datname: string }[]).map((row) => row.datname);
}

/** The name of the template database PostgreSQL runs make from a folder of migrations (the default store's). */
async function migrationsTemplate(folder: string): Promise<string> {
  const loaded = (await loadMigrations(folder)).map(({ file, migration }) => ({ name: file.name, migration }));
  const hash = createHash('sha256')
    .update(JSON.stringify(migrationsFor('default', loaded)))
    .digest('hex')
    .slice(0, 16);
  return `parity_test_tmpl_${hash}`;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('the schema source of a Cucumber run, on real engines', function () {
  this.timeout(300_000);
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-migrations-run-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  describe('planted drift in the migrations stops the run before any scenario, naming each difference', () => {
    let folder: string;
    before(() => {
      folder = writeMigrations(specMigrations((m) => [withoutTodoUnique, withNullableUserName, withoutProductIndex].forEach((f) => f(m))));
    });

    for (const backend of ['inmemory', 'sqlite', 'postgres']) {
      it(`on ${backend}`, async function () {
        if (backend === 'postgres' && !serverAnswers()) this.skip();
        const runId = unique('drift');
        const done = run(backend, { PARITY_SCHEMA: 'migrations', PARITY_MIGRATIONS: folder, PARITY_RUN_ID: runId });
        expectStoppedBeforeScenarios(done, [DRIFT.todoUnique, DRIFT.userName, DRIFT.productIndex]);
        if (backend !== 'postgres') return;
        // The stopped run dropped what it made: its database and the template its migrations were applied to.
        const template = await migrationsTemplate(folder);
        await withAdmin(async (admin) => expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([]));
        await withAdmin(async (admin) => expect(await databasesLike(admin, template)).to.deep.equal([]));
      });
    }

    it('on dynamodb: the index as DescribeTable shows it, the rest in what the migrations build', function () {
      const done = run('dynamodb', { PARITY_SCHEMA: 'migrations', PARITY_MIGRATIONS: folder, PARITY_RUN_ID: unique('drift') });
      expectStoppedBeforeScenarios(done, [
        DRIFT.productIndex,
        'TodoItem.title: unique constraint (userId, title) missing in the migrations',
        'User.name: required in the model, nullable in the migrations',
      ]);
    });
  });

  describe("the specification's migrations build a schema its scenarios pass on (2 workers)", () => {
    it('on sqlite', () => {
      expectPassed(run('sqlite', { PARITY_SCHEMA: 'migrations' }, ['--parallel', '2']));
    });

    it('on postgres, leaving no database behind, its template included', async function () {
      if (!serverAnswers()) this.skip();
      const runId = unique('specmigrations');
      const template = await migrationsTemplate(SPEC_MIGRATIONS);
      // Another run on this server with the same migrations may hold the same template: then it is theirs.
      const theirs = await withAdmin(async (admin) => (await databasesLike(admin, template)).length > 0);
      expectPassed(run('postgres', { PARITY_SCHEMA: 'migrations', PARITY_RUN_ID: runId }, ['--parallel', '2']));
      await withAdmin(async (admin) => {
        expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([]);
        if (!theirs) expect(await databasesLike(admin, template)).to.deep.equal([]);
      });
    });
  });

  describe('a PostgreSQL template database another tool built (PARITY_SCHEMA_TEMPLATE)', () => {
    let fixture: string;
    let fixtureUrl: string;
    before(async function () {
      if (!serverAnswers()) this.skip();
      fixture = unique('parity_test_fixture_tmpl_');
      fixtureUrl = `${LOCAL_SERVER}/${fixture}`;
      await withAdmin((admin) => admin.query(`CREATE DATABASE "${fixture}"`));
      // Built as another tool would: the tables migrated, its own history table beside them.
      await inDatabase(fixtureUrl, async (theirs) => {
        await migrate({ target: sqlTarget(theirs), folder: SPEC_MIGRATIONS });
        await theirs.query(
          'CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY, version varchar(50), ' +
            'description varchar(200) NOT NULL, script varchar(1000) NOT NULL, success boolean NOT NULL)',
        );
        await theirs.query("INSERT INTO flyway_schema_history VALUES (1, '1', 'initial', 'V1__initial.sql', true)");
      });
    });
    after(async () => {
      if (fixture !== undefined) await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${fixture}" WITH (FORCE)`));
    });

    it('is copied for the run and left exactly as it was', async () => {
      const before = await pgSnapshot(fixtureUrl);
      expect(before.tables).to.include.members(['Product', 'TodoItem', 'User', 'SequelizeMeta', 'flyway_schema_history']);
      const runId = unique('pgtemplate');
      expectPassed(run('postgres', { PARITY_SCHEMA_TEMPLATE: fixture, PARITY_RUN_ID: runId }));
      const after = await pgSnapshot(fixtureUrl);
      expect(after).to.deep.equal(before);
      expect(after.flyway).to.deep.equal([{ installed_rank: 1, script: 'V1__initial.sql' }]);
      expect(after.sequelizeMeta).to.deep.equal(['0001_initial', '0002_barcodes_and_unique_titles']);
      expect(
        Object.entries(after.rows).filter(([table, count]) => count > 0 && !['SequelizeMeta', 'flyway_schema_history'].includes(table)),
      ).to.deep.equal([]);
      await withAdmin(async (admin) => {
        expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([]);
        expect(await databasesLike(admin, fixture)).to.deep.equal([fixture]);
      });
    });

    it('stops the run before any scenario when it lacks what the models need, naming the difference and the template', async () => {
      await inDatabase(fixtureUrl, async (theirs) => {
        const [indexes] = await theirs.query(
          "SELECT indexname FROM pg_indexes WHERE tablename = 'Product' AND indexdef LIKE '%(category)%'",
        );
        const names = (indexes as { indexname: string }[]).map((row) => row.indexname);
        expect(names).to.have.length(1);
        await theirs.query(`DROP INDEX "${names[0]!}"`);
      });
      const runId = unique('pgtemplatedrift');
      const done = run('postgres', { PARITY_SCHEMA_TEMPLATE: fixture, PARITY_RUN_ID: runId });
      expectStoppedBeforeScenarios(done, [DRIFT.productIndex]);
      expect(output(done)).to.include(fixture);
      await withAdmin(async (admin) => expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([]));
    });
  });

  describe('an SQLite template file another tool built (PARITY_SCHEMA_TEMPLATE)', () => {
    it('is copied for each worker and left unchanged', async () => {
      const file = await sqliteTemplate('spec.sqlite', specMigrations());
      const hash = sha256(file);
      expectPassed(run('sqlite', { PARITY_SCHEMA_TEMPLATE: file }, ['--parallel', '2']));
      expect(sha256(file)).to.equal(hash);
    });

    it('stops the run before any scenario when it lacks what the models need, naming the difference and the file', async () => {
      const file = await sqliteTemplate('no-unique-titles.sqlite', specMigrations(withoutTodoUnique));
      const done = run('sqlite', { PARITY_SCHEMA_TEMPLATE: file });
      expectStoppedBeforeScenarios(done, [DRIFT.todoUnique]);
      expect(output(done)).to.include(file);
    });

    it('is a clear error naming the file when it does not exist', () => {
      const file = path.join(scratch, 'never-built.sqlite');
      const done = run('sqlite', { PARITY_SCHEMA_TEMPLATE: file });
      expect(done.status).to.not.equal(0);
      expect(output(done)).to.include(`PARITY_SCHEMA_TEMPLATE names the SQLite file ${file}, which does not exist`);
      expect(done.envelopes.filter((e) => e.testCaseStarted !== undefined)).to.deep.equal([]);
    });
  });

  describe('PostgreSQL migrates once per run, into a template database each worker copies', () => {
    before(function () {
      if (!serverAnswers()) this.skip();
    });

    it('passes with the template (the default) and without it (PARITY_POSTGRES_TEMPLATE=off), with 2 workers', async () => {
      for (const setting of ['on', 'off']) {
        const runId = unique(`template${setting}`);
        expectPassed(
          run('postgres', { PARITY_SCHEMA: 'migrations', PARITY_POSTGRES_TEMPLATE: setting, PARITY_RUN_ID: runId }, ['--parallel', '2']),
        );
        await withAdmin(async (admin) => expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([]));
      }
    });

    it('two drivers started at once make one template, each copying the migrated schema; none is left when they stop', async () => {
      const { migrations, template } = ownMigrations();
      const runId = unique('twodrivers');
      await withRunId(runId, async () => {
        const drivers = [new PostgresDriver(), new PostgresDriver()];
        try {
          // At once: the second waits for the template under its lock, then copies it.
          await Promise.all(drivers.map((driver, i) => driver.start(driverContext(i, migrations))));
          await withAdmin(async (admin) => {
            expect(await databasesLike(admin, 'parity_test_tmpl_%')).to.include(template);
            expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([
              `parity_test_${runId}_w0`,
              `parity_test_${runId}_w1`,
            ]);
          });
          for (const worker of ['w0', 'w1']) {
            await inDatabase(`${LOCAL_SERVER}/parity_test_${runId}_${worker}`, async (db) => {
              const [applied] = await db.query('SELECT name FROM "SequelizeMeta" ORDER BY name');
              expect(applied).to.deep.equal(migrations.map(({ name }) => ({ name })));
            });
          }
        } finally {
          await Promise.all(drivers.map((driver) => driver.stop()));
        }
      });
      await withAdmin(async (admin) => {
        expect(await databasesLike(admin, template)).to.deep.equal([]);
        expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([]);
      });
    });

    it('takes over what a killed run left: a complete template is used and dropped, a half-built one is dropped and made again', async () => {
      const { migrations, template } = ownMigrations();
      const runId = unique('leftover');
      await withRunId(runId, async () => {
        await withAdmin(async (admin) => {
          // A run killed after making its template, and one killed while building it (nothing in it).
          const first = new PostgresDriver();
          await first.start(driverContext(0, migrations));
          await admin.query(`CREATE DATABASE "${template}_keep" TEMPLATE "${template}"`);
          await first.stop();
          await admin.query(`CREATE DATABASE "${template}" TEMPLATE "${template}_keep"`);
          await admin.query(`CREATE DATABASE "${template}_building" TEMPLATE template0`);
          await admin.query(`DROP DATABASE "${template}_keep"`);
          const next = new PostgresDriver();
          try {
            await next.start(driverContext(1, migrations));
            expect(await databasesLike(admin, `${template}%`)).to.deep.equal([template, `${template}_building`]);
          } finally {
            await next.stop();
          }
          expect(await databasesLike(admin, `${template}%`), 'both taken over and dropped').to.deep.equal([]);
          // With only a half-built one left, the next run drops it and builds the template afresh.
          await admin.query(`CREATE DATABASE "${template}_building" TEMPLATE template0`);
          const last = new PostgresDriver();
          try {
            await last.start(driverContext(2, migrations));
            expect(await databasesLike(admin, `${template}%`)).to.deep.equal([template]);
          } finally {
            await last.stop();
          }
          expect(await databasesLike(admin, `${template}%`)).to.deep.equal([]);
          expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([]);
        });
      });
    });

    it('drops its template only under the template lock, so that a store that found it can still copy it', async () => {
      const { migrations, template } = ownMigrations();
      const runId = unique('templatelock');
      await withRunId(runId, async () => {
        const driver = new PostgresDriver();
        await withAdmin(async (admin) => {
          let stopped: Promise<void> | undefined;
          try {
            await driver.start(driverContext(0, migrations));
            // Another store between finding the template and copying it holds the lock.
            await admin.query(`SELECT pg_advisory_lock(${templateLock(template)})`);
            stopped = driver.stop();
            // The driver drops its worker's database first, then its template.
            for (let i = 0; i < 100 && (await databasesLike(admin, `parity_test_${runId}%`)).length > 0; i += 1) {
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
            await new Promise((resolve) => setTimeout(resolve, 1000));
            expect(await databasesLike(admin, template), 'the template, while the lock is held').to.deep.equal([template]);
          } finally {
            await admin.query(`SELECT pg_advisory_unlock(${templateLock(template)})`);
            await (stopped ?? driver.stop());
          }
          expect(await databasesLike(admin, template)).to.deep.equal([]);
          expect(await databasesLike(admin, `parity_test_${runId}%`)).to.deep.equal([]);
        });
      });
    });
  });
});

/** The spec's migrations named for this test alone, so that their template is told apart from other runs' on the server. */
function ownMigrations(): { migrations: NamedMigration[]; template: string } {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const migrations = specMigrations().map(({ name, migration }) => ({ name: `${name}_${suffix}`, migration }));
  const hash = createHash('sha256')
    .update(JSON.stringify(migrationsFor('default', migrations)))
    .digest('hex')
    .slice(0, 16);
  return { migrations, template: `parity_test_tmpl_${hash}` };
}

/** The advisory lock the PostgreSQL driver makes, copies and drops a template under. */
function templateLock(template: string): number {
  return Number.parseInt(createHash('sha256').update(template).digest('hex').slice(0, 8), 16) | 0;
}

/** What a PostgreSQL driver of worker `i` is given, on the machine's server, with the migrations as its schema. */
function driverContext(i: number, migrations: readonly NamedMigration[]): DriverContext {
  return {
    models: specModels,
    clock: new ControllableClock(),
    workerId: String(i),
    engine: { env: { PARITY_POSTGRES_URL: ADMIN_URL }, description: "the machine's PostgreSQL", stop: async () => {} },
    schema: { kind: 'migrations', folder: 'fixture', migrations },
  };
}

/** Runs `work` with PARITY_RUN_ID set (the drivers read it) and PARITY_POSTGRES_TEMPLATE at its default, then restores both. */
async function withRunId(runId: string, work: () => Promise<void>): Promise<void> {
  const saved = { runId: process.env.PARITY_RUN_ID, template: process.env.PARITY_POSTGRES_TEMPLATE };
  process.env.PARITY_RUN_ID = runId;
  delete process.env.PARITY_POSTGRES_TEMPLATE;
  try {
    await work();
  } finally {
    restore('PARITY_RUN_ID', saved.runId);
    restore('PARITY_POSTGRES_TEMPLATE', saved.template);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Opens a database of the machine's server for `work`, and closes it (a template is copied only when no one is connected). */
async function inDatabase<T>(url: string, work: (sequelize: Sequelize) => Promise<T>): Promise<T> {
  const sequelize = new Sequelize(url, { dialect: 'postgres', logging: false });
  try {
    return await work(sequelize);
  } finally {
    await sequelize.close();
  }
}

/** What a database holds, to compare before and after a run: tables, indexes, the two history tables' rows, each table's row count. */
async function pgSnapshot(url: string): Promise<{
  tables: string[];
  indexes: string[];
  sequelizeMeta: string[];
  flyway: unknown[];
  rows: Record<string, number>;
}> {
  return inDatabase(url, async (db) => {
    const [tables] = await db.query("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    const names = (tables as { name: string }[]).map((row) => row.name);
    const [indexes] = await db.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexdef");
    const [meta] = await db.query('SELECT name FROM "SequelizeMeta" ORDER BY name');
    const [flyway] = await db.query('SELECT installed_rank, script FROM flyway_schema_history ORDER BY installed_rank');
    const rows: Record<string, number> = {};
    for (const table of names) {
      const [[count]] = (await db.query(`SELECT count(*)::int AS n FROM "${table}"`)) as [{ n: number }[], unknown];
      rows[table] = count!.n;
    }
    return {
      tables: names,
      indexes: (indexes as { indexdef: string }[]).map((row) => row.indexdef),
      sequelizeMeta: (meta as { name: string }[]).map((row) => row.name),
      flyway,
      rows,
    };
  });
}

/** An SQLite file built by migrate() on a file-backed Sequelize, as another tool would leave it. */
async function sqliteTemplate(name: string, migrations: readonly NamedMigration[]): Promise<string> {
  const file = path.join(scratch, name);
  const sequelize = new Sequelize({ dialect: 'sqlite', storage: file, logging: false });
  try {
    await migrate({ target: sqlTarget(sequelize), migrations });
  } finally {
    await sequelize.close();
  }
  return file;
}

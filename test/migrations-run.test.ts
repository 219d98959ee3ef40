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
  const admin = new Sequelize(ADMIN_URL, { dialect: 'postgres', logging: false });
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
  const hash = createHash('sha256').update(JSON.stringify(migrationsFor('default', loaded))).digest('hex').slice(0, 16);
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
      it(`on ${backend}`, function () {
        if (backend === 'postgres' && !serverAnswers()) this.skip();
        const done = run(backend, { PARITY_SCHEMA: 'migrations', PARITY_MIGRATIONS: folder, PARITY_RUN_ID: unique('drift') });
        expectStoppedBeforeScenarios(done, [DRIFT.todoUnique, DRIFT.userName, DRIFT.productIndex]);
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
});

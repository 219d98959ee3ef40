import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbEngine } from '../src/drivers/dynamodb/engine';
import type { StartedEngine } from '../src/drivers/driver';
import { root, runCucumber, scenarioCounts } from './cucumber-fixture';
import { expectForeignDatabaseUntouched } from './foreign-database';

/*
 * The multi-database layer of the Cucumber run on real engines: a planted driver that writes to
 * the wrong tenant's store is caught; the run-wide tenant; and a run with three tenants leaves no
 * store behind on any engine and touches none it did not create.
 */

const cucumber = path.join(root, 'node_modules', '.bin', 'cucumber-js');
const THREE_TENANTS = 'test/fixtures/features/databases/three-tenants.feature';

function run(args: readonly string[], env: Record<string, string | undefined> = {}): { status: number | null; output: string } {
  const done = spawnSync(process.execPath, [cucumber, '--config', 'test/fixtures/cucumber.fixtures.js', '--format', 'summary', ...args], {
    cwd: root,
    env: { ...process.env, PARITY_FIXTURE_MESSAGES: path.join(tmpdir(), `parity-databases-${process.pid}.ndjson`), ...env },
    encoding: 'utf8',
  });
  rmSync(path.join(tmpdir(), `parity-databases-${process.pid}.ndjson`), { force: true });
  return { status: done.status, output: `${done.stdout}\n${done.stderr}` };
}

describe('several databases in the Cucumber run', function () {
  this.timeout(180_000);

  it("catches a driver that writes to the wrong tenant's store, failing that scenario with the store and the record", function () {
    const leaky = runCucumber(['--profile', 'leaky', '--order', 'defined', 'test/fixtures/features/databases/leak.feature']);
    const failures = leaky.envelopes.flatMap((e) =>
      e.testStepFinished?.testStepResult.status === 'FAILED'
        ? [{ ...e.testStepFinished, scenario: leaky.started(e.testStepFinished.testCaseStartedId)?.pickle.name }]
        : [],
    );
    expect(failures.map((f) => f.scenario)).to.deep.equal(['acme writes, and the write lands where globex reads']);
    expect(failures[0]?.testStepResult.message).to.include('A write crossed over into a store this scenario did not use');
    expect(failures[0]?.testStepResult.message).to.include('clinic@globex: Patient { id: "a1"');
    // The same features on the real in-memory driver: nothing crosses over.
    const sound = run(['--order', 'defined', 'test/fixtures/features/databases/leak.feature']);
    expect(scenarioCounts(sound.output), sound.output).to.deep.equal({ scenarios: 3, passed: 3 });
  });

  it('works for the run-wide tenant of PARITY_TENANT or worldParameters, and refuses a template database without one', function () {
    const feature = 'test/fixtures/features/databases/run-tenant.feature';
    const fromEnv = run([feature], { PARITY_TENANT: 'runwide' });
    expect(scenarioCounts(fromEnv.output), fromEnv.output).to.deep.equal({ scenarios: 2, failed: 1, passed: 1 });
    // The scenario naming an undeclared alias fails on its own, not the run.
    expect(fromEnv.output).to.include(
      'The scenario declares the database nowhere, which is not declared. Declared aliases: default, central, archive, clinic, clinic_replica.',
    );
    const fromProfile = run([
      feature,
      '--world-parameters',
      JSON.stringify({ tenant: 'fromprofile' }),
      '--name',
      'the tenant the run sets',
    ]);
    expect(scenarioCounts(fromProfile.output), fromProfile.output).to.deep.equal({ scenarios: 1, passed: 1 });
    const none = run([feature, '--name', 'the tenant the run sets']);
    expect(none.status).to.equal(1);
    expect(none.output).to.include('TenantError').and.include('No tenant is set, and clinic is a template database');
    const bad = run([feature, '--name', 'the tenant the run sets'], { PARITY_TENANT: 'Not A Tenant' });
    expect(bad.output).to.include('PARITY_TENANT: "Not A Tenant" is not a valid tenant name');
  });

  it('keeps the stores a scenario did not touch empty with truncate isolation too (SQLite files), so the leak check holds', function () {
    // Emptying at the start of a store's next scenario would leave a scenario's rows in the stores
    // the following scenarios do not touch, which the leak check reads.
    const project = runCucumber(['--profile', 'sqlite', 'features/databases.feature', 'features/tenants.feature'], {
      config: 'project',
      env: { PARITY_SQL_ISOLATION: 'truncate', PARITY_SQLITE_FILE: path.join(tmpdir(), `parity-truncate-${process.pid}.sqlite`) },
    });
    expect(project.status, project.stdout + project.stderr).to.equal(0);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`parity-truncate-${process.pid}`))).to.deep.equal([]);
  });

  describe('a run with three tenants leaves no store behind and touches none it did not create', function () {
    it('on PostgreSQL', async function () {
      if (spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status !== 0) this.skip();
      const runId = `tenants${process.pid}`;
      await expectForeignDatabaseUntouched('Patient', runId, (url) => {
        const done = run(['--parallel', '2', THREE_TENANTS], {
          PARITY_BACKEND: 'postgres',
          PARITY_RUN_ID: runId,
          PARITY_POSTGRES_URL: url,
        });
        expect(scenarioCounts(done.output), done.output).to.deep.equal({ scenarios: 3, passed: 3 });
      });
    });

    it('on SQLite files', function () {
      const folder = mkdtempSync(path.join(tmpdir(), 'parity-tenants-sqlite-'));
      try {
        const done = run(['--parallel', '2', THREE_TENANTS], {
          PARITY_BACKEND: 'sqlite',
          PARITY_SQLITE_FILE: path.join(folder, 'spec.db'),
        });
        expect(scenarioCounts(done.output), done.output).to.deep.equal({ scenarios: 3, passed: 3 });
        expect(readdirSync(folder)).to.deep.equal([]);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it('on DynamoDB', async function () {
      const engine: StartedEngine = await startDynamoDbEngine();
      const client = new DynamoDBClient({
        endpoint: engine.env.PARITY_DYNAMODB_ENDPOINT,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      const foreign = `Patient_someone_else_${process.pid}`;
      try {
        await client.send(
          new CreateTableCommand({
            TableName: foreign,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          }),
        );
        await client.send(new PutItemCommand({ TableName: foreign, Item: { id: { S: 'p1' }, name: { S: 'not yours' } } }));
        const done = run(['--parallel', '2', THREE_TENANTS], {
          PARITY_BACKEND: 'dynamodb',
          PARITY_DYNAMODB_ENDPOINT: engine.env.PARITY_DYNAMODB_ENDPOINT,
        });
        expect(scenarioCounts(done.output), done.output).to.deep.equal({ scenarios: 3, passed: 3 });
        const { TableNames = [] } = await client.send(new ListTablesCommand({}));
        expect(TableNames).to.deep.equal([foreign]);
        const { Items = [] } = await client.send(new ScanCommand({ TableName: foreign }));
        expect(Items).to.deep.equal([{ id: { S: 'p1' }, name: { S: 'not yours' } }]);
      } finally {
        await client.send(new DeleteTableCommand({ TableName: foreign })).catch(() => undefined);
        client.destroy();
        await engine.stop();
      }
    });
  });
});

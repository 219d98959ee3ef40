import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TimeLimitError, engineTimeouts, timeLimit } from '../src/drivers/timeouts';

const root = path.resolve(__dirname, '..');
const cucumber = path.join(root, 'node_modules', '.bin', 'cucumber-js');

/** Runs the fixture features through the real Cucumber CLI, without blocking this process (which serves the stalled engine). */
async function runFixture(env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-stalled-'));
  try {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(childEnv)) if (name.startsWith('PARITY_')) delete childEnv[name];
    Object.assign(childEnv, env, { PARITY_FIXTURE_MESSAGES: path.join(dir, 'messages.ndjson') });
    const child = spawn(
      process.execPath,
      [cucumber, '--config', 'test/fixtures/cucumber.fixtures.js', 'test/fixtures/features/writes.feature'],
      {
        cwd: root,
        env: childEnv,
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    return { status, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('an engine that accepts connections but never answers (a local TCP server that stays silent)', function () {
  // Far below the 300 s the run hung for before the timeouts; no wall-clock time is asserted.
  this.timeout(120_000);
  let server: Server;
  const sockets = new Set<Socket>();
  let port: number;

  before(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const cases = [
    {
      backend: 'postgres',
      env: () => ({ PARITY_POSTGRES_URL: `postgres://postgres:secret@127.0.0.1:${port}/postgres` }),
      names: () => `PostgreSQL at postgres://postgres:***@127.0.0.1:${port}/postgres within 1 s`,
    },
    {
      backend: 'dynamodb',
      env: () => ({ PARITY_DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}` }),
      names: () =>
        `DynamoDB at http://127.0.0.1:${port} (PARITY_DYNAMODB_ENDPOINT): it did not answer at http://127.0.0.1:${port} within 1 s`,
    },
  ];
  for (const { backend, env, names } of cases) {
    it(`${backend}: the run ends with one error naming the backend, the address and what to do`, async () => {
      const run = await runFixture({ PARITY_BACKEND: backend, PARITY_CONNECT_TIMEOUT: '1', ...env() });
      expect(run.status, run.output).to.equal(1);
      expect(run.output).to.include(`The ${backend} backend could not be started`);
      expect(run.output).to.include(names());
      expect(run.output).to.include('PARITY_CONNECT_TIMEOUT gives a slow one more seconds');
      // Once for the run (the error, its cause), not once per scenario.
      expect(run.output.split(`The ${backend} backend could not be started`)).to.have.length(2);
      expect(run.output).to.not.include('Scenario:');
    });
  }
});

describe('engineTimeouts', () => {
  it('defaults to 5 s to connect and 15 s per request', () => {
    expect(engineTimeouts({})).to.deep.equal({ connectMs: 5_000, requestMs: 15_000 });
  });

  it('reads PARITY_CONNECT_TIMEOUT and PARITY_REQUEST_TIMEOUT in seconds', () => {
    expect(engineTimeouts({ PARITY_CONNECT_TIMEOUT: '0.5', PARITY_REQUEST_TIMEOUT: '120' })).to.deep.equal({
      connectMs: 500,
      requestMs: 120_000,
    });
  });

  it('refuses a value that is not a positive number, naming the variable', () => {
    expect(() => engineTimeouts({ PARITY_REQUEST_TIMEOUT: '10s' })).to.throw(
      'PARITY_REQUEST_TIMEOUT is a number of seconds greater than 0 (such as 15), not "10s".',
    );
  });
});

describe('timeLimit', () => {
  it("gives the promise's value, or its error, when it settles in time", async () => {
    expect(await timeLimit(Promise.resolve(42), 1_000, 'too slow')).to.equal(42);
    const error = await timeLimit(Promise.reject(new Error('refused')), 1_000, 'too slow').catch((e: unknown) => e);
    expect(error).to.be.an('error').with.property('message', 'refused');
  });

  it('fails with a TimeLimitError carrying the message when the promise does not settle in time', async () => {
    const error = await timeLimit(new Promise(() => undefined), 10, 'it did not finish within 0.01 s').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TimeLimitError).with.property('message', 'it did not finish within 0.01 s');
  });
});

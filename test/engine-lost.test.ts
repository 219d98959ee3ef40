import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { descendants } from './processes';

const root = path.resolve(__dirname, '..');
const cucumber = path.join(root, 'node_modules', '.bin', 'cucumber-js');

interface Envelope {
  testCaseStarted?: unknown;
  testStepFinished?: { testStepResult: { status: string; message?: string } };
}

function envelopes(file: string): Envelope[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Envelope];
      } catch {
        return []; // the line being written
      }
    });
}

const engines = [
  {
    backend: 'dynamodb',
    name: 'DynamoDB Local from the jar',
    // Java, and the folder it was given as java.io.tmpdir (its libsqlite4java copy).
    find: (args: string[]) => args[0]?.endsWith('java') === true && args.some((a) => a.includes('DynamoDBLocal.jar')),
    folder: (args: string[]) => args.find((a) => a.startsWith('-Djava.io.tmpdir='))?.slice('-Djava.io.tmpdir='.length),
    // A killed JVM cannot remove its performance-data file.
    leftovers: (_args: string[], pid: number) => [path.join(tmpdir(), `hsperfdata_${userInfo().username}`, String(pid))],
    named: /DynamoDB Local \(embedded, [^)]+\) on 127\.0\.0\.1:\d+/,
  },
  {
    backend: 'postgres',
    name: 'embedded PostgreSQL',
    // The postmaster, and its data directory.
    find: (args: string[]) => args[0]?.endsWith('/bin/postgres') === true && args.includes('-D'),
    folder: (args: string[]) => args[args.indexOf('-D') + 1],
    // A killed server cannot remove its Unix socket and its lock: they must not be in the temp dir.
    leftovers: (args: string[], _pid: number) =>
      ['', '.lock'].map((end) => path.join(tmpdir(), `.s.PGSQL.${args[args.indexOf('-p') + 1]}${end}`)),
    named: /embedded PostgreSQL on 127\.0\.0\.1:\d+/,
  },
];

const routes = [
  {
    route: 'a plain cucumber-js run (the driver starts the engine)',
    command: () => [cucumber, '--config', 'test/fixtures/cucumber.fixtures.js', '--profile', 'outcomes', 'features/'],
    reports: (dir: string) => ({ messages: path.join(dir, 'messages.ndjson'), junit: path.join(dir, 'junit.xml') }),
  },
  {
    route: 'the parity run (it starts the engine and runs cucumber-js)',
    command: (dir: string) => ['-r', 'ts-node/register/transpile-only', 'src/parity/cli.ts', '--reports', dir, '--backends', 'BACKEND'],
    reports: (dir: string, backend = 'BACKEND') => ({
      messages: path.join(dir, backend, 'messages.ndjson'),
      junit: path.join(dir, backend, 'junit.xml'),
    }),
  },
];

describe('an engine killed mid-run ends the run with one environment error naming it (real engines, SIGKILL)', function () {
  // Far below a 120 s AfterAll or 205 connection failures with retries; no wall-clock time is asserted.
  this.timeout(180_000);
  for (const engine of engines) {
    for (const route of routes) {
      it(`${engine.name}, in ${route.route}`, async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'parity-engine-lost-'));
        try {
          const { messages, junit } = route.reports(dir, engine.backend);
          const env: NodeJS.ProcessEnv = { ...process.env };
          for (const name of Object.keys(env)) if (name.startsWith('PARITY_')) delete env[name];
          Object.assign(env, { PARITY_BACKEND: engine.backend, PARITY_FIXTURE_MESSAGES: messages, PARITY_FIXTURE_JUNIT: junit });
          if (route.route.startsWith('the parity')) delete env.PARITY_BACKEND;
          const args = route.command(dir).map((a) => (a === 'BACKEND' ? engine.backend : a));
          const run = spawn(process.execPath, args, { cwd: root, env });
          let output = '';
          run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
          const exited = new Promise<number | null>((resolve) => run.on('close', (code) => resolve(code)));

          // Kill the engine once the run is well into its scenarios.
          let victim: { pid: number; args: string[] } | undefined;
          for (let i = 0; i < 900 && victim === undefined; i += 1) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            if (envelopes(messages).filter((e) => e.testCaseStarted).length > 20)
              victim = descendants(run.pid!).find((p) => engine.find(p.args));
          }
          expect(victim, `the run got to its scenarios on ${engine.name}:\n${output}`).to.not.equal(undefined);
          const folder = engine.folder(victim!.args);
          expect(folder, 'the engine has a folder of its own').to.be.a('string');
          expect(existsSync(folder!)).to.equal(true);
          process.kill(victim!.pid, 'SIGKILL');
          const code = await exited;

          expect(code, output).to.equal(1);
          const failures = envelopes(messages).flatMap((e) =>
            e.testStepFinished?.testStepResult.status === 'FAILED' ? [e.testStepFinished.testStepResult.message ?? ''] : [],
          );
          const environment = failures.filter((m) => m.includes('EnvironmentError'));
          expect(environment, failures.join('\n---\n')).to.have.length(1);
          if (route.route.startsWith('the parity')) {
            // The engine is the parity run's: cucumber-js finds it unreachable, the parity run finds it gone.
            expect(environment[0]).to.match(new RegExp(`The ${engine.backend} backend on ${engine.named.source} could not`));
            expect(output).to.match(new RegExp(`${engine.named.source} has gone mid-run`));
            // The scenarios after the failure count as not run (so not at parity), not as skipped by their tags.
            const row = new RegExp(`^${engine.backend} +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) `, 'm').exec(output);
            expect(row, output).to.not.equal(null);
            expect(Number(row![7]), `not run, in:\n${output}`).to.be.above(100);
            expect(Number(row![4]), 'skipped').to.be.below(5);
          } else {
            expect(environment[0]).to.match(new RegExp(`${engine.named.source} has gone mid-run`));
          }
          // At most the step that was running when the engine died fails besides it, not every scenario after it.
          expect(failures.length, failures.join('\n---\n')).to.be.at.most(2);
          const report = readFileSync(junit, 'utf8');
          expect(report).to.match(/^<\?xml[^]*<testsuite [^>]*tests="\d+"[^]*<\/testsuite>\s*$/);
          expect(existsSync(folder!), `${folder} is removed`).to.equal(false);
          expect(engine.leftovers(victim!.args, victim!.pid).filter((file) => existsSync(file))).to.deep.equal([]);
          expect(descendants(run.pid!)).to.deep.equal([]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  }
});

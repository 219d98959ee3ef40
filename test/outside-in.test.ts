/*
 * parity-orm from outside: the packed tarball installed, with the other dependencies from the npm
 * registry, in fresh copies of examples/ and in an empty folder (the README's quick start), and
 * used there as a team and a backend author would. Nothing links into this repository: the
 * tarball's path is the only local reference. Installs are slow (sqlite3 compiles from source),
 * so each consumer is installed once, all three side by side, in the first `before` hook. Every run writes what it measured
 * (tarball size, install times, node_modules sizes) to reports/outside-in/.
 * PARITY_CONSUMER_NODE=/path/to/node runs npm, npx and Cucumber in the consumers with that node.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const consumerNode = process.env.PARITY_CONSUMER_NODE;

interface Measurements {
  node: string;
  tarball?: { file: string; bytes: number; files: number };
  consumers: Record<string, { backends: string; installSeconds: number; nodeModulesKb: number }>;
  runs: Record<string, { seconds: number; status: number | null }>;
}

const measured: Measurements = { node: '', consumers: {}, runs: {} };

/** The consumers' environment: no PARITY_* variable (the newcomer's route), and the chosen node first in PATH. */
function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('PARITY_') && !name.startsWith('npm_') && name !== 'CI' && name !== 'INIT_CWD') env[name] = value;
  }
  if (consumerNode !== undefined) env.PATH = `${path.dirname(consumerNode)}${path.delimiter}${env.PATH ?? ''}`;
  return env;
}

/** Runs a command (npm, npx, du) in a consumer folder; the output is kept whole for the assertion messages. */
function run(cwd: string, command: string, args: readonly string[], label?: string): { status: number | null; output: string } {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env: consumerEnv(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const output = `$ ${command} ${args.join(' ')}\n${result.stdout ?? ''}\n${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`;
  if (label !== undefined) measured.runs[label] = { seconds: (Date.now() - started) / 1000, status: result.status };
  return { status: result.status, output };
}

/**
 * Installs the tarball and the folder's package.json dependencies; records the time and node_modules size.
 * The consumers install side by side (sqlite3 compiles from source in two of them), so each time is measured under that load.
 */
async function install(name: string, cwd: string, tarball: string, backends: string, extra: readonly string[] = []): Promise<void> {
  const started = Date.now();
  const args = ['install', '--no-audit', '--no-fund', tarball, ...extra];
  const child = spawn('npm', args, { cwd, env: consumerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = `$ npm ${args.join(' ')}\n`;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const installSeconds = (Date.now() - started) / 1000;
  expect(status).to.equal(0, output);
  const du = run(cwd, 'du', ['-sk', 'node_modules']);
  measured.consumers[name] = { backends, installSeconds, nodeModulesKb: Number(du.output.split('\n')[1]?.split('\t')[0]) };
}

/** A copy of examples/<name> in a fresh folder, without anything installed or generated. */
function copyExample(work: string, name: string): string {
  const target = path.join(work, name);
  const source = path.join(root, 'examples', name);
  cpSync(source, target, {
    recursive: true,
    filter: (file) => !['node_modules', 'reports', 'package-lock.json'].includes(path.basename(file)),
  });
  return target;
}

describe('parity-orm from outside (the packed tarball in fresh projects, dependencies from the npm registry)', function () {
  this.timeout(900_000);
  let work: string;
  let tarball: string;

  let project: string;
  let pkg: string;
  let quickStart: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'parity-outside-in-'));
    // Readable by others, as a project folder is: as root, embedded PostgreSQL runs initdb as a `postgres` user,
    // which must reach the binaries in the project's node_modules (mkdtemp makes the folder 0700).
    chmodSync(work, 0o755);
    measured.node = run(work, 'node', ['--version']).output.split('\n')[1]!.trim();
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
    expect(packed.status).to.equal(0, `${packed.stdout}\n${packed.stderr}`);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[/m))) as {
      filename: string;
      size: number;
      entryCount: number;
    }[];
    tarball = path.join(work, info!.filename);
    measured.tarball = { file: info!.filename, bytes: info!.size, files: info!.entryCount };
    project = copyExample(work, 'team-project');
    pkg = copyExample(work, 'backend-package');
    quickStart = path.join(work, 'quick-start');
    mkdirSync(quickStart);
    const init = run(quickStart, 'npm', ['init', '-y']);
    expect(init.status).to.equal(0, init.output);
    await Promise.all([
      install('team-project', project, tarball, 'inmemory, sqlite, postgres, dynamodb'),
      install('backend-package', pkg, tarball, 'docstore (its own)'),
      install('quick-start', quickStart, tarball, 'sqlite', ['@cucumber/cucumber', 'sequelize', 'sqlite3']),
    ]);
  });

  after(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
    // Compile caches the consumers' tools keep in the temp dir: tsx's (their TypeScript hook), one folder per
    // user, and, on Node 22 and later, Node's own (npm turns it on with module.enableCompileCache()).
    rmSync(path.join(tmpdir(), `tsx-${userInfo().uid}`), { recursive: true, force: true });
    rmSync(path.join(tmpdir(), 'node-compile-cache'), { recursive: true, force: true });
    const folder = path.join(root, 'reports', 'outside-in');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `measurements-node-${measured.node || 'unknown'}.json`);
    writeFileSync(file, `${JSON.stringify(measured, null, 2)}\n`);
    process.stdout.write(
      `\n      outside-in measurements (${path.relative(root, file)}):\n${JSON.stringify(measured, null, 2).replace(/^/gm, '      ')}\n`,
    );
  });

  describe('a team project (examples/team-project: its own models, factories, World, a custom step, three features)', () => {
    it('type-checks against the installed declarations', () => {
      const result = run(project, 'npx', ['tsc', '--noEmit', '-p', '.']);
      expect(result.status).to.equal(0, result.output);
    });

    for (const backend of ['inmemory', 'sqlite', 'postgres', 'dynamodb']) {
      it(`passes every feature with npx cucumber-js --profile ${backend}`, () => {
        const result = run(project, 'npx', ['cucumber-js', '--profile', backend], `team-project cucumber-js --profile ${backend}`);
        expect(result.status).to.equal(0, result.output);
        expect(result.output).to.match(/18 scenarios \(18 passed\)/);
      });
    }

    it('leaves no embedded PostgreSQL behind when a --parallel 2 run is interrupted (Ctrl-C: SIGINT to the process group)', async () => {
      // Cucumber 12 runs workers as processes, 13 as threads of one process: either way, what they started must go.
      // A support file of the test's holds every scenario until the test has interrupted the run.
      const held = path.join(work, 'held');
      const gate = path.join(project, 'interrupt-gate.js');
      writeFileSync(
        gate,
        "const { Before } = require('@cucumber/cucumber');\nconst fs = require('node:fs');\n" +
          `Before({ timeout: 120000 }, () => { fs.writeFileSync(${JSON.stringify(held)}, ''); return new Promise(() => {}); });\n`,
      );
      const bin = path.join(project, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
      const child = spawn(consumerNode ?? process.execPath, [bin, '--profile', 'postgres', '--parallel', '2', '--require', gate], {
        cwd: project,
        env: consumerEnv(),
        stdio: 'ignore',
        detached: true,
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
      const servers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('parity-postgres-'));
      const group = () => run(work, 'pgrep', ['-g', String(child.pid)]).status === 0;
      try {
        for (let i = 0; i < 1200 && !existsSync(held); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(existsSync(held), 'a scenario began on PostgreSQL').to.equal(true);
        expect(servers(), 'the workers started embedded PostgreSQL').to.not.deep.equal([]);
        process.kill(-child.pid!, 'SIGINT');
        expect(await exited).to.not.equal(0);
        // Cucumber 12's workers are processes of the group: each stops what it started, then exits, after the coordinator.
        for (let i = 0; i < 600 && group(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(group(), 'every process of the run has exited').to.equal(false);
      } finally {
        if (group()) process.kill(-child.pid!, 'SIGKILL'); // a failed check must not leave the run behind
        rmSync(gate, { force: true });
      }
      expect(servers(), 'no data folder is left').to.deep.equal([]);
      const postmasters = run(work, 'pgrep', ['-f', path.join(tmpdir(), 'parity-postgres-')]);
      expect(postmasters.status, `no server is left running: ${postmasters.output}`).to.equal(1);
    });

    it('passes npx parity spec on every backend and writes the matrix', () => {
      const result = run(project, 'npx', ['parity', 'spec'], 'team-project parity spec');
      expect(result.status).to.equal(0, result.output);
      expect(result.output).to.include('Every backend agrees.');
      expect(existsSync(path.join(project, 'reports', 'index.html'))).to.equal(true);
    });

    it("passes npx parity fuzz on the project's own models (SQLite against the in-memory reference)", () => {
      const args = ['parity', 'fuzz', '--models', 'src/models.ts', '--backends', 'sqlite', '--runs', '30', '--seed', '20261202'];
      const result = run(project, 'npx', args, 'team-project parity fuzz');
      expect(result.status).to.equal(0, result.output);
      expect(result.output).to.include('sqlite: 30 sequences agree with inmemory');
    });

    it('writes its first migration with npx parity migrations make, which npx parity migrations check then passes', () => {
      const options = ['--models', 'src/models.ts', '--dir', 'migrations'];
      const before = run(project, 'npx', ['parity', 'migrations', 'check', ...options], 'team-project parity migrations check (none yet)');
      expect(before.status).to.equal(1, before.output);
      expect(before.output).to.include('  - create the model Project (in default)');
      const made = run(project, 'npx', ['parity', 'migrations', 'make', 'initial', ...options], 'team-project parity migrations make');
      expect(made.status).to.equal(0, made.output);
      expect(made.output).to.include('Wrote migrations/0001_initial.ts');
      const after = run(project, 'npx', ['parity', 'migrations', 'check', ...options], 'team-project parity migrations check');
      expect(after.status).to.equal(0, after.output);
      try {
        // The written file type-checks against the package's own types.
        const typecheck = run(project, 'npx', ['tsc', '--noEmit', '-p', '.'], 'team-project typecheck with a migration');
        expect(typecheck.status).to.equal(0, typecheck.output);
        // On an engine: each alias's store built by the migration and read back, as a run does.
        const engines = run(
          project,
          'npx',
          ['parity', 'migrations', 'check', ...options, '--backends', 'sqlite'],
          'team-project check on sqlite',
        );
        expect(engines.status).to.equal(0, engines.output);
        expect(engines.output).to.include('sqlite (central): the store holds exactly what the models need.');
        // The features on the schema the migration builds, with two workers.
        const migrated = run(
          project,
          'env',
          ['PARITY_SCHEMA=migrations', 'npx', 'cucumber-js', '--profile', 'sqlite', '--parallel', '2', '--format', 'summary'],
          'team-project features on the migrated schema',
        );
        expect(migrated.status).to.equal(0, migrated.output);
        expect(migrated.output).to.match(/\d+ scenarios \(\d+ passed\)/);
      } finally {
        rmSync(path.join(project, 'migrations'), { recursive: true, force: true });
      }
    });

    it('has exactly one copy of @cucumber/cucumber', () => {
      const tree = run(project, 'npm', ['ls', '@cucumber/cucumber', '--all']);
      const copies = run(project, 'npm', ['ls', '@cucumber/cucumber', '--all', '--parseable'])
        .output.split('\n')
        .filter((line) => line.endsWith(path.join('node_modules', '@cucumber', 'cucumber')));
      expect(copies, tree.output).to.have.length(1);
      process.stdout.write(`${tree.output.trim().replace(/^/gm, '        ')}\n`);
    });
  });

  describe('a backend package (examples/backend-package: parity-backend-docstore)', () => {
    it('type-checks against the installed declarations', () => {
      const result = run(pkg, 'npx', ['tsc', '--noEmit', '-p', '.']);
      expect(result.status).to.equal(0, result.output);
    });

    it("passes parity-orm's whole conformance kit with npm run conformance, skipping what it lacks", () => {
      const result = run(pkg, 'npm', ['run', 'conformance'], 'backend-package npm run conformance');
      expect(result.status).to.equal(0, result.output);
      expect(result.output).to.include('Every backend agrees.');
      expect(result.output).to.match(/docstore +\d+ +\d+ +0 +[1-9]\d* /); // no failure, some skipped (@requires-large-items, @requires-migrations)
      expect(existsSync(path.join(pkg, 'reports', 'index.html'))).to.equal(true);
      const messages = readFileSync(path.join(pkg, 'reports', 'docstore', 'messages.ndjson'), 'utf8');
      expect(messages).to.include('lacks the capabilit');
    });
  });

  describe("the README's quick start (an empty folder, parity init)", () => {
    it('passes npx parity init && npx cucumber-js --profile sqlite', () => {
      const init = run(quickStart, 'npx', ['parity', 'init'], 'quick-start parity init');
      expect(init.status).to.equal(0, init.output);
      const result = run(quickStart, 'npx', ['cucumber-js', '--profile', 'sqlite'], 'quick-start cucumber-js --profile sqlite');
      expect(result.status).to.equal(0, result.output);
      expect(result.output).to.match(/3 scenarios \(3 passed\)/);
    });
  });
});

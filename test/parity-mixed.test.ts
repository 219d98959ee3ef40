/*
 * The parity run with mixed profiles (test/fixtures/parity/cucumber.mixed.js, made by parityProfiles'
 * `mixed` option): postgres+dynamodb on real engines, inmemory+broken for a known gap of a mixed
 * column, each a column of the matrix like any other.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';

const root = path.resolve(__dirname, '..');
const configFile = 'test/fixtures/parity/cucumber.mixed.js';
const feature = 'test/fixtures/parity/mixed/mixed.feature';
const localServer = 'postgres://postgres@127.0.0.1:5432/postgres';
// No endpoint, no Docker engine, no Java: DynamoDB cannot be started, within a second.
const noDynamoDb = { PARITY_DYNAMODB_ENDPOINT: '', DOCKER_HOST: 'unix:///nonexistent/docker.sock', JAVA_HOME: '/nonexistent' };

/** Runs the parity CLI on the mixed fixture configuration, writing to reports/<folder>. */
function parity(
  folder: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; output: string; reports: string } {
  const reports = path.join(root, 'reports', folder);
  const run = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/parity/cli.ts', '--config', configFile, '--reports', reports, ...args],
    { cwd: root, env: { ...process.env, CI: '', PARITY_BACKEND: '', PARITY_DATABASES: '', ...env }, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, reports };
}

function serverAnswers(): boolean {
  return spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0;
}

function embeddedDirs(): string[] {
  return readdirSync(tmpdir()).filter((d) => d.startsWith('parity-postgres-'));
}

describe('a parity run with mixed profiles (postgres+dynamodb on real engines, inmemory+broken)', function () {
  this.timeout(300_000);
  const backends = ['inmemory', 'postgres', 'postgres+dynamodb', 'inmemory+broken'];
  let run: ReturnType<typeof parity>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    rmSync(path.join(root, 'reports', 'parity-mixed'), { recursive: true, force: true });
    // On the machine's server when there is one: the postgres and postgres+dynamodb columns then run
    // side by side on one server with one PARITY_RUN_ID, and must not create the same database.
    const server = serverAnswers() ? { PARITY_POSTGRES_URL: localServer } : { PARITY_POSTGRES_URL: '' };
    run = parity('parity-mixed', ['--backends', backends.join(','), feature], { ...server, PARITY_RUN_ID: `mixed${process.pid}` });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(pathToFileURL(path.join(run.reports, 'index.html')).href);
  });

  after(async () => {
    await browser?.close();
  });

  it('passes, with a row per column in the summary, the known gap of the mixed column allowed', () => {
    expect(run.status).to.equal(0, run.output);
    expect(run.output).to.match(/^inmemory +4 +4 +0 +0 +0 +0 +0 /m);
    expect(run.output).to.match(/^postgres +4 +4 +0 +0 +0 +0 +0 /m);
    expect(run.output).to.match(/^postgres\+dynamodb +4 +3 +0 +1 +0 +0 +0 .* postgres\+dynamodb\/report\.html$/m);
    expect(run.output).to.match(/^inmemory\+broken +4 +3 +0 +0 +1 +0 +0 /m);
    expect(run.output).to.include('Parity: 75.0% — 3 of 4 scenarios');
    expect(run.output).to.include('Every backend agrees.');
  });

  it("writes the mixed column's reports in a folder of its name, its JUnit suite named after it", () => {
    for (const file of ['report.html', 'messages.ndjson', 'junit.xml', 'output.log'])
      expect(existsSync(path.join(run.reports, 'postgres+dynamodb', file)), file).to.equal(true);
    expect(readFileSync(path.join(run.reports, 'postgres+dynamodb', 'junit.xml'), 'utf8')).to.include(
      '<testsuite name="parity-orm (postgres+dynamodb)"',
    );
  });

  it('shows each mixed profile as a column, with the engine of each of its backends', async () => {
    expect(await page.locator('#matrix thead th').allInnerTexts()).to.deep.equal(['scenario', ...backends]);
    const engine = await page.locator('#counts tr[data-backend="postgres+dynamodb"] td.engine').innerText();
    expect(engine).to.match(/^postgres: .*PostgreSQL.*; dynamodb: .*DynamoDB/);
    expect(await page.locator('#counts tr[data-backend="postgres+dynamodb"] a.report').getAttribute('href')).to.equal(
      'postgres+dynamodb/report.html',
    );
  });

  it("skips by the backend of the databases a scenario uses, and takes a mixed column's own @xfail-", async () => {
    const cell = (scenario: string, column: number) => page.locator('#matrix tr.r', { hasText: scenario }).locator('td').nth(column); // td 0 is inmemory
    const mixed = backends.indexOf('postgres+dynamodb');
    expect(await cell('Skipped on dynamodb, but it uses only default', mixed).getAttribute('class')).to.equal('c st-passed');
    expect(await cell('Skipped on dynamodb, which holds central', mixed).locator('.why').innerText()).to.equal(
      'Skipped on dynamodb: the scenario is tagged @skip-dynamodb.',
    );
    const gap = cell('Hospitals by descending name', backends.indexOf('inmemory+broken'));
    expect(await gap.getAttribute('class')).to.equal('c st-expected-failure');
    expect(await gap.locator('.why').innerText()).to.equal(
      'Known gap: central is on the broken backend, which swaps the first two results of a descending query',
    );
    expect(await cell('Hospitals by descending name', mixed).getAttribute('class')).to.equal('c st-passed');
  });

  it('filters by a mixed column, kept in the URL', async () => {
    await page.selectOption('#f-status', 'skipped');
    await page.selectOption('#f-backend', 'postgres+dynamodb');
    expect(await page.locator('#matrix tr.r:visible .name').allInnerTexts()).to.deep.equal(['Skipped on dynamodb, which holds central']);
    const url = await page.evaluate(() => (globalThis as unknown as { location: { href: string } }).location.href);
    expect(new URL(url).hash).to.equal('#status=skipped&on=postgres%2Bdynamodb');
    const shared = await browser.newPage();
    try {
      await shared.goto(url);
      expect(await shared.inputValue('#f-backend')).to.equal('postgres+dynamodb');
    } finally {
      await shared.close();
    }
  });
});

describe('a mixed column whose backend cannot be started', function () {
  this.timeout(180_000);
  const line = `${feature}:12`; // Both databases in one scenario

  it('is unavailable, naming the backend; the engine it had started is stopped again', () => {
    const before = embeddedDirs();
    // Embedded PostgreSQL starts, DynamoDB cannot: the column does not run, and PostgreSQL is stopped.
    const env = { ...noDynamoDb, PARITY_POSTGRES_URL: '' };
    const strict = parity('parity-mixed-unavailable', ['--backends', 'inmemory,postgres+dynamodb', line], env);
    expect(strict.status).to.equal(1, strict.output);
    expect(strict.output).to.match(/postgres\+dynamodb +did not run — unavailable: dynamodb: No DynamoDB engine could be had/);
    expect(strict.output).to.include('run without it: npm run spec -- --allow-unavailable postgres+dynamodb');
    expect(embeddedDirs(), 'the embedded PostgreSQL was stopped and its folder removed').to.deep.equal(before);
    const allowed = parity(
      'parity-mixed-unavailable',
      ['--backends', 'inmemory,postgres+dynamodb', '--allow-unavailable', 'postgres+dynamodb', line],
      env,
    );
    expect(allowed.status).to.equal(0, allowed.output);
    expect(allowed.output).to.include('but postgres+dynamodb did not run (allowed by --allow-unavailable)');
    expect(embeddedDirs()).to.deep.equal(before);
  });
});

describe('mixed names on the command line', function () {
  this.timeout(60_000);

  it('--backends lists the mixed profiles after the others, and says how to declare a missing one', () => {
    const run = parity('parity-mixed-usage', ['--backends', 'postgres+sqlite', feature]);
    expect(run.status).to.equal(2);
    expect(run.output).to.include(
      'There is no profile for "postgres+sqlite" in test/fixtures/parity/cucumber.mixed.js. ' +
        'Known backends: inmemory, postgres, dynamodb, broken, postgres+dynamodb, inmemory+broken. ' +
        'A backend joins the parity run by having a profile of its name in test/fixtures/parity/cucumber.mixed.js; a mixed one is declared ' +
        "with the aliases it moves: parityProfiles({ mixed: { 'postgres+sqlite': { <alias>: 'sqlite' } } }).",
    );
  });

  it('plain cucumber-js runs a mixed profile by its name, writing its own reports folder', () => {
    const bin = path.join(root, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
    const folder = path.join(root, 'reports', 'inmemory+broken');
    rmSync(folder, { recursive: true, force: true });
    const plain = spawnSync(
      process.execPath,
      [bin, '--config', configFile, '-pinmemory+broken', '--tags', 'not @xfail-inmemory+broken', feature],
      { cwd: root, env: { ...process.env, PARITY_BACKEND: '', PARITY_REPORTS_DIR: '', PARITY_DATABASES: '' }, encoding: 'utf8' },
    );
    try {
      expect(plain.status).to.equal(0, `${plain.stdout}\n${plain.stderr}`);
      expect(plain.stdout).to.include('3 scenarios (3 passed)');
      expect(readFileSync(path.join(folder, 'junit.xml'), 'utf8')).to.include('<testsuite name="parity-orm (inmemory+broken)"');
      const unknown = spawnSync(process.execPath, [bin, '--config', configFile, '--profile', 'inmemory+brokn'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(unknown.status).to.equal(1);
      expect(unknown.stderr).to.include(
        'There is no profile "inmemory+brokn" in cucumber.js. Profiles: default, inmemory, postgres, dynamodb, broken, postgres+dynamodb, inmemory+broken.',
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

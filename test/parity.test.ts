import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';

const root = path.resolve(__dirname, '..');
const config = 'test/fixtures/parity/cucumber.parity.js';
const fixtureFeatures = 'test/fixtures/parity/features';

/**
 * Runs `npm run spec` (the parity CLI) on the fixture backends, writing to reports/<folder>: on the
 * fixture features unless the arguments name feature paths (or --matrix-only), with extra `env`.
 */
function parity(
  folder: string,
  args: readonly string[],
  { env = {}, configFile = config }: { env?: NodeJS.ProcessEnv; configFile?: string } = {},
): { status: number | null; output: string; reports: string } {
  const reports = path.join(root, 'reports', folder);
  const named = args.some((a) => a.startsWith('test/')) || args.includes('--matrix-only');
  const run = spawnSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'src/parity/cli.ts',
      '--config',
      configFile,
      '--reports',
      reports,
      ...args,
      ...(named ? [] : [fixtureFeatures]),
    ],
    { cwd: root, env: { ...process.env, CI: '', PARITY_BACKEND: '', ...env }, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, reports };
}

/** The fixture scenarios' names in a backend's messages, by feature file. */
function pickleUris(messages: string): string[] {
  return readFileSync(messages, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"pickle":'))
    .map((l) => (JSON.parse(l) as { pickle: { uri: string } }).pickle.uri);
}

describe('the parity run (real Cucumber runs on inmemory and a deliberately broken fixture backend)', function () {
  this.timeout(180_000);
  let run: ReturnType<typeof parity>;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    rmSync(path.join(root, 'reports', 'parity-test'), { recursive: true, force: true });
    run = parity('parity-test', ['--tags', 'not @fixed-gap and not @no-reason']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(path.join(run.reports, 'index.html')).href);
  });

  after(async () => {
    await browser?.close();
  });

  it('exits non-zero and names the failing scenario × backend', () => {
    expect(run.status).to.equal(1, run.output);
    expect(run.output).to.match(/✗ broken {2}test\/fixtures\/parity\/features\/known-run\.feature:13 {2}Descending order/);
    expect(run.output).to.match(/✗ broken {2}test\/fixtures\/parity\/features\/known-run\.feature:49 {2}Ordering by -name/);
    expect(run.output).to.not.match(/✗ inmemory/);
    expect(run.output).to.include('Parity: 57.1% — 4 of 7 scenarios');
  });

  it("writes each backend's reports in its own folder, JUnit suites named after the backend", () => {
    for (const backend of ['inmemory', 'broken']) {
      for (const file of ['report.html', 'messages.ndjson', 'junit.xml'])
        expect(existsSync(path.join(run.reports, backend, file)), file).to.equal(true);
      expect(readFileSync(path.join(run.reports, backend, 'junit.xml'), 'utf8')).to.include(`<testsuite name="parity-orm (${backend})"`);
    }
  });

  it('shows a row per scenario and outline example, a column per backend, failures first', async () => {
    expect(await page.locator('#matrix thead th').allInnerTexts()).to.deep.equal(['scenario', 'inmemory', 'broken']);
    expect(await page.locator('#matrix tr.r .name').allInnerTexts()).to.deep.equal([
      'Descending order',
      'Ordering by -name',
      'A known gap fails as expected',
      'Ascending order',
      'Skipped on the broken backend',
      'Ordering by name',
      `Hostile "quotes", <script>alert('x')</script> & emoji 🎉 in a name`,
    ]);
    expect(await page.locator('#matrix tr.sec').allInnerTexts()).to.deep.equal([
      '✗ Failing on some backend (2)',
      'Every other scenario (5)',
    ]);
    expect(await page.locator('#matrix tr.f, #matrix tr.sec').allInnerTexts()).to.deep.equal([
      '✗ Failing on some backend (2)',
      'A known run for the parity matrix test/fixtures/parity/features/known-run.feature',
      'Every other scenario (5)',
      'Expected failures on the broken backend test/fixtures/parity/features/expected-failures.feature',
      'A known run for the parity matrix test/fixtures/parity/features/known-run.feature',
    ]);
    expect(dialogs, 'no script from a scenario name ran').to.deep.equal([]);
  });

  it("links each backend's Cucumber report and output.log, and each report names its backend", async () => {
    for (const backend of ['inmemory', 'broken']) {
      const row = page.locator(`#counts tr[data-backend="${backend}"]`);
      expect(await row.locator('a.report').getAttribute('href')).to.equal(`${backend}/report.html`);
      expect(await row.locator('a.log').getAttribute('href')).to.equal(`${backend}/output.log`);
      expect(readFileSync(path.join(run.reports, backend, 'output.log'), 'utf8')).to.include('7 scenarios'); // the child's own summary
      expect(readFileSync(path.join(run.reports, backend, 'report.html'), 'utf8')).to.include(
        `<title>parity-orm (${backend}) — Cucumber</title>`,
      );
    }
    const report = await browser.newPage();
    try {
      await report.goto(pathToFileURL(path.join(run.reports, 'broken', 'report.html')).href);
      await report.waitForSelector('text=Scenario: Descending order');
      expect(await report.title()).to.equal('parity-orm (broken) — Cucumber');
      expect(await report.locator('#parity-backend').innerText()).to.equal('Backend: parity-orm (broken)');
    } finally {
      await report.close();
    }
  });

  it('shows a red cell in exactly the affected scenario × backend, with the failing step and error', async () => {
    const failed = await page
      .locator('#matrix td.st-failed')
      .evaluateAll((cells) =>
        cells.map(
          (td) => `${td.parentElement!.querySelector('.name')!.textContent} × ${(td as unknown as { cellIndex: number }).cellIndex}`,
        ),
      );
    expect(failed).to.deep.equal(['Descending order × 2', 'Ordering by -name × 2']);
    const cell = page.locator('#matrix tr.r', { hasText: 'Descending order' }).locator('td').nth(1);
    expect(await cell.locator('.step').innerText()).to.equal('Then the results are:');
    expect(await cell.locator('pre').innerText()).to.include('Expected the User results on broken to be:');
    expect(await cell.locator('.ms').innerText()).to.match(/^(<1|\d+) ms$/);
  });

  it('shows skipped cells with their reason and expected failures with theirs', async () => {
    const skipped = page.locator('#matrix tr.r', { hasText: 'Skipped on the broken backend' }).locator('td.st-skipped');
    expect(await skipped.locator('.why').innerText()).to.equal('Skipped on broken: the scenario is tagged @skip-broken.');
    const xfail = page.locator('#matrix td.st-expected-failure');
    expect(await xfail.count()).to.equal(1);
    expect(await xfail.locator('.why').innerText()).to.equal(
      'Known gap: the broken backend swaps the first two results of a descending query',
    );
  });

  it('shows the counts per backend and the parity figure', async () => {
    const counts = async (backend: string) =>
      page
        .locator(`#counts tr[data-backend="${backend}"] td[data-status]`)
        .evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-status'), Number(td.textContent)])));
    expect(await counts('inmemory')).to.deep.equal({
      passed: 7,
      failed: 0,
      skipped: 0,
      'expected-failure': 0,
      'unexpectedly-passed': 0,
      'not-run': 0,
    });
    expect(await counts('broken')).to.deep.equal({
      passed: 3,
      failed: 2,
      skipped: 1,
      'expected-failure': 1,
      'unexpectedly-passed': 0,
      'not-run': 0,
    });
    expect(await page.locator('#parity strong').innerText()).to.equal('57.1%');
    expect(await page.locator('#parity').innerText()).to.include('4 of 7 scenarios pass on every backend where they are meant to run');
  });

  describe('filters', () => {
    const shown = () => page.locator('#matrix tr.r:visible .name').allInnerTexts();
    afterEach(async () => {
      await page.goto(pathToFileURL(path.join(run.reports, 'index.html')).href);
    });

    it('only differences between backends', async () => {
      await page.check('#f-diff');
      expect(await shown()).to.deep.equal([
        'Descending order',
        'Ordering by -name',
        'A known gap fails as expected',
        'Skipped on the broken backend',
      ]);
      expect(await page.locator('#shown').innerText()).to.equal('4 of 7 scenarios');
    });

    it('by status, on any backend or on one', async () => {
      await page.selectOption('#f-status', 'failed');
      expect(await shown()).to.deep.equal(['Descending order', 'Ordering by -name']);
      await page.selectOption('#f-backend', { label: 'inmemory' });
      expect(await shown()).to.deep.equal([]);
      expect(await page.locator('#none').isVisible()).to.equal(true);
      expect(await page.locator('#matrix tr.f:visible').count(), 'feature headings without rows are hidden').to.equal(0);
      expect(await page.locator('#matrix tr.sec:visible').count(), 'so are sections').to.equal(0);
    });

    it('by tag', async () => {
      await page.selectOption('#f-tag', '@ordering');
      expect(await shown()).to.deep.equal(['Descending order', 'Ordering by -name', 'Ordering by name']);
      expect(await page.locator('#matrix tr.f:visible').allInnerTexts()).to.deep.equal([
        'A known run for the parity matrix test/fixtures/parity/features/known-run.feature',
        'A known run for the parity matrix test/fixtures/parity/features/known-run.feature',
      ]);
    });

    it('by text, in names, files and error messages', async () => {
      await page.fill('#f-text', '<SCRIPT>');
      expect(await shown()).to.deep.equal([`Hostile "quotes", <script>alert('x')</script> & emoji 🎉 in a name`]);
      await page.fill('#f-text', 'but got');
      expect(await shown()).to.deep.equal(['Descending order', 'Ordering by -name', 'A known gap fails as expected']);
    });

    it('keeps the filters in the URL, restored when the link is opened', async () => {
      await page.check('#f-diff');
      await page.selectOption('#f-status', 'failed');
      await page.selectOption('#f-backend', { label: 'broken' });
      await page.selectOption('#f-tag', '@ordering');
      await page.fill('#f-text', 'order');
      // Read from the page: Playwright's page.url() learns of history.replaceState only later.
      const url = await page.evaluate(() => (globalThis as unknown as { location: { href: string } }).location.href);
      expect(new URL(url).hash).to.equal('#diff=1&status=failed&on=broken&tag=%40ordering&text=order');
      expect(await shown()).to.deep.equal(['Descending order', 'Ordering by -name']);
      const shared = await browser.newPage();
      try {
        await shared.goto(url);
        expect(await shared.locator('#matrix tr.r:visible .name').allInnerTexts()).to.deep.equal(['Descending order', 'Ordering by -name']);
        expect(await shared.isChecked('#f-diff')).to.equal(true);
        expect(await shared.inputValue('#f-status')).to.equal('failed');
        expect(await shared.inputValue('#f-backend')).to.equal('broken');
        expect(await shared.inputValue('#f-tag')).to.equal('@ordering');
        expect(await shared.inputValue('#f-text')).to.equal('order');
        await shared.evaluate(() => {
          (globalThis as unknown as { location: { hash: string } }).location.hash = '#status=skipped';
        });
        await shared.waitForFunction(
          () =>
            (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById(
              'shown',
            ).textContent === '1 of 7 scenarios',
        );
        expect(await shared.isChecked('#f-diff')).to.equal(false);
      } finally {
        await shared.close();
      }
    });
  });

  it("links each cell to that scenario in that backend's Cucumber report", async () => {
    const link = page.locator('#matrix tr.r', { hasText: 'Descending order' }).locator('td').nth(1).locator('a');
    expect(await link.getAttribute('href')).to.equal('broken/report.html?query=Descending%20order&hide=passed&hide=skipped');
    await link.click();
    await page.waitForSelector('text=Scenario: Descending order');
    const scenarios = await page.locator('#report').innerText();
    expect(scenarios).to.include('Descending order');
    expect(scenarios).to.not.include('Ascending order'); // passed there: hidden by the status filter
    await page.goBack();
  });

  it('saves a screenshot of the matrix', async () => {
    await page.goto(pathToFileURL(path.join(run.reports, 'index.html')).href);
    const file = path.join(root, 'reports', 'parity-matrix.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).to.equal(true);
  });
});

describe('@xfail-<backend>: strict expected failures (real parity runs)', function () {
  this.timeout(120_000);

  it('counts a failing @xfail- scenario as an expected failure, and the run passes', () => {
    const run = parity('parity-xfail', ['--backends', 'broken', '--tags', '@known-gap']);
    expect(run.status).to.equal(0, run.output);
    expect(run.output).to.match(/broken +1 +0 +0 +0 +1 +0 +0/); // scenarios passed failed skipped xfail xpass not-run
    expect(readFileSync(path.join(run.reports, 'index.html'), 'utf8')).to.include('Known gap: the broken backend swaps');
  });

  it('fails the run when an @xfail- scenario passes, or has no reason', () => {
    const run = parity('parity-xfail', ['--backends', 'broken', '--tags', '@fixed-gap or @no-reason']);
    expect(run.status).to.equal(1, run.output);
    expect(run.output).to.include(
      'broken: "A fixed gap passes unexpectedly" (test/fixtures/parity/features/expected-failures.feature:20) unexpectedly passed — remove the tag @xfail-broken.',
    );
    expect(run.output).to.include(
      '"A gap without a reason" (test/fixtures/parity/features/expected-failures.feature:25) is tagged @xfail-broken without a reason: ' +
        'add a comment line "# xfail-broken: <reason>" directly above the tag (line 24).',
    );
  });
});

describe('--shard with the parity run', function () {
  this.timeout(120_000);

  it('writes each shard to its own folder and merges them into one matrix', () => {
    rmSync(path.join(root, 'reports', 'parity-shards'), { recursive: true, force: true });
    const first = parity('parity-shards', ['--backends', 'inmemory', '--shard', '1/2', '--tags', 'not @fixed-gap and not @no-reason']);
    const second = parity('parity-shards', ['--backends', 'inmemory', '--shard', '2/2', '--tags', 'not @fixed-gap and not @no-reason']);
    expect(first.status).to.equal(0, first.output);
    expect(second.status).to.equal(0, second.output);
    const html = readFileSync(path.join(second.reports, 'index.html'), 'utf8');
    expect(html).to.include('7 scenarios × 1 backend');
    expect(html).to.include('inmemory/shard-1-of-2/report.html?query=');
    expect(html).to.include('inmemory/shard-2-of-2/report.html?query=');
    const merged = parity('parity-shards', ['--backends', 'inmemory', '--matrix-only']);
    expect(merged.status).to.equal(0, merged.output);
    expect(merged.output).to.match(/inmemory +7 +7 +0/);
  });
});

describe('PARITY_BACKEND beside a parity run', function () {
  this.timeout(120_000);

  it('is ignored, with a warning: each backend still runs on its own profile', () => {
    const run = parity('parity-env', ['--tags', '@ordering'], { env: { PARITY_BACKEND: 'inmemory' } });
    expect(run.output).to.include('PARITY_BACKEND=inmemory is set: the parity run ignores it and runs each backend on its own profile');
    expect(run.status).to.equal(1, run.output); // broken still mis-orders: not "every backend agrees"
    expect(run.output).to.match(/✗ broken {2}test\/fixtures\/parity\/features\/known-run\.feature:13 {2}Descending order/);
    expect(readFileSync(path.join(run.reports, 'broken', 'junit.xml'), 'utf8')).to.include('<testsuite name="parity-orm (broken)"');
  });
});

describe('a backend that did not run (DynamoDB with no engine to be had)', function () {
  this.timeout(180_000);
  // No endpoint, no Docker engine, no Java: DynamoDB cannot be started, within a second.
  const noDynamoDb = { PARITY_DYNAMODB_ENDPOINT: '', DOCKER_HOST: 'unix:///nonexistent/docker.sock', JAVA_HOME: '/nonexistent' };
  const configFile = 'test/fixtures/parity/cucumber.unavailable.js';
  const feature = 'test/fixtures/parity/features/known-run.feature:22'; // Ascending order: passes on inmemory
  let strict: ReturnType<typeof parity>;

  before(() => {
    rmSync(path.join(root, 'reports', 'parity-unavailable'), { recursive: true, force: true });
    strict = parity('parity-unavailable', [feature], { env: noDynamoDb, configFile });
  });

  it('fails the run and says so in the summary and the matrix badge', async () => {
    expect(strict.status).to.equal(1, strict.output);
    expect(strict.output).to.match(/dynamodb +did not run — unavailable: No DynamoDB engine could be had/);
    expect(strict.output).to.include('✗ dynamodb did not run, so the run cannot say it agrees');
    expect(strict.output).to.include('run without it: npm run spec -- --allow-unavailable dynamodb');
    expect(strict.output).to.include('The parity run failed. Not run: dynamodb.');
    expect(strict.output).to.not.include('agrees.');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(strict.reports, 'index.html')).href);
      expect(await page.locator('h1 .verdict').allInnerTexts()).to.deep.equal(['dynamodb did not run']);
      expect(await page.locator('#matrix th.be.off').innerText()).to.equal('dynamodb');
    } finally {
      await browser.close();
    }
  });

  it('passes when asked to run without it, saying it did not run', () => {
    for (const args of [
      ['--allow-unavailable', feature],
      [feature, '--allow-unavailable'],
      ['--allow-unavailable', 'dynamodb', feature],
    ]) {
      const run = parity('parity-unavailable', args, { env: noDynamoDb, configFile });
      expect(run.status).to.equal(0, `${args.join(' ')}\n${run.output}`);
      expect(run.output).to.include(
        'Every backend that ran agrees, but dynamodb did not run (allowed by --allow-unavailable): this run says nothing about dynamodb.',
      );
      expect(readFileSync(path.join(run.reports, 'index.html'), 'utf8')).to.include(
        '<span class="verdict bad" id="not-run">dynamodb did not run</span>',
      );
    }
  });

  it('--matrix-only remembers it did not run; CI=true stays strict', () => {
    expect(parity('parity-unavailable', ['--matrix-only'], { configFile }).status).to.equal(1);
    expect(parity('parity-unavailable', ['--matrix-only', '--allow-unavailable', 'dynamodb'], { configFile }).status).to.equal(0);
    const ci = parity('parity-unavailable', ['--matrix-only', '--allow-unavailable'], { configFile, env: { CI: 'true' } });
    expect(ci.status).to.equal(1, ci.output);
    expect(ci.output).to.include('dynamodb must run in CI (CI=true), but it did not (--allow-unavailable does not apply in CI');
    const typo = parity('parity-unavailable', ['--matrix-only', '--allow-unavailable', 'dynamo'], { configFile });
    expect(typo.status).to.equal(2);
    expect(typo.output).to.include(
      '--allow-unavailable names "dynamo", which has no profile in test/fixtures/parity/cucumber.unavailable.js. Known backends: inmemory, dynamodb.',
    );
  });
});

describe('running a subset of the features', function () {
  this.timeout(120_000);

  it('npm run spec -- <feature file>: every backend runs that file only', () => {
    const run = parity('parity-subset', ['--backends', 'inmemory', 'test/fixtures/parity/features/known-run.feature']);
    expect(run.status).to.equal(0, run.output);
    expect(new Set(pickleUris(path.join(run.reports, 'inmemory', 'messages.ndjson')))).to.deep.equal(
      new Set(['test/fixtures/parity/features/known-run.feature']),
    );
    expect(run.output).to.match(/inmemory +6 +6 +0/);
    const missing = parity('parity-subset', ['--backends', 'inmemory', 'test/fixtures/parity/features/nope.feature']);
    expect(missing.status).to.equal(2);
    expect(missing.output).to.include('There is no feature file or folder "test/fixtures/parity/features/nope.feature"');
  });

  it('a tag expression that selects no scenario fails the run: nothing was compared', () => {
    const run = parity('parity-subset', ['--backends', 'inmemory', '--tags', '@no-such-tag']);
    expect(run.status).to.equal(1, run.output);
    expect(run.output).to.include('No scenario ran on any backend: the tags and feature paths selected none');
    expect(run.output).to.not.include('agrees');
  });

  it('npm run spec -- --backends nope lists the backends', () => {
    const run = parity('parity-subset', ['--backends', 'nope']);
    expect(run.status).to.equal(2);
    expect(run.output).to.include(
      'There is no profile for "nope" in test/fixtures/parity/cucumber.parity.js. Known backends: inmemory, broken.',
    );
  });
});

describe('plain cucumber-js with the project configuration (cucumber.js)', function () {
  this.timeout(120_000);
  const bin = path.join(root, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
  const reports = path.join(root, 'reports');

  it('--profile nope lists the profiles', () => {
    const run = spawnSync(process.execPath, [bin, '--profile', 'nope'], { cwd: root, encoding: 'utf8' });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include(
      'There is no profile "nope" in cucumber.js. Profiles: default, inmemory, sqlite, postgres, dynamodb, postgres+dynamodb.',
    );
  });

  it('runs only the feature file it is given, and holds reports/ against a parity run while it runs', async () => {
    // Held in its BeforeAll until the check beside it is done (test/fixtures/support/gate.ts).
    const gate = path.join(mkdtempSync(path.join(tmpdir(), 'parity-gate-')), 'open');
    const plain = spawn(
      process.execPath,
      [bin, '--profile', 'inmemory', '--require', 'test/fixtures/support/gate.ts', 'features/ordering.feature'],
      {
        cwd: root,
        env: { ...process.env, PARITY_BACKEND: '', PARITY_REPORTS_DIR: '', PARITY_TEST_GATE: gate },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => plain.once('close', resolve));
    const marker = path.join(reports, `.cucumber-run-${plain.pid}.lock`);
    try {
      for (let i = 0; i < 200 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(marker), 'the plain run marks reports/').to.equal(true);
      const beside = parity('.', ['--matrix-only', '--backends', 'inmemory']);
      expect(beside.status).to.equal(2, beside.output);
      expect(beside.output).to.include(
        `Another run is writing ${reports}: cucumber-js --profile inmemory --require test/fixtures/support/gate.ts features/ordering.feature (pid ${plain.pid}`,
      );
      writeFileSync(gate, '');
      expect(await exited).to.equal(0);
    } finally {
      plain.kill();
      rmSync(path.dirname(gate), { recursive: true, force: true });
    }
    expect(existsSync(marker), 'and leaves no marker').to.equal(false);
    expect(new Set(pickleUris(path.join(reports, 'inmemory', 'messages.ndjson')))).to.deep.equal(new Set(['features/ordering.feature']));
  });
});

describe('two runs on one reports folder', function () {
  this.timeout(120_000);

  it('a parity run refuses a folder another parity run holds, naming it', () => {
    const folder = path.join(root, 'reports', 'parity-locked');
    mkdirSync(folder, { recursive: true });
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      writeFileSync(
        path.join(folder, '.parity-run.lock'),
        JSON.stringify({ pid: holder.pid, started: '2026-01-01T00:00:00.000Z', command: 'npm run spec -- --backends broken' }),
      );
      const run = parity('parity-locked', ['--backends', 'inmemory']);
      expect(run.status).to.equal(2, run.output);
      expect(run.output).to.include(
        `Another run is writing ${folder}: npm run spec -- --backends broken (pid ${holder.pid}, started 2026-01-01T00:00:00.000Z). ` +
          'Two runs in one reports folder would mix their reports. Wait for it to finish, or give this run its own folder with --reports <dir>.',
      );
      expect(existsSync(path.join(folder, 'inmemory')), 'it wrote nothing').to.equal(false);
    } finally {
      holder.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a plain cucumber-js run refuses reports/ while a parity run holds it', () => {
    const bin = path.join(root, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
    const lock = path.join(root, 'reports', '.parity-run.lock');
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      writeFileSync(lock, JSON.stringify({ pid: holder.pid, started: '2026-01-01T00:00:00.000Z', command: 'npm run spec' }));
      const run = spawnSync(process.execPath, [bin, '--profile', 'inmemory'], {
        cwd: root,
        env: { ...process.env, PARITY_REPORTS_DIR: '' },
        encoding: 'utf8',
      });
      expect(run.status).to.equal(1);
      expect(run.stderr).to.include(`Another run is writing reports: npm run spec (pid ${holder.pid}`);
      expect(run.stderr).to.include("write this run's reports elsewhere: PARITY_REPORTS_DIR=<dir> npx cucumber-js");
    } finally {
      holder.kill();
      rmSync(lock, { force: true });
    }
  });

  it('a plain cucumber-js run refuses a backend folder another plain run writes, and runs beside it on another backend', () => {
    const bin = path.join(root, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    const marker = path.join(root, 'reports', `.cucumber-run-${holder.pid}.lock`);
    const plain = (profile: string) =>
      spawnSync(process.execPath, [bin, '--profile', profile, '--dry-run', 'features/ordering.feature'], {
        cwd: root,
        env: { ...process.env, PARITY_BACKEND: '', PARITY_REPORTS_DIR: '' },
        encoding: 'utf8',
      });
    try {
      mkdirSync(path.dirname(marker), { recursive: true });
      writeFileSync(
        marker,
        JSON.stringify({
          pid: holder.pid,
          started: '2026-01-01T00:00:00.000Z',
          command: 'cucumber-js --profile sqlite',
          backends: ['sqlite'],
        }),
      );
      const same = plain('sqlite');
      expect(same.status).to.equal(1);
      expect(same.stderr).to.include(`Another run is writing reports: cucumber-js --profile sqlite (pid ${holder.pid}`);
      const other = plain('inmemory');
      expect(other.status).to.equal(0, other.stderr);
    } finally {
      holder.kill();
      rmSync(marker, { force: true });
    }
  });

  it('a stale lock (its process is gone) is taken over, and the run leaves no lock behind', () => {
    const folder = path.join(root, 'reports', 'parity-stale');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const gone = spawnSync('true').pid;
    writeFileSync(
      path.join(folder, '.parity-run.lock'),
      JSON.stringify({ pid: gone, started: '2026-01-01T00:00:00.000Z', command: 'npm run spec' }),
    );
    const run = parity('parity-stale', ['--backends', 'inmemory', 'test/fixtures/parity/features/known-run.feature:22']);
    expect(run.status).to.equal(0, run.output);
    expect(readdirSync(folder).filter((f) => f.endsWith('.lock'))).to.deep.equal([]);
  });

  it('--matrix-only on a damaged messages.ndjson names the file and line', () => {
    const folder = path.join(root, 'reports', 'parity-damaged');
    rmSync(folder, { recursive: true, force: true });
    const made = parity('parity-damaged', ['--backends', 'inmemory', 'test/fixtures/parity/features/known-run.feature:22']);
    expect(made.status).to.equal(0, made.output);
    const messages = path.join(folder, 'inmemory', 'messages.ndjson');
    const lines = readFileSync(messages, 'utf8').split('\n');
    lines[2] = lines[2]!.slice(0, 40) + lines[3]!.slice(10); // two writers interleaved
    writeFileSync(messages, lines.join('\n'));
    const run = parity('parity-damaged', ['--matrix-only', '--backends', 'inmemory']);
    expect(run.status).to.equal(1, run.output);
    expect(run.output).to.include('inmemory: reports/parity-damaged/inmemory/messages.ndjson:3 is not a Cucumber message (');
    expect(run.output).to.include('The file is damaged (two runs writing it at once?): run that backend again.');
  });
});

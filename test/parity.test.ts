import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';

const root = path.resolve(__dirname, '..');
const config = 'test/fixtures/parity/cucumber.parity.js';

/** Runs `npm run spec` (the parity CLI) on the fixture features and backends, writing to reports/<folder>. */
function parity(folder: string, ...args: string[]): { status: number | null; output: string; reports: string } {
  const reports = path.join(root, 'reports', folder);
  const run = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/parity/cli.ts', '--config', config, '--reports', reports, ...args],
    { cwd: root, env: { ...process.env, CI: '' }, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, reports };
}

describe('the parity run (real Cucumber runs on inmemory and a deliberately broken fixture backend)', function () {
  this.timeout(180_000);
  let run: ReturnType<typeof parity>;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    rmSync(path.join(root, 'reports', 'parity-test'), { recursive: true, force: true });
    run = parity('parity-test', '--tags', 'not @fixed-gap and not @no-reason');
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

  it('shows a row per scenario and outline example, a column per backend', async () => {
    expect(await page.locator('#matrix thead th').allInnerTexts()).to.deep.equal(['scenario', 'inmemory', 'broken']);
    expect(await page.locator('#matrix tr.r .name').allInnerTexts()).to.deep.equal([
      'A known gap fails as expected',
      'Descending order',
      'Ascending order',
      'Skipped on the broken backend',
      'Ordering by name',
      'Ordering by -name',
      `Hostile "quotes", <script>alert('x')</script> & emoji 🎉 in a name`,
    ]);
    expect(dialogs, 'no script from a scenario name ran').to.deep.equal([]);
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
        'A known gap fails as expected',
        'Descending order',
        'Skipped on the broken backend',
        'Ordering by -name',
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
    });

    it('by tag', async () => {
      await page.selectOption('#f-tag', '@ordering');
      expect(await shown()).to.deep.equal(['Descending order', 'Ordering by name', 'Ordering by -name']);
      expect(await page.locator('#matrix tr.f:visible').allInnerTexts()).to.deep.equal([
        'A known run for the parity matrix test/fixtures/parity/features/known-run.feature',
      ]);
    });

    it('by text, in names, files and error messages', async () => {
      await page.fill('#f-text', '<SCRIPT>');
      expect(await shown()).to.deep.equal([`Hostile "quotes", <script>alert('x')</script> & emoji 🎉 in a name`]);
      await page.fill('#f-text', 'but got');
      expect(await shown()).to.deep.equal(['A known gap fails as expected', 'Descending order', 'Ordering by -name']);
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
    const run = parity('parity-xfail', '--backends', 'broken', '--tags', '@known-gap');
    expect(run.status).to.equal(0, run.output);
    expect(run.output).to.match(/broken +1 +0 +0 +0 +1 +0 +0/); // scenarios passed failed skipped xfail xpass not-run
    expect(readFileSync(path.join(run.reports, 'index.html'), 'utf8')).to.include('Known gap: the broken backend swaps');
  });

  it('fails the run when an @xfail- scenario passes, or has no reason', () => {
    const run = parity('parity-xfail', '--backends', 'broken', '--tags', '@fixed-gap or @no-reason');
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
    const first = parity('parity-shards', '--backends', 'inmemory', '--shard', '1/2', '--tags', 'not @fixed-gap and not @no-reason');
    const second = parity('parity-shards', '--backends', 'inmemory', '--shard', '2/2', '--tags', 'not @fixed-gap and not @no-reason');
    expect(first.status).to.equal(0, first.output);
    expect(second.status).to.equal(0, second.output);
    const html = readFileSync(path.join(second.reports, 'index.html'), 'utf8');
    expect(html).to.include('7 scenarios × 1 backend');
    expect(html).to.include('inmemory/shard-1-of-2/report.html?query=');
    expect(html).to.include('inmemory/shard-2-of-2/report.html?query=');
    const merged = parity('parity-shards', '--backends', 'inmemory', '--matrix-only');
    expect(merged.status).to.equal(0, merged.output);
    expect(merged.output).to.match(/inmemory +7 +7 +0/);
  });
});

import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderMatrixPage } from '../src/parity/matrix-page';
import { buildParityMatrix, type BackendColumn } from '../src/parity/parity-matrix';
import type { ScenarioResult } from '../src/parity/scenario-results';
import { launchChromium } from './chromium';

const scenarios = 1000;
const backends = ['inmemory', 'sqlite', 'postgres', 'dynamodb', 'mysql'];

/** A synthetic run: 1,000 scenarios in 50 features on 5 backends, with failures, skips and expected failures sprinkled in. */
function syntheticColumns(): BackendColumn[] {
  return backends.map((backend, b) => ({
    backend,
    runs: [
      {
        report: `${backend}/report.html`,
        log: `${backend}/output.log`,
        durationMs: 60_000,
        runErrors: [],
        scenarios: Array.from({ length: scenarios }, (_, i): ScenarioResult => {
          const long = i === 7 && backend === 'sqlite';
          const failed = (i * 7 + b * 13) % 97 === 0 || long;
          const skipped = i % 50 === 3 && b === 3;
          const xfail = i % 200 === 5 ? [{ backend: 'dynamodb', reason: 'DynamoDB has no ordered secondary scan', line: i }] : [];
          return {
            key: `features/f${Math.floor(i / 20)}.feature:${i}`,
            uri: `features/f${Math.floor(i / 20)}.feature`,
            line: i,
            feature: `Feature ${Math.floor(i / 20)} <with "hostile" & text 🎉>`,
            rule: i % 3 === 0 ? `Rule ${i % 7}` : undefined,
            scenario: `Scenario ${i} does something with <placeholder>`,
            name: `Scenario ${i} does something with value ${i}`,
            example: i % 4 === 0 ? `Examples — row ${i % 5}: | a | ${i} |` : undefined,
            tags: [`@area-${i % 10}`, ...(skipped ? ['@skip-dynamodb'] : []), ...(xfail.length > 0 ? ['@xfail-dynamodb'] : [])],
            status: skipped ? 'skipped' : failed || (xfail.length > 0 && backend === 'dynamodb') ? 'failed' : 'passed',
            durationMs: (i % 40) + b,
            failedStep: failed ? 'Then the results are:' : undefined,
            error: long
              ? `${Array.from({ length: 60 }, (_, n) => `line ${n}: ${'x'.repeat(90)}`).join('\n')}\nEND OF THE LONG ERROR`
              : failed
                ? `Expected the User results on ${backend} to be:\n  { id: "a" }\nbut got:\n  { id: "b" }\n    at compareRows (src/dsl/x.ts:1:1)`
                : undefined,
            skipReason: skipped ? 'Skipped on dynamodb: the scenario is tagged @skip-dynamodb.' : undefined,
            expectedFailures: xfail,
            report: `${backend}/report.html`,
          };
        }),
      },
    ],
  }));
}

describe('the parity matrix at scale: 1,000 scenarios × 5 backends (synthetic input, real browser)', function () {
  this.timeout(120_000);
  const file = path.resolve(__dirname, '..', 'reports', 'parity-scale', 'index.html');
  let browser: Browser;
  let page: Page;
  let html: string;
  let buildMs: number;

  before(async () => {
    const columns = syntheticColumns();
    const started = performance.now();
    html = renderMatrixPage(buildParityMatrix(columns));
    buildMs = performance.now() - started;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, html);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });

  after(async () => {
    await browser?.close();
  });

  // Times are printed for the record, never asserted: these machines are shared and noisy.
  it('builds into a page of a few megabytes (build time printed)', () => {
    const megabytes = Buffer.byteLength(html) / 1e6;
    console.log(`      built in ${buildMs.toFixed(0)} ms, ${megabytes.toFixed(2)} MB`);
    expect(megabytes).to.be.below(8);
  });

  it('opens and filters in Chromium (load and filter times printed)', async () => {
    const loadStarted = Date.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(() => (globalThis as unknown as { document: { body: { offsetHeight: number } } }).document.body.offsetHeight);
    const loadMs = Date.now() - loadStarted;
    expect(await page.locator('#matrix tr.r').count()).to.equal(scenarios);
    const timings: Record<string, number> = {};
    const measure = async (name: string, action: string): Promise<void> => {
      timings[name] = await page.evaluate((code) => {
        const doc = (globalThis as unknown as { document: { body: { offsetHeight: number } } }).document;
        const started = performance.now();
        new Function(code)();
        void doc.body.offsetHeight; // include the layout the change causes
        return performance.now() - started;
      }, action);
    };
    const set = (id: string, value: string, property = 'value') =>
      `{ const e = document.getElementById('${id}'); e.${property} = ${value}; e.dispatchEvent(new Event('input', { bubbles: true })); }`;
    await measure('text', set('f-text', "'scenario 99'"));
    expect(await page.locator('#shown').innerText()).to.equal('11 of 1000 scenarios');
    await measure('clear text', set('f-text', "''"));
    await measure('differences', set('f-diff', 'true', 'checked'));
    const differing = Number((await page.locator('#shown').innerText()).split(' ')[0]);
    expect(differing).to.be.above(0).and.below(scenarios);
    await measure('status', set('f-status', "'failed'"));
    await measure('tag', set('f-tag', "'@area-3'"));
    await measure('reset', `${set('f-diff', 'false', 'checked')} ${set('f-status', "''")} ${set('f-tag', "''")}`);
    expect(await page.locator('#shown').innerText()).to.equal('1000 of 1000 scenarios');
    console.log(
      `      loaded in ${loadMs} ms; filters: ${Object.entries(timings)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join(', ')}`,
    );
  });

  it('shows failures first, and an error whole however long', async () => {
    const first = await page.locator('#matrix tr.r').first().getAttribute('data-s');
    expect(first!.split(' ')).to.include('failed');
    const failing = await page.locator('#matrix tr.r[data-sec="failing"]').count();
    expect(failing).to.be.above(0);
    expect(await page.locator('#sec-failing').innerText()).to.equal(`✗ Failing on some backend (${failing})`);
    const pre = page.locator('#matrix tr.r', { hasText: 'Scenario 7 does something' }).locator('td.st-failed pre');
    expect(await pre.innerText()).to.match(/^line 0: x+\n[\s\S]*\nEND OF THE LONG ERROR$/);
    const box = await pre.evaluate((e) => ({ scroll: e.scrollHeight, client: e.clientHeight, width: e.scrollWidth - e.clientWidth }));
    expect(box.scroll, 'no scrolling inside the error').to.be.at.most(box.client + 1);
    expect(box.width, 'no hidden overflow to the side').to.be.at.most(1);
  });
});

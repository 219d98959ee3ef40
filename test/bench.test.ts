/*
 * `npm run bench` (bench/overhead.bench.ts) in its quick mode, the way a user runs it: it exits 0
 * and writes results.json with every operation for every side of each backend asked for, and
 * index.html with its chart. Speed is never asserted (shared, noisy machines).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

const root = path.resolve(__dirname, '..');
const OPERATIONS = ['create', 'get', 'update', 'upsert', 'query', 'count', 'page', 'delete'];
const SIDES: Record<string, string[]> = {
  inmemory: ['raw', 'orm'],
  sqlite: ['raw', 'orm', 'sequelize', 'kysely'],
  postgres: ['raw', 'orm', 'sequelize', 'kysely'],
  dynamodb: ['raw', 'orm'],
};

interface Results {
  results: { backend: string; operation: string; side: string; medianUs: number; ratio: number; rounds: unknown[] }[];
  leftBehind: Record<string, string[]>;
}

/** Runs the quick bench on some backends into a temporary folder; returns what it wrote. */
function quickBench(backends: string[]): { results: Results; html: string } {
  const out = mkdtempSync(path.join(tmpdir(), 'parity-bench-test-'));
  try {
    const run = spawnSync('npm', ['run', 'bench', '--', '--quick', '--backends', backends.join(','), '--out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 200_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
    expect(run.stdout).to.include('Left behind by this run: nothing');
    const html = path.join(out, 'index.html');
    expect(existsSync(html), 'index.html written').to.equal(true);
    return { results: JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results, html: readFileSync(html, 'utf8') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function expectEverySide(results: Results, backends: string[]): void {
  for (const backend of backends) {
    for (const operation of OPERATIONS) {
      for (const side of SIDES[backend]!) {
        const found = results.results.find((r) => r.backend === backend && r.operation === operation && r.side === side);
        expect(found, `${backend} ${operation} ${side}`).not.to.equal(undefined);
        expect(found!.rounds).to.have.length(1);
        expect(found!.medianUs).to.be.greaterThan(0);
        expect(found!.ratio).to.be.greaterThan(0);
      }
    }
  }
}

describe('npm run bench -- --quick', function () {
  this.timeout(120_000);

  it('measures every operation on in-memory and SQLite for every side, and writes results.json and the chart', () => {
    const backends = ['inmemory', 'sqlite'];
    const { results, html } = quickBench(backends);
    expectEverySide(results, backends);
    expect(Object.values(results.leftBehind).flat()).to.deep.equal([]);
    expect(html).to.include('<svg');
    expect(html).not.to.match(/<script|<link|@import|url\(/);
  });

  it('does the same on PostgreSQL and DynamoDB, on the engines a newcomer gets (embedded PostgreSQL, DynamoDB Local) unless PARITY_* names others', function () {
    this.timeout(240_000);
    const backends = ['postgres', 'dynamodb'];
    const { results, html } = quickBench(backends);
    expectEverySide(results, backends);
    expect(Object.values(results.leftBehind).flat()).to.deep.equal([]);
    expect(html).to.include('<svg');
  });
});

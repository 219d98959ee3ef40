import { expect } from 'chai';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Author,
  Book,
  Hospital,
  Keyword,
  Patient,
  Product,
  Report,
  TodoItem,
  User,
  Visit,
  specDatabases,
  specModels,
  tenantModels,
} from '../features/models';
import { parseCell } from '../src/dsl/cells';
import type { AnyModel } from '../src';
import type { Field } from '../src/orm/fields';
import { scenarioCounts } from './cucumber-fixture';
import { sequenceArb, tenancyFor } from '../src/fuzz/arbitraries';
import { main } from '../src/fuzz/cli';
import { firstDifference, leakedStores, runSequence, startTarget } from '../src/fuzz/differential';
import { FUZZ_TENANTS, fuzz, type FuzzResult } from '../src/fuzz/fuzz';
import { LONG_UNIQUE_TEXT, UNSTORABLE_KEYS, parseLimits } from '../src/fuzz/limits';
import { cell, writeFeature, writeScenario } from '../src/fuzz/scenario-writer';
import { touchedDatabases, type FuzzStep } from '../src/fuzz/steps';
import './fixtures/fuzz/planted-driver';

const root = path.resolve(__dirname, '..');

function runFeature(file: string, backend: string): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', '.bin', 'cucumber-js'), '--config', 'test/fixtures/fuzz/cucumber.planted.js', file],
    {
      cwd: root,
      env: { ...process.env, PARITY_BACKEND: backend },
      encoding: 'utf8',
    },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('the differential tester', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-fuzz-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a planted difference, shrinks it, and writes a scenario that fails on that backend only', async () => {
    // The models with nullable ordered fields, so that the planted nulls-last ordering shows within the runs.
    const models = [User, TodoItem, Product, Keyword];
    const [result] = await fuzz({ backends: ['planted'], models, runs: 500, seed: 4242, reportDir: dir });
    expect(result?.difference, 'a difference is found').to.not.equal(undefined);
    const { scenario, file } = result!.difference!;
    expect(scenario).to.match(/^ {2}Scenario: planted agrees with inmemory/);
    // Shrunk: a handful of steps, not the twenty a sequence may have.
    expect(scenario.split('\n').filter((l) => /^ {4}(When|Given)/.test(l)).length).to.be.at.most(6);
    expect(readFileSync(file, 'utf8')).to.include(scenario);

    const onReference = runFeature(file, 'inmemory');
    expect(onReference.status, onReference.output).to.equal(0);
    const onPlanted = runFeature(file, 'planted');
    expect(onPlanted.status, onPlanted.output).to.not.equal(0);
    expect(onPlanted.output).to.include('1 scenario (1 failed)');
  });

  it('finds no difference between the reference and itself', async () => {
    const [result] = await fuzz({ backends: ['inmemory'], models: specModels, runs: 50, seed: 7, reportDir: dir });
    expect(result?.difference).to.equal(undefined);
    expect(result?.runs).to.equal(50);
  });
});

/** The steps a scenario takes (When and Given lines), without the clock's Given. */
function actions(scenario: string): string[] {
  return scenario.split('\n').filter((l) => /^ {4}(When|Given)/.test(l) && !l.includes('Given the time is'));
}

/** The rows of a scenario's tables whose first cell matches, as their cells. */
function rows(scenario: string, first: RegExp): string[][] {
  return scenario
    .split('\n')
    .filter((l) => l.startsWith('      | '))
    .map((l) =>
      l
        .trim()
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.trim()),
    )
    .filter((cells) => first.test(cells[0]!));
}

/** Whether a sequence holds one of the heavy cases: a long list, deep exclusions or a wide cascade. */
function heavy(steps: FuzzStep[]): boolean {
  return steps.some(
    (step) =>
      step.kind === 'createMany' ||
      ('query' in step &&
        ((step.query.exclude ?? []).length >= 100 ||
          Object.entries(step.query.filter ?? {}).some(([key, value]) => key.endsWith('__in') && (value as unknown[]).length >= 1000))),
  );
}

describe('the differential tester and engine limits', function () {
  this.timeout(300_000);
  let dir: string;
  const found = new Map<string, NonNullable<FuzzResult['difference']>>();
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-fuzz-limits-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Each planted backend has one engine limit; the fuzzer must find it, and shrink the sequence
  // to the one step that meets the limit, at about the limit.
  const cases: { backend: string; models: AnyModel[]; check: (scenario: string) => void }[] = [
    {
      backend: 'planted-unique-text',
      models: [User],
      check: (scenario) => {
        expect(actions(scenario)).to.have.length(1);
        expect(rows(scenario, /^email$/)[0]?.[1]).to.match(/^[A-Za-z0-9]{2705,}$/);
      },
    },
    {
      backend: 'planted-unstorable-key',
      models: [User, TodoItem],
      check: (scenario) => {
        const [step] = actions(scenario);
        expect(actions(scenario)).to.have.length(1);
        expect(step).to.match(/^ {4}When I try to (update|delete|restore|force-delete) the \w+ ["'].*(<empty>|x \d{4}>)/);
      },
    },
    {
      backend: 'planted-unstorable-reference',
      models: [Author, Book],
      check: (scenario) => {
        const steps = actions(scenario);
        expect(steps.slice(-1)[0]).to.match(/^ {4}When I try to (create|update|upsert) (a|an|the) Book/);
        expect(rows(scenario, /^(authorId|editorId)$/).some((cells) => /^(<empty>|<".+" x \d{3,4}>)$/.test(cells[1]!))).to.equal(true);
        expect(scenario).to.include('Then it fails with a ReferenceIntegrityError');
      },
    },
    {
      backend: 'planted-long-in',
      models: [User, TodoItem],
      check: (scenario) => {
        expect(actions(scenario).length).to.be.at.most(1);
        const [list] = rows(scenario, /__in$/);
        const values = JSON.parse(list![1]!) as unknown[];
        expect(values.length).to.be.within(32_767, 33_000);
      },
    },
    {
      backend: 'planted-exclusions',
      models: [User, TodoItem],
      check: (scenario) => {
        expect(actions(scenario).length).to.be.at.most(1);
        expect(rows(scenario, /^exclude /).length).to.be.within(901, 920);
      },
    },
    {
      backend: 'planted-wide',
      models: [Author, Book],
      check: (scenario) => {
        const steps = actions(scenario);
        expect(steps.slice(-2)[0]).to.equal('    Given the following Books exist:');
        expect(steps.slice(-1)[0]).to.equal('    When I try to delete the Author "a"');
        expect(rows(scenario, /^w\d+$/).length).to.be.within(100, 110);
      },
    },
  ];
  for (const { backend, models, check } of cases) {
    it(`finds ${backend}'s limit and shrinks it to the step that meets it`, async () => {
      const [result] = await fuzz({ backends: [backend], models, runs: 1000, seed: 1, reportDir: dir });
      expect(result?.difference, 'a difference is found').to.not.equal(undefined);
      check(result!.difference!.scenario);
      found.set(backend, result!.difference!);
    });
  }

  it('writes scenarios that pass on the reference and fail on each planted backend only', function () {
    if (found.size < cases.length) this.skip();
    const file = path.join(dir, 'limits.feature');
    writeFileSync(
      file,
      writeFeature(
        'Engine limits found by the differential tester',
        [...found.values()].map((d) => d.scenario),
      ),
    );
    const onReference = runFeature(file, 'inmemory');
    expect(onReference.status, onReference.output).to.equal(0);
    expect(scenarioCounts(onReference.output), onReference.output).to.deep.equal({ scenarios: cases.length, passed: cases.length });
    for (const { backend } of cases) {
      const onPlanted = runFeature(file, backend);
      expect(scenarioCounts(onPlanted.output), backend).to.deep.equal({ scenarios: cases.length, failed: 1, passed: cases.length - 1 });
    }
  });

  it('finds none of them with --limits none', async () => {
    const results = await fuzz({
      backends: ['planted-unique-text', 'planted-unstorable-key', 'planted-wide'],
      models: [User, TodoItem, Author, Book],
      runs: 300,
      seed: 1,
      reportDir: dir,
      limits: parseLimits('none'),
    });
    expect(results.map((r) => r.difference?.description)).to.deep.equal([undefined, undefined, undefined]);
  });

  it('keeps the heavy cases rare: a few in the 200 sequences of npm test, yet each class drawn', () => {
    const pass = fc.sample(sequenceArb(specModels, 20), { seed: 20261122, numRuns: 200 });
    expect(pass.filter(heavy).length).to.be.within(1, 15);
    const many = fc.sample(sequenceArb(specModels, 20), { seed: 1, numRuns: 1000 }).flat();
    const kinds = new Set(
      many.flatMap((step) => {
        if (step.kind === 'createMany') return ['wide'];
        if (!('query' in step)) return 'key' in step && UNSTORABLE_KEYS.includes(Object.values(step.key as object)[0]) ? ['keys'] : [];
        const list = Object.entries(step.query.filter ?? {}).some(([k, v]) => k.endsWith('__in') && (v as unknown[]).length >= 1000);
        return [...(list ? ['long-in'] : []), ...((step.query.exclude ?? []).length >= 100 ? ['exclusions'] : [])];
      }),
    );
    const longText = many.some(
      (step) => step.kind === 'create' && Object.values(step.data).some((v) => LONG_UNIQUE_TEXT.includes(v as string)),
    );
    expect([...kinds].sort()).to.deep.equal(['exclusions', 'keys', 'long-in', 'wide']);
    expect(longText, 'a create with a long unique value').to.equal(true);
  });

  it('writes long values and keys as cells the steps read back', () => {
    const text = User.fields.id as Field;
    expect(cell('string', 'k'.repeat(2049))).to.equal('<"k" x 2049>');
    expect(cell('string', 'é'.repeat(513))).to.equal('<"é" x 513>');
    for (const value of [...UNSTORABLE_KEYS, ...LONG_UNIQUE_TEXT, 'ab', 'a😀', ' padded ', 'a|b\\c']) {
      const written = cell('string', value).replace(/\\([|\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
      expect(parseCell(text, written)).to.equal(value);
    }
  });

  it('reads --limits', () => {
    expect([...parseLimits('keys, wide')]).to.deep.equal(['keys', 'wide']);
    expect(parseLimits('all').size).to.equal(5);
    expect(parseLimits('none').size).to.equal(0);
    expect(() => parseLimits('keys,longtext')).to.throw(/keys, long-text, long-in, exclusions, wide/);
  });
});

describe('the differential tester across tenants', function () {
  this.timeout(300_000);
  const multiTenant = { models: tenantModels, databases: specDatabases };
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-fuzz-tenants-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('draws sequences that interleave both tenants over at least two aliases, the same keys in both tenants', () => {
    const sequences = fc.sample(sequenceArb(tenantModels, 20, undefined, tenancyFor(specDatabases, FUZZ_TENANTS)), {
      seed: 3,
      numRuns: 300,
    });
    for (const steps of sequences) {
      const aliases = touchedDatabases(steps).filter((alias) => alias !== 'clinic_replica');
      expect(aliases, 'aliases touched').to.include('clinic').and.have.length.of.at.least(2);
      expect(
        steps.every((step) => step.kind === 'advance' || FUZZ_TENANTS.includes(step.tenant!)),
        'every step has a tenant',
      ).to.equal(true);
    }
    const twinned = sequences.filter((steps) =>
      steps.some((a) =>
        steps.some(
          (b) =>
            a.kind === 'create' &&
            b.kind === 'create' &&
            a.model === Patient &&
            b.model === Patient &&
            a.tenant !== b.tenant &&
            a.data.id === b.data.id,
        ),
      ),
    );
    expect(twinned.length, 'sequences creating one Patient key in both tenants').to.be.above(100);
    expect(
      sequences.filter((steps) => steps.some((step) => step.kind !== 'advance' && step.database === 'clinic_replica')).length,
    ).to.be.above(50);
  });

  it('finds no difference between the reference and itself', async () => {
    const [result] = await fuzz({ backends: ['inmemory'], multiTenant, runs: 50, seed: 7, reportDir: dir });
    expect(result?.pass).to.equal('multi-tenant');
    expect(result?.difference?.description).to.equal(undefined);
    expect(result?.runs).to.equal(50);
  });

  it('finds no difference on SQLite', async () => {
    const [result] = await fuzz({ backends: ['sqlite'], multiTenant, runs: 40, seed: 20261204, reportDir: dir });
    expect(result?.difference?.description).to.equal(undefined);
    expect(result?.runs).to.equal(40);
  });

  it("finds a driver that reaches the other tenant's store, and writes a scenario naming both tenants that fails on it only", async () => {
    const [result] = await fuzz({ backends: ['planted-tenant-blind'], multiTenant, runs: 300, seed: 4242, reportDir: dir });
    expect(result?.difference, 'a difference is found').to.not.equal(undefined);
    const { scenario, file } = result!.difference!;
    expect(file).to.match(/planted-tenant-blind-tenants-seed-4242\.feature$/);
    expect(scenario).to.match(
      /^ {2}@databases-[a-z_,]*clinic[a-z_,]*\n {2}Scenario: planted-tenant-blind agrees with inmemory across tenants/,
    );
    // Both tenants named: one the steps work for, the other switched to, or checked empty at the end.
    expect(scenario).to.match(/Given the tenant is "(acme|globex)"/);
    expect(scenario).to.include('"acme"').and.include('"globex"');
    expect(actions(scenario).length, 'shrunk to a few steps').to.be.at.most(6);
    expect(readFileSync(file, 'utf8')).to.include(scenario).and.include('--pass multi-tenant');

    const onReference = runFeature(file, 'inmemory');
    expect(onReference.status, onReference.output).to.equal(0);
    const onPlanted = runFeature(file, 'planted-tenant-blind');
    expect(onPlanted.output).to.include('1 scenario (1 failed)');
  });

  it('reports records left in a store the sequence did not touch', async () => {
    const [reference, blind] = await Promise.all([
      startTarget('inmemory', tenantModels, specDatabases),
      startTarget('planted-tenant-blind', tenantModels, specDatabases),
    ]);
    try {
      const patient = (tenant: string): FuzzStep => ({
        kind: 'create',
        model: Patient,
        data: { id: 'p1', name: 'Ann', email: 'a@x' },
        tenant,
      });
      // globex's store is made by the first sequence, and left alone by the second.
      for (const target of [reference, blind]) await runSequence(target, [patient('globex')]);
      const steps = [patient('acme')];
      const [expected, actual] = [await runSequence(reference, steps), await runSequence(blind, steps)];
      expect(expected.leaks).to.equal(undefined);
      expect(firstDifference(steps, expected, actual)?.description).to.match(
        /^after the sequence, the stores it did not touch hold clinic@globex: Patient \{ id: "p1", name: "Ann", email: "a@x", hospitalId: null, age: 0 \} \(on the reference: nothing\)/,
      );
      expect(leakedStores(actual)).to.deep.equal([{ model: Patient, tenant: 'globex' }]);
    } finally {
      await Promise.all([reference.driver.stop(), blind.driver.stop()]);
    }
  });

  it('writes tenant switches, the aliases tag and steps through a mirror, which pass on the reference', async () => {
    const steps: FuzzStep[] = [
      { kind: 'create', model: Hospital, data: { id: 'h1', name: 'St Mary', city: 'London' }, tenant: 'acme' },
      { kind: 'create', model: Patient, data: { id: 'p1', name: 'Alice', email: 'same@x' }, tenant: 'acme', database: 'clinic_replica' },
      { kind: 'create', model: Patient, data: { id: 'p1', name: 'Bob', email: 'same@x' }, tenant: 'globex', database: 'clinic_replica' },
      { kind: 'create', model: Hospital, data: { id: 'h1', name: 'St Mary', city: 'Paris' }, tenant: 'globex' },
      { kind: 'create', model: Visit, data: { id: 1, patientId: 'p1', reason: 'flu' }, tenant: 'globex' },
      { kind: 'query', model: Patient, query: { filter: {} }, tenant: 'acme', database: 'clinic_replica' },
      { kind: 'query', model: Patient, query: { filter: { name__startswith: 'B' } }, tenant: 'globex', database: 'clinic_replica' },
      { kind: 'upsert', model: Patient, data: { id: 'p2', name: 'Carol', email: 'c@x' }, tenant: 'acme', database: 'clinic_replica' },
      { kind: 'count', model: Visit, query: {}, tenant: 'acme' },
      { kind: 'get', model: Report, key: { id: 'r1' }, tenant: 'acme' },
    ];
    const reference = await startTarget('inmemory', tenantModels, specDatabases);
    let scenario: string;
    try {
      scenario = writeScenario('A hand-made multi-tenant sequence', steps, (await runSequence(reference, steps)).outcomes);
    } finally {
      await reference.driver.stop();
    }
    expect(scenario.split('\n')[0]).to.equal('  @databases-archive,central,clinic,clinic_replica');
    expect(scenario).to.include('    When I try to create a Patient in the "clinic_replica" database with:');
    expect(scenario).to.include('    When I query all Patients in the "clinic_replica" database');
    expect(scenario).to.include('    When I query Patients in the "clinic_replica" database with:');
    expect(scenario).to.include('    # The sequence went through clinic_replica here');
    expect(scenario).to.include('And the clashing field is "id"');
    expect(scenario.match(/Given the tenant is/g)).to.have.length(5);
    const file = path.join(dir, 'mirror.feature');
    writeFileSync(file, writeFeature('Steps through a mirror', [scenario]));
    const onReference = runFeature(file, 'inmemory');
    expect(scenarioCounts(onReference.output), onReference.output).to.deep.equal({ scenarios: 1, passed: 1 });
  });

  it('refuses a multi-tenant pass whose models cannot cross stores', async () => {
    const refused = await fuzz({
      backends: ['inmemory'],
      multiTenant: { models: [Patient, Visit], databases: specDatabases },
      runs: 1,
      seed: 1,
    }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(refused).to.match(/at least two database aliases, one of them a template.*these models are in clinic/);
  });

  it('reads --pass', async () => {
    const refused = await main(['--pass', 'tenants']).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(refused).to.equal('--pass takes single, multi-tenant, all, not "tenants".');
  });
});

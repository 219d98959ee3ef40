import { expect } from 'chai';
import { InMemoryBackend } from './backends/inmemory';
import { ControllableClock } from './clock';
import { Database } from './database';
import { DuplicateKeyError, NotFoundError, QueryError, ValidationError } from './errors';
import { field } from './fields';
import { defineModel } from './model';
import type { Repository } from './repository';
import { rejection } from '../../test/expect-rejection';
// The contract's User and TodoItem (../shared/interface.md), as the specification defines them.
import { TodoItem, User } from '../../features/models';

const Product = defineModel('Product', {
  sku: field.integer({ primaryKey: true, gt: 0 }),
  code: field.string({ unique: true }),
  barcode: field.string({ nullable: true, unique: true }),
});

const T0 = new Date('2024-01-01T00:00:00.000Z');

describe('Repository', () => {
  let clock: ControllableClock;
  let backend: InMemoryBackend;
  let db: Database;
  let users: Repository<typeof User>;
  let todos: Repository<typeof TodoItem>;
  let products: Repository<typeof Product>;

  beforeEach(() => {
    clock = new ControllableClock();
    clock.freeze(T0);
    backend = new InMemoryBackend();
    db = new Database(backend, { clock });
    users = db.repository(User);
    todos = db.repository(TodoItem);
    products = db.repository(Product);
  });

  describe('create', () => {
    it('returns the full record with defaults and timestamps, and stores it', async () => {
      const created = await users.create({ id: 'u1', email: 'a@x.io', name: 'Alice' });
      const expected = {
        id: 'u1',
        email: 'a@x.io',
        name: 'Alice',
        age: 0,
        score: null,
        active: true,
        tags: null,
        createdAt: T0,
        updatedAt: T0,
      };
      expect(created).to.deep.equal(expected);
      expect(await users.get('u1')).to.deep.equal(expected);
      expect(backend.storedRows(User)).to.deep.equal([expected]);
    });

    it('stores any Unicode text and JSON verbatim', async () => {
      const name = `O'Brien "😀" '; DROP TABLE users; -- \${x} #n :v \\ é\u0301 \uFFFF`;
      const tags = { 'key with "quotes"': ['😀', null, 1.5, { deep: [true] }], '': '' };
      await users.create({ id: '😀 id', email: 'e', name, tags });
      const got = await users.get('😀 id');
      expect(got?.name).to.equal(name);
      expect(got?.tags).to.deep.equal(tags);
    });

    it('keeps millisecond datetimes and returns UTC Dates', async () => {
      const at = new Date('1999-12-31T23:59:59.999Z');
      await users.create({ id: 'u1', email: 'e', name: 'n', createdAt: at });
      const got = await users.get('u1');
      expect(got?.createdAt).to.be.instanceOf(Date);
      expect(got?.createdAt.toISOString()).to.equal('1999-12-31T23:59:59.999Z');
    });

    it('raises ValidationError and stores nothing on bad input', async () => {
      const error = await rejection(users.create({ id: '', email: 'e', name: 'n', bogus: 1 } as never), ValidationError);
      expect(error.violations.map((v) => v.rule)).to.have.members(['key', 'unknown']);
      expect(backend.storedRows(User)).to.deep.equal([]);
    });

    it('raises DuplicateKeyError naming the primary key for a taken key', async () => {
      await users.create({ id: 'u1', email: 'a', name: 'A' });
      const error = await rejection(users.create({ id: 'u1', email: 'b', name: 'B' }), DuplicateKeyError);
      expect(error.fields).to.deep.equal(['id']);
      expect(error.values).to.deep.equal({ id: 'u1' });
      expect(error.code).to.equal('PARITY_DUPLICATE_KEY');
      expect(error.message).to.contain('User with id = "u1" already exists');
      expect((await users.get('u1'))?.name).to.equal('A');
    });

    it('names the primary key first when both the key and a unique value are taken', async () => {
      await users.create({ id: 'u1', email: 'a', name: 'A' });
      const error = await rejection(users.create({ id: 'u1', email: 'a', name: 'B' }), DuplicateKeyError);
      expect(error.fields).to.deep.equal(['id']);
    });

    it('raises DuplicateKeyError naming a taken unique field', async () => {
      await users.create({ id: 'u1', email: 'a@x.io', name: 'A' });
      const error = await rejection(users.create({ id: 'u2', email: 'a@x.io', name: 'B' }), DuplicateKeyError);
      expect(error.fields).to.deep.equal(['email']);
      expect(error.values).to.deep.equal({ email: 'a@x.io' });
      expect(await users.count()).to.equal(1);
    });

    it('compares unique strings case-sensitively', async () => {
      await users.create({ id: 'u1', email: 'a@x.io', name: 'A' });
      await users.create({ id: 'u2', email: 'A@x.io', name: 'B' });
      expect(await users.count()).to.equal(2);
    });

    it('ignores nulls in unique constraints', async () => {
      await products.create({ sku: 1, code: 'A', barcode: null });
      await products.create({ sku: 2, code: 'B' });
      await products.create({ sku: 3, code: 'C', barcode: '' });
      const error = await rejection(products.create({ sku: 4, code: 'D', barcode: '' }), DuplicateKeyError);
      expect(error.fields).to.deep.equal(['barcode']);
    });

    it('enforces composite keys and composite unique constraints', async () => {
      await todos.create({ userId: 'alice', todoId: 't1', title: 'Milk' });
      await todos.create({ userId: 'alice', todoId: 't2', title: 'Eggs' });
      await todos.create({ userId: 'bob', todoId: 't1', title: 'Milk' });
      const key = await rejection(todos.create({ userId: 'alice', todoId: 't1', title: 'Bread' }), DuplicateKeyError);
      expect(key.fields).to.deep.equal(['userId', 'todoId']);
      expect(key.values).to.deep.equal({ userId: 'alice', todoId: 't1' });
      const unique = await rejection(todos.create({ userId: 'alice', todoId: 't3', title: 'Milk' }), DuplicateKeyError);
      expect(unique.fields).to.deep.equal(['userId', 'title']);
      expect(unique.values).to.deep.equal({ userId: 'alice', title: 'Milk' });
      expect(unique.message).to.contain('(userId, title)');
      expect(await todos.count()).to.equal(3);
    });

    it('does not confuse composite keys whose parts concatenate alike', async () => {
      await todos.create({ userId: 'a', todoId: 'bc', title: 'one' });
      await todos.create({ userId: 'ab', todoId: 'c', title: 'two' });
      await todos.create({ userId: 'a,b', todoId: 'c', title: 'three' });
      await todos.create({ userId: 'a', todoId: 'b,c', title: 'four' });
      expect(await todos.count()).to.equal(4);
      expect((await todos.get({ userId: 'a', todoId: 'bc' }))?.title).to.equal('one');
      expect((await todos.get({ userId: 'a', todoId: 'b,c' }))?.title).to.equal('four');
    });

    it('sets autoNowAdd and autoNow from the injected clock', async () => {
      clock.freeze(new Date('2030-05-05T05:05:05.555Z'));
      const created = await users.create({ id: 'u1', email: 'e', name: 'n' });
      expect(created.createdAt.toISOString()).to.equal('2030-05-05T05:05:05.555Z');
      expect(created.updatedAt.toISOString()).to.equal('2030-05-05T05:05:05.555Z');
    });

    it('normalises -0 to 0', async () => {
      const created = await users.create({ id: 'u1', email: 'e', name: 'n', age: -0, score: -0 });
      expect(Object.is(created.age, 0)).to.equal(true);
      expect(Object.is((await users.get('u1'))?.score, 0)).to.equal(true);
    });
  });

  describe('get', () => {
    it('returns undefined for a missing record, never an error', async () => {
      expect(await users.get('nobody')).to.equal(undefined);
      expect(await users.get('')).to.equal(undefined);
      expect(await todos.get({ userId: 'a', todoId: 'b' })).to.equal(undefined);
    });

    it('takes a single key as a value or an object, and a composite key as an object', async () => {
      await users.create({ id: 'u1', email: 'e', name: 'n' });
      await products.create({ sku: 7, code: 'c' });
      await todos.create({ userId: 'alice', todoId: 't1', title: 'Milk' });
      expect((await users.get('u1'))?.id).to.equal('u1');
      expect((await users.get({ id: 'u1' }))?.id).to.equal('u1');
      expect((await products.get(7))?.code).to.equal('c');
      expect((await products.get(-0 + 7))?.code).to.equal('c');
      expect((await todos.get({ todoId: 't1', userId: 'alice' }))?.title).to.equal('Milk');
    });

    it('raises QueryError for a key of the wrong shape or type', async () => {
      const wrongType = await rejection(users.get(5), QueryError);
      expect(wrongType.message).to.contain('is not a User primary key (id): id must be a string, got 5');
      expect((await rejection(products.get('7'), QueryError)).message).to.contain('sku must be an integer, got "7"');
      await rejection(products.get(1.5), QueryError);
      const partial = await rejection(todos.get({ userId: 'alice' }), QueryError);
      expect(partial.message).to.contain('todoId must be a string, got undefined');
      await rejection(todos.get('alice'), QueryError);
      const extra = await rejection(users.get({ id: 'u1', email: 'e' }), QueryError);
      expect(extra.message).to.contain('email is not part of the primary key');
    });
  });

  describe('update', () => {
    beforeEach(async () => {
      await users.create({ id: 'u1', email: 'a@x.io', name: 'Alice', age: 30 });
      await users.create({ id: 'u2', email: 'b@x.io', name: 'Bob' });
    });

    it('changes only the given fields, refreshes autoNow and keeps autoNowAdd', async () => {
      clock.advance(5000);
      const updated = await users.update('u1', { name: 'Alicia', score: 1.5 });
      const later = new Date(T0.getTime() + 5000);
      const expected = {
        id: 'u1',
        email: 'a@x.io',
        name: 'Alicia',
        age: 30,
        score: 1.5,
        active: true,
        tags: null,
        createdAt: T0,
        updatedAt: later,
      };
      expect(updated).to.deep.equal(expected);
      expect(await users.get('u1')).to.deep.equal(expected);
      expect((await users.get('u2'))?.updatedAt).to.deep.equal(T0);
    });

    it('can set a nullable field back to null', async () => {
      await users.update('u1', { score: 2 });
      expect((await users.update('u1', { score: null })).score).to.equal(null);
    });

    it('raises NotFoundError for a missing record', async () => {
      const error = await rejection(users.update('ghost', { name: 'x' }), NotFoundError);
      expect(error.key).to.deep.equal({ id: 'ghost' });
      expect(error.code).to.equal('PARITY_NOT_FOUND');
      expect(await users.get('ghost')).to.equal(undefined);
      await rejection(todos.update({ userId: 'a', todoId: 'b' }, { title: 'x' }), NotFoundError);
    });

    it('raises ValidationError for a changed primary key and allows the same value', async () => {
      const error = await rejection(users.update('u1', { id: 'u9' }), ValidationError);
      expect(error.violations.map((v) => [v.field, v.rule])).to.deep.equal([['id', 'immutable']]);
      expect(await users.get('u9')).to.equal(undefined);
      expect((await users.update('u1', { id: 'u1', name: 'Al' })).name).to.equal('Al');
    });

    it('raises ValidationError for broken rules and changes nothing', async () => {
      const error = await rejection(users.update('u1', { name: '', age: 200, email: null } as never), ValidationError);
      expect(error.violations.map((v) => v.rule)).to.deep.equal(['nullable', 'minLength', 'le']);
      expect((await users.get('u1'))?.name).to.equal('Alice');
    });

    it('raises DuplicateKeyError for a taken unique value, and allows keeping its own', async () => {
      const error = await rejection(users.update('u2', { email: 'a@x.io' }), DuplicateKeyError);
      expect(error.fields).to.deep.equal(['email']);
      expect((await users.get('u2'))?.email).to.equal('b@x.io');
      expect((await users.update('u1', { email: 'a@x.io' })).email).to.equal('a@x.io');
    });

    it('checks composite unique constraints against the merged record', async () => {
      await todos.create({ userId: 'alice', todoId: 't1', title: 'Milk' });
      await todos.create({ userId: 'alice', todoId: 't2', title: 'Eggs' });
      const error = await rejection(todos.update({ userId: 'alice', todoId: 't2' }, { title: 'Milk' }), DuplicateKeyError);
      expect(error.fields).to.deep.equal(['userId', 'title']);
      expect((await todos.update({ userId: 'alice', todoId: 't1' }, { title: 'Milk', priority: 5 })).priority).to.equal(5);
    });
  });

  describe('delete', () => {
    it('deletes the record', async () => {
      await users.create({ id: 'u1', email: 'e', name: 'n' });
      await users.delete('u1');
      expect(await users.get('u1')).to.equal(undefined);
      expect(await users.count()).to.equal(0);
    });

    it('frees its unique values', async () => {
      await users.create({ id: 'u1', email: 'e', name: 'n' });
      await users.delete('u1');
      await users.create({ id: 'u2', email: 'e', name: 'n' });
      await users.create({ id: 'u1', email: 'f', name: 'n' });
      expect(await users.count()).to.equal(2);
    });

    it('raises NotFoundError for a missing record, also the second time', async () => {
      await users.create({ id: 'u1', email: 'e', name: 'n' });
      await users.delete('u1');
      const error = await rejection(users.delete('u1'), NotFoundError);
      expect(error.message).to.contain('User "u1" was not found');
    });

    it('deletes one record of a composite key only', async () => {
      await todos.create({ userId: 'alice', todoId: 't1', title: 'A' });
      await todos.create({ userId: 'alice', todoId: 't2', title: 'B' });
      await todos.delete({ userId: 'alice', todoId: 't1' });
      expect((await todos.all()).map((t) => t.todoId)).to.deep.equal(['t2']);
      await rejection(todos.delete({ userId: 'alice', todoId: 't1' }), NotFoundError);
    });
  });

  describe('upsert', () => {
    it('inserts a missing record with defaults and timestamps', async () => {
      const record = await users.upsert({ id: 'u1', email: 'e', name: 'n' });
      expect(record).to.deep.equal({
        id: 'u1',
        email: 'e',
        name: 'n',
        age: 0,
        score: null,
        active: true,
        tags: null,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(await users.get('u1')).to.deep.equal(record);
    });

    it('replaces the whole record: omitted fields take their defaults, autoNowAdd is kept, autoNow refreshed', async () => {
      await users.create({ id: 'u1', email: 'e', name: 'n', age: 40, score: 9.5, active: false, tags: ['x'] });
      clock.advance(60_000);
      const record = await users.upsert({ id: 'u1', email: 'e2', name: 'm' });
      const later = new Date(T0.getTime() + 60_000);
      const expected = { id: 'u1', email: 'e2', name: 'm', age: 0, score: null, active: true, tags: null, createdAt: T0, updatedAt: later };
      expect(record).to.deep.equal(expected);
      expect(await users.get('u1')).to.deep.equal(expected);
      expect(await users.count()).to.equal(1);
    });

    it('keeps the original autoNowAdd even when one is given', async () => {
      await users.create({ id: 'u1', email: 'e', name: 'n' });
      const record = await users.upsert({ id: 'u1', email: 'e', name: 'n', createdAt: new Date('2000-01-01T00:00:00Z') });
      expect(record.createdAt).to.deep.equal(T0);
    });

    it('never raises DuplicateKeyError for its own key or its own unique values', async () => {
      await users.create({ id: 'u1', email: 'same', name: 'n' });
      await users.upsert({ id: 'u1', email: 'same', name: 'again' });
      expect((await users.get('u1'))?.name).to.equal('again');
      await todos.create({ userId: 'alice', todoId: 't1', title: 'Milk' });
      await todos.upsert({ userId: 'alice', todoId: 't1', title: 'Milk', priority: 1 });
      expect((await todos.get({ userId: 'alice', todoId: 't1' }))?.priority).to.equal(1);
    });

    it("raises DuplicateKeyError when it would take another record's unique value", async () => {
      await users.create({ id: 'u1', email: 'a', name: 'n' });
      await users.create({ id: 'u2', email: 'b', name: 'n' });
      const replace = await rejection(users.upsert({ id: 'u2', email: 'a', name: 'n' }), DuplicateKeyError);
      expect(replace.fields).to.deep.equal(['email']);
      expect((await users.get('u2'))?.email).to.equal('b');
      const insert = await rejection(users.upsert({ id: 'u3', email: 'a', name: 'n' }), DuplicateKeyError);
      expect(insert.fields).to.deep.equal(['email']);
      expect(await users.get('u3')).to.equal(undefined);
      await todos.create({ userId: 'alice', todoId: 't1', title: 'Milk' });
      const composite = await rejection(todos.upsert({ userId: 'alice', todoId: 't2', title: 'Milk' }), DuplicateKeyError);
      expect(composite.fields).to.deep.equal(['userId', 'title']);
    });

    it('validates like create', async () => {
      const error = await rejection(users.upsert({ id: 'u1', email: 'e' } as never), ValidationError);
      expect(error.violations.map((v) => [v.field, v.rule])).to.deep.equal([['name', 'required']]);
    });
  });

  describe('returned records are copies', () => {
    it('changing a created, read, updated, upserted or queried record does not change storage', async () => {
      const created = await users.create({ id: 'u1', email: 'e', name: 'n', tags: { list: [1] } });
      created.name = 'changed';
      created.createdAt.setTime(0);
      (created.tags as { list: number[] }).list.push(2);
      const read = await users.get('u1');
      expect(read?.name).to.equal('n');
      expect(read?.createdAt).to.deep.equal(T0);
      expect(read?.tags).to.deep.equal({ list: [1] });

      (read?.tags as { list: number[] }).list.push(3);
      read?.updatedAt.setTime(0);
      const updated = await users.update('u1', { age: 1 });
      expect(updated.tags).to.deep.equal({ list: [1] });
      updated.email = 'x';
      (updated.tags as { list: number[] }).list.push(4);
      const upserted = await users.upsert({ id: 'u1', email: 'e', name: 'n', tags: { list: [1] } });
      upserted.createdAt.setTime(1);
      const [queried] = await users.all();
      expect(queried?.email).to.equal('e');
      expect(queried?.createdAt).to.deep.equal(T0);
      queried!.name = 'q';
      (queried!.tags as { list: number[] }).list.push(5);
      const first = await users.query().first();
      first!.createdAt.setTime(2);
      const page = await users.page(10);
      page.items[0]!.name = 'p';
      expect(backend.storedRows(User)).to.deep.equal([
        { id: 'u1', email: 'e', name: 'n', age: 0, score: null, active: true, tags: { list: [1] }, createdAt: T0, updatedAt: T0 },
      ]);
    });

    it('changing the input after create does not change storage', async () => {
      const input = { id: 'u1', email: 'e', name: 'n', tags: { a: [1] } as { a: number[] }, createdAt: new Date(1000) };
      await users.create(input);
      input.tags.a.push(2);
      input.createdAt.setTime(0);
      const read = await users.get('u1');
      expect(read?.tags).to.deep.equal({ a: [1] });
      expect(read?.createdAt.getTime()).to.equal(1000);
    });
  });

  describe('queries', () => {
    it('all returns every record in primary-key order', async () => {
      for (const id of ['c', 'a', 'b']) await users.create({ id, email: id, name: id });
      expect((await users.all()).map((u) => u.id)).to.deep.equal(['a', 'b', 'c']);
    });

    it('count and exists take the same lookups as queries', async () => {
      await users.create({ id: 'a', email: 'a', name: 'A', age: 20 });
      await users.create({ id: 'b', email: 'b', name: 'B', age: 40 });
      expect(await users.count()).to.equal(2);
      expect(await users.count({ age__gte: 30 })).to.equal(1);
      expect(await users.count({ age__gte: 50 })).to.equal(0);
      expect(await users.exists({ name__istartswith: 'b' })).to.equal(true);
      expect(await users.exists({ name: 'C' })).to.equal(false);
      expect(await users.exists()).to.equal(true);
      await rejection((async () => users.count({ agee: 1 }))(), QueryError);
      await rejection((async () => users.exists({ age__gt: null }))(), QueryError);
    });

    it('count and exists report a bad lookup as a rejected promise, not a synchronous throw', async () => {
      let countPromise: Promise<number> | undefined;
      let existsPromise: Promise<boolean> | undefined;
      expect(() => (countPromise = users.count({ agee: 1 }))).to.not.throw();
      expect(() => (existsPromise = users.exists({ age__gt: null }))).to.not.throw();
      await rejection(countPromise as Promise<number>, QueryError);
      await rejection(existsPromise as Promise<boolean>, QueryError);
    });

    it('filter checks lookups when given', () => {
      expect(() => users.filter({ nope: 1 })).to.throw(QueryError);
    });

    it('integer primary keys are ordered numerically', async () => {
      for (const sku of [10, 9, 100, 1]) await products.create({ sku, code: `c${sku}` });
      expect((await products.all()).map((p) => p.sku)).to.deep.equal([1, 9, 10, 100]);
    });
  });
});

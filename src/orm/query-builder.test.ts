import { expect } from 'chai';
import { InMemoryBackend } from './backends/inmemory';
import { ControllableClock } from './clock';
import { Database } from './database';
import { QueryError } from './errors';
import { field } from './fields';
import { defineModel, type InputFor } from './model';
import type { Page, QueryBuilder } from './query-builder';
import type { Repository } from './repository';
import { rejection } from '../../test/expect-rejection';

const Person = defineModel('Person', {
  id: field.string({ primaryKey: true }),
  name: field.string({ nullable: true }),
  age: field.integer({ nullable: true }),
  score: field.float({ nullable: true }),
  active: field.boolean({ default: true }),
  seenAt: field.datetime({ nullable: true }),
  tags: field.json({ nullable: true }),
});

const Todo = defineModel('Todo', {
  userId: field.string({ primaryKey: true }),
  todoId: field.integer({ primaryKey: true }),
  title: field.string(),
});

const Other = defineModel('Other', { id: field.string({ primaryKey: true }), age: field.integer() });

type PersonRecord = InputFor<typeof Person>;

const PEOPLE: PersonRecord[] = [
  { id: 'p01', name: 'alice', age: 30, score: 1.5, seenAt: new Date('2024-01-01T00:00:00.000Z') },
  { id: 'p02', name: 'Bob', age: 25, score: null, active: false, seenAt: new Date('2024-01-01T00:00:00.001Z') },
  { id: 'p03', name: null, age: 30, score: 2.5, seenAt: null },
  { id: 'p04', name: 'Émile', age: null, score: -1, seenAt: new Date('2023-06-01T12:00:00.000Z') },
  { id: 'p05', name: 'émile', age: 41, score: 0, active: false, seenAt: null },
  { id: 'p06', name: '😀 smile', age: 25, score: 10, seenAt: new Date('2025-01-01T00:00:00.000Z') },
  { id: 'p07', name: '\uFF5A wide z', age: null, score: null, seenAt: new Date('2024-01-01T00:00:00.000Z') },
  { id: 'p08', name: 'alice', age: 19, score: 3, seenAt: new Date('2022-02-02T02:02:02.222Z') },
  { id: 'p09', name: 'ALICE', age: 30, score: 7.25, tags: ['x'] },
  { id: 'p10', name: 'zed', age: 65, score: null, active: false, tags: { a: 1 } },
  { id: 'p11', name: '', age: 0, score: 0.5 },
];

async function ids(query: QueryBuilder<typeof Person>): Promise<string[]> {
  return (await query.all()).map((p) => p.id);
}

async function walk<M extends typeof Person | typeof Todo>(query: QueryBuilder<M>, size: number): Promise<Page<unknown>[]> {
  const pages: Page<unknown>[] = [];
  for await (const page of query.pages(size)) {
    pages.push(page);
    if (pages.length > 100) throw new Error('too many pages');
  }
  return pages;
}

describe('QueryBuilder', () => {
  let db: Database;
  let people: Repository<typeof Person>;

  beforeEach(async () => {
    const clock = new ControllableClock();
    clock.freeze(new Date('2024-06-01T00:00:00Z'));
    db = new Database(new InMemoryBackend(), { clock });
    people = db.repository(Person);
    // Insert out of key order so that storage order is not key order.
    for (const person of [...PEOPLE].reverse()) await people.create(person);
  });

  describe('filter and exclude', () => {
    it('filters with every lookup of one call combined by and', async () => {
      expect(await ids(people.filter({ age: 30, name: 'alice' }))).to.deep.equal(['p01']);
      expect(await ids(people.filter({ age__gte: 30 }))).to.deep.equal(['p01', 'p03', 'p05', 'p09', 'p10']);
    });

    it('chains filters with and', async () => {
      expect(await ids(people.query().filter({ age__gte: 25 }).filter({ age__lt: 31 }).filter({ name__ne: null }))).to.deep.equal([
        'p01',
        'p02',
        'p06',
        'p09',
      ]);
    });

    it('never lets a comparison other than exact null match a null', async () => {
      expect(await ids(people.filter({ age__ne: 30 }))).to.deep.equal(['p02', 'p05', 'p06', 'p08', 'p10', 'p11']);
      expect(await ids(people.filter({ age: null }))).to.deep.equal(['p04', 'p07']);
      expect(await ids(people.filter({ age__isnull: true }))).to.deep.equal(['p04', 'p07']);
      expect(await ids(people.filter({ tags__isnull: false }))).to.deep.equal(['p09', 'p10']);
      expect(await ids(people.filter({ name__startswith: '' }))).to.have.length(10);
    });

    it('the empty string is not null', async () => {
      expect(await ids(people.filter({ name: '' }))).to.deep.equal(['p11']);
      expect(await ids(people.filter({ name__isnull: true }))).to.deep.equal(['p03']);
    });

    it('matches strings case-sensitively, and the i lookups fold ASCII only', async () => {
      expect(await ids(people.filter({ name: 'alice' }))).to.deep.equal(['p01', 'p08']);
      expect(await ids(people.filter({ name__icontains: 'ALIC' }))).to.deep.equal(['p01', 'p08', 'p09']);
      expect(await ids(people.filter({ name__istartswith: 'é' }))).to.deep.equal(['p05']);
      expect(await ids(people.filter({ name__istartswith: 'É' }))).to.deep.equal(['p04']);
      expect(await ids(people.filter({ name__iendswith: 'MILE' }))).to.deep.equal(['p04', 'p05', 'p06']);
      expect(await ids(people.filter({ name__contains: '😀' }))).to.deep.equal(['p06']);
    });

    it('matches datetimes by instant at millisecond precision', async () => {
      expect(await ids(people.filter({ seenAt: new Date('2024-01-01T00:00:00.000Z') }))).to.deep.equal(['p01', 'p07']);
      expect(await ids(people.filter({ seenAt__gt: new Date('2024-01-01T00:00:00.000Z') }))).to.deep.equal(['p02', 'p06']);
      expect(
        await ids(people.filter({ seenAt__in: [new Date('2024-01-01T00:00:00.001Z'), new Date('2022-02-02T02:02:02.222Z')] })),
      ).to.deep.equal(['p02', 'p08']);
    });

    it('exclude is the exact complement of filter, keeping nulls', async () => {
      expect(await ids(people.query().exclude({ age__gt: 28 }))).to.deep.equal(['p02', 'p04', 'p06', 'p07', 'p08', 'p11']);
      for (const lookups of [
        { age__gt: 28 },
        { name__icontains: 'alice' },
        { score: null },
        { age__in: [25, 30] },
        { age: 30, score__gt: 2 },
      ]) {
        const kept = await ids(people.filter(lookups));
        const excluded = await ids(people.query().exclude(lookups));
        expect([...kept, ...excluded].sort(), JSON.stringify(lookups)).to.deep.equal(PEOPLE.map((p) => p.id));
        expect(kept.filter((id) => excluded.includes(id))).to.deep.equal([]);
      }
    });

    it('exclude drops only records matching every lookup of one call', async () => {
      expect(await ids(people.query().exclude({ age: 30, name: 'alice' }))).to.not.include('p01');
      expect(await ids(people.query().exclude({ age: 30, name: 'alice' }))).to.include('p09');
    });

    it('checks lookups when given, and never changes the original query', async () => {
      const base = people.query();
      expect(() => base.filter({ agee: 1 })).to.throw(QueryError);
      expect(() => base.exclude({ age__gt: null })).to.throw(QueryError);
      const filtered = base.filter({ age: 30 });
      expect(filtered).to.not.equal(base);
      expect(await ids(base)).to.have.length(PEOPLE.length);
      expect(await ids(filtered)).to.have.length(3);
    });
  });

  describe('order', () => {
    it('defaults to primary-key order', async () => {
      expect(await ids(people.query())).to.deep.equal(PEOPLE.map((p) => p.id));
    });

    it('sorts nulls first ascending and last descending, ties by primary key', async () => {
      expect(await ids(people.query().orderBy('age'))).to.deep.equal([
        'p04',
        'p07',
        'p11',
        'p08',
        'p02',
        'p06',
        'p01',
        'p03',
        'p09',
        'p05',
        'p10',
      ]);
      expect(await ids(people.query().orderBy('-age'))).to.deep.equal([
        'p10',
        'p05',
        'p01',
        'p03',
        'p09',
        'p02',
        'p06',
        'p08',
        'p11',
        'p04',
        'p07',
      ]);
    });

    it('sorts strings by code point (astral after U+FF5A, case-sensitive)', async () => {
      expect(await ids(people.query().orderBy('name'))).to.deep.equal([
        'p03',
        'p11',
        'p09',
        'p02',
        'p01',
        'p08',
        'p10',
        'p04',
        'p05',
        'p07',
        'p06',
      ]);
    });

    it('sorts floats, booleans and datetimes', async () => {
      expect(await ids(people.query().orderBy('score'))).to.deep.equal([
        'p02',
        'p07',
        'p10',
        'p04',
        'p05',
        'p11',
        'p01',
        'p03',
        'p08',
        'p09',
        'p06',
      ]);
      expect(await ids(people.query().orderBy('active'))).to.deep.equal([
        'p02',
        'p05',
        'p10',
        'p01',
        'p03',
        'p04',
        'p06',
        'p07',
        'p08',
        'p09',
        'p11',
      ]);
      expect(await ids(people.query().orderBy('-seenAt'))).to.deep.equal([
        'p06',
        'p02',
        'p01',
        'p07',
        'p04',
        'p08',
        'p03',
        'p05',
        'p09',
        'p10',
        'p11',
      ]);
    });

    it('sorts by several fields', async () => {
      expect(await ids(people.query().orderBy('-age', 'name'))).to.deep.equal([
        'p10',
        'p05',
        'p03',
        'p09',
        'p01',
        'p02',
        'p06',
        'p08',
        'p11',
        'p04',
        'p07',
      ]);
    });

    it('a later orderBy replaces an earlier one', async () => {
      expect(await ids(people.query().orderBy('-age').orderBy())).to.deep.equal(PEOPLE.map((p) => p.id));
      expect(await ids(people.query().orderBy('name').orderBy('-id'))).to.deep.equal(PEOPLE.map((p) => p.id).reverse());
    });

    it('rejects unknown, json and repeated fields when given', () => {
      expect(() => people.query().orderBy('height')).to.throw(QueryError, /no field "height"/);
      expect(() => people.query().orderBy('tags')).to.throw(QueryError, /json/);
      expect(() => people.query().orderBy('age', '-age')).to.throw(QueryError, /twice/);
    });
  });

  describe('limit, offset and first', () => {
    it('limits and offsets in order', async () => {
      expect(await ids(people.query().limit(3))).to.deep.equal(['p01', 'p02', 'p03']);
      expect(await ids(people.query().offset(9))).to.deep.equal(['p10', 'p11']);
      expect(await ids(people.query().orderBy('-id').offset(2).limit(2))).to.deep.equal(['p09', 'p08']);
      expect(await ids(people.query().offset(100))).to.deep.equal([]);
    });

    it('limit 0 returns nothing', async () => {
      expect(await ids(people.query().limit(0))).to.deep.equal([]);
      expect(await people.query().limit(0).first()).to.equal(undefined);
    });

    it('rejects a negative or fractional limit or offset when given', () => {
      expect(() => people.query().limit(-1)).to.throw(QueryError, /non-negative integer/);
      expect(() => people.query().limit(1.5)).to.throw(QueryError);
      expect(() => people.query().offset(-1)).to.throw(QueryError);
      expect(() => people.query().offset(Number.NaN)).to.throw(QueryError);
    });

    it('first returns the first record in order, or undefined', async () => {
      expect((await people.query().orderBy('-score').first())?.id).to.equal('p06');
      expect((await people.query().offset(2).first())?.id).to.equal('p03');
      expect(await people.filter({ age: 1000 }).first()).to.equal(undefined);
    });
  });

  describe('count and exists', () => {
    it('count the matching records', async () => {
      expect(await people.query().count()).to.equal(11);
      expect(await people.filter({ age: 30 }).count()).to.equal(3);
      expect(await people.query().exclude({ age: 30 }).count()).to.equal(8);
      expect(await people.filter({ age: 30 }).exists()).to.equal(true);
      expect(await people.filter({ age: 31 }).exists()).to.equal(false);
    });

    it('honour limit and offset', async () => {
      const thirty = people.filter({ age: 30 });
      expect(await thirty.limit(2).count()).to.equal(2);
      expect(await thirty.offset(1).count()).to.equal(2);
      expect(await thirty.offset(2).limit(5).count()).to.equal(1);
      expect(await thirty.offset(3).count()).to.equal(0);
      expect(await thirty.offset(10).count()).to.equal(0);
      expect(await thirty.limit(0).count()).to.equal(0);
      expect(await thirty.limit(0).exists()).to.equal(false);
      expect(await thirty.offset(2).exists()).to.equal(true);
      expect(await thirty.offset(3).exists()).to.equal(false);
      expect(await thirty.limit(1).exists()).to.equal(true);
    });

    it('agree with all()', async () => {
      for (const query of [people.query(), people.filter({ score__gt: 0 }).offset(2), people.query().limit(4), people.query().offset(11)]) {
        const all = await query.all();
        expect(await query.count()).to.equal(all.length);
        expect(await query.exists()).to.equal(all.length > 0);
      }
    });
  });

  describe('pages', () => {
    async function expectWalk(query: QueryBuilder<typeof Person>, size: number): Promise<Page<unknown>[]> {
      const expected = await ids(query);
      const pages = await walk(query, size);
      const seen = pages.flatMap((p) => (p.items as { id: string }[]).map((r) => r.id));
      expect(seen, `page size ${size}`).to.deep.equal(expected);
      for (const page of pages.slice(0, -1)) {
        expect(page.items).to.have.length(size);
        expect(page.nextCursor).to.be.a('string');
      }
      expect(pages[pages.length - 1]?.nextCursor).to.equal(null);
      expect(pages).to.have.length(Math.max(1, Math.ceil(expected.length / size)));
      return pages;
    }

    it('walks every record exactly once, in primary-key order, for every page size', async () => {
      for (let size = 1; size <= 12; size += 1) await expectWalk(people.query(), size);
    });

    it('has no trailing empty page when the count is a multiple of the page size', async () => {
      const pages = await walk(people.query().filter({ id__ne: 'p11' }), 5);
      expect(pages.map((p) => p.items.length)).to.deep.equal([5, 5]);
      expect(pages[1]?.nextCursor).to.equal(null);
      const single = await people.query().filter({ id__ne: 'p11' }).page(10);
      expect(single.items).to.have.length(10);
      expect(single.nextCursor).to.equal(null);
    });

    it('makes one empty page for no results', async () => {
      const pages = await walk(people.filter({ age: 1000 }), 3);
      expect(pages).to.deep.equal([{ items: [], nextCursor: null }]);
      expect(await people.filter({ age: 1000 }).page(3)).to.deep.equal({ items: [], nextCursor: null });
    });

    it('walks ascending and descending orders with nulls, ties and datetimes', async () => {
      for (const order of [
        ['age'],
        ['-age'],
        ['name'],
        ['-name'],
        ['seenAt'],
        ['-seenAt'],
        ['-score', 'name'],
        ['active', '-seenAt'],
        ['-id'],
        ['score', '-id'],
      ]) {
        for (const size of [1, 2, 3, 4]) await expectWalk(people.query().orderBy(...order), size);
      }
    });

    it('walks a filtered query', async () => {
      await expectWalk(people.filter({ age__gte: 25 }).orderBy('-seenAt'), 2);
      await expectWalk(people.query().exclude({ name__icontains: 'a' }).orderBy('name'), 2);
    });

    it('walks composite keys', async () => {
      const todos = db.repository(Todo);
      for (const [userId, todoId] of [
        ['b', 2],
        ['a', 10],
        ['b', 1],
        ['a', 2],
        ['a', 1],
      ] as const)
        await todos.create({ userId, todoId, title: `${userId}${todoId}` });
      const pages = await walk(todos.query(), 2);
      expect(pages.flatMap((p) => (p.items as { title: string }[]).map((t) => t.title))).to.deep.equal(['a1', 'a2', 'a10', 'b1', 'b2']);
      const byTitle = await walk(todos.query().orderBy('-title'), 2);
      expect(byTitle.flatMap((p) => (p.items as { title: string }[]).map((t) => t.title))).to.deep.equal(['b2', 'b1', 'a2', 'a10', 'a1']);
    });

    it('continues after records added or removed between pages without repeating any', async () => {
      const query = people.query().orderBy('age');
      const first = await query.page(4);
      expect(first.items.map((p) => p.id)).to.deep.equal(['p04', 'p07', 'p11', 'p08']);
      await people.delete('p08');
      await people.create({ id: 'p00', name: 'new', age: 1 });
      const second = await query.page(4, first.nextCursor);
      expect(second.items.map((p) => p.id)).to.deep.equal(['p02', 'p06', 'p01', 'p03']);
    });

    it('the same page can be fetched again with the same cursor', async () => {
      const query = people.query().orderBy('-seenAt');
      const first = await query.page(3);
      const again = await query.page(3, first.nextCursor);
      const once = await query.page(3, first.nextCursor);
      expect(again).to.deep.equal(once);
      expect(await query.page(3, null)).to.deep.equal(first);
      expect(await query.page(3)).to.deep.equal(first);
    });

    it('gives opaque string cursors', async () => {
      const { nextCursor } = await people.query().page(2);
      expect(nextCursor)
        .to.be.a('string')
        .and.to.match(/^[A-Za-z0-9_-]+$/);
    });

    it('rejects a tampered or garbage cursor with QueryError', async () => {
      const query = people.query().orderBy('age');
      const { nextCursor } = await query.page(2);
      const cursor = nextCursor as string;
      const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
      const tampered = [
        'garbage',
        '',
        '!!!!',
        cursor.slice(0, -3),
        `${cursor}x`.replace(/^./, 'A'),
        Buffer.from('null').toString('base64url'),
        Buffer.from('42').toString('base64url'),
        Buffer.from('{}').toString('base64url'),
        Buffer.from(decoded.replace('Person:age,id', 'Person:name,id')).toString('base64url'),
        Buffer.from(JSON.stringify({ s: 'Person:age,id', v: ['thirty', 'p01'] })).toString('base64url'),
        Buffer.from(JSON.stringify({ s: 'Person:age,id', v: [30] })).toString('base64url'),
        Buffer.from(JSON.stringify({ s: 'Person:age,id', v: [30, 5] })).toString('base64url'),
        Buffer.from(JSON.stringify({ s: 'Person:age,id', v: 'x' })).toString('base64url'),
      ];
      for (const bad of tampered) {
        const error = await rejection(query.page(2, bad), QueryError);
        expect(error.message, bad).to.contain('does not belong to this Person query');
      }
    });

    it('rejects a cursor from another model or another order', async () => {
      const others = db.repository(Other);
      await others.create({ id: 'o1', age: 1 });
      await others.create({ id: 'o2', age: 2 });
      const foreign = (await others.query().page(1)).nextCursor as string;
      await rejection(people.query().page(1, foreign), QueryError);
      const byAge = (await people.query().orderBy('age').page(1)).nextCursor as string;
      await rejection(people.query().orderBy('-age').page(1, byAge), QueryError);
      await rejection(people.query().page(1, byAge), QueryError);
      const byDate = (await people.query().orderBy('seenAt').page(1)).nextCursor as string;
      await rejection(people.query().orderBy('seenAt', 'name').page(1, byDate), QueryError);
    });

    it('rejects a datetime cursor value that is not a date', async () => {
      const bad = Buffer.from(JSON.stringify({ s: 'Person:seenAt,id', v: ['not a date', 'p01'] })).toString('base64url');
      await rejection(people.query().orderBy('seenAt').page(2, bad), QueryError);
    });

    it('rejects a bad page size, and limit or offset on a paged query', async () => {
      for (const size of [0, -1, 1.5, Number.NaN]) await rejection(people.query().page(size), QueryError);
      expect((await rejection(people.query().limit(5).page(2), QueryError)).message).to.contain('remove them from the query');
      await rejection(people.query().offset(1).page(2), QueryError);
      await rejection(people.page(0), QueryError);
    });

    it('Repository.page walks in primary-key order', async () => {
      const first = await people.page(6);
      const second = await people.page(6, first.nextCursor);
      expect([...first.items, ...second.items].map((p) => p.id)).to.deep.equal(PEOPLE.map((p) => p.id));
      expect(second.nextCursor).to.equal(null);
    });
  });
});

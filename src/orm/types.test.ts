/*
 * Type-level tests for defineModel and the repository: `npx tsc --noEmit -p .` checks them.
 * Every `// @ts-expect-error` line must be a compile error, or tsc reports the directive as unused.
 * The few runtime checks only make sure the same shapes work when run.
 */
import { expect } from 'chai';
import { InMemoryBackend } from './backends/inmemory';
import { Database } from './database';
import { field, type JsonValue } from './fields';
import { defineModel, type ChangesFor, type InputFor, type RecordFor } from './model';
import type { Page } from './query-builder';

/** True when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when given `true`. */
function assertType<T extends true>(_proof?: T): void {}

const User = defineModel('User', {
  id: field.string({ primaryKey: true }),
  email: field.string({ unique: true }),
  name: field.string({ minLength: 1, maxLength: 100 }),
  age: field.integer({ ge: 0, le: 150, default: 0 }),
  score: field.float({ nullable: true }),
  active: field.boolean({ default: true }),
  tags: field.json({ nullable: true }),
  createdAt: field.datetime({ autoNowAdd: true }),
  updatedAt: field.datetime({ autoNow: true }),
  nickname: field.string({ default: () => 'anon' }),
});

const TodoItem = defineModel(
  'TodoItem',
  {
    userId: field.string({ primaryKey: true }),
    todoId: field.string({ primaryKey: true }),
    title: field.string(),
  },
  { unique: [['userId', 'title']] },
);

type UserRecord = RecordFor<typeof User>;
type UserInput = InputFor<typeof User>;
type UserChanges = ChangesFor<typeof User>;

describe('types', () => {
  it('infers the stored record type, with nullable fields as T | null', () => {
    assertType<
      Equal<
        UserRecord,
        {
          id: string;
          email: string;
          name: string;
          age: number;
          score: number | null;
          active: boolean;
          tags: JsonValue | null;
          createdAt: Date;
          updatedAt: Date;
          nickname: string;
        }
      >
    >(true);
    assertType<Equal<UserRecord['score'], number | null>>(true);
    assertType<Equal<UserRecord['age'], number>>(true);
    // @ts-expect-error a non-nullable field is not nullable
    assertType<Equal<UserRecord['age'], number | null>>(true);
  });

  it('makes fields with a default, nullable or clock-set fields optional in create input', () => {
    assertType<Equal<keyof UserInput, keyof UserRecord>>(true);
    const minimal: UserInput = { id: 'u1', email: 'e', name: 'n' };
    const full: UserInput = {
      id: 'u1',
      email: 'e',
      name: 'n',
      age: 3,
      score: null,
      active: false,
      tags: { a: [1, 'x', null] },
      createdAt: new Date(),
      updatedAt: new Date(),
      nickname: 'x',
    };
    expect(minimal.id).to.equal(full.id);
    // @ts-expect-error email is required
    const missing: UserInput = { id: 'u1', name: 'n' };
    // @ts-expect-error nickname is not a field
    const unknown: UserInput = { id: 'u1', email: 'e', name: 'n', nick: 'x' };
    // @ts-expect-error age is an integer field
    const wrongType: UserInput = { id: 'u1', email: 'e', name: 'n', age: '3' };
    // @ts-expect-error name is not nullable
    const nullName: UserInput = { id: 'u1', email: 'e', name: null };
    // @ts-expect-error createdAt is a datetime
    const stringDate: UserInput = { id: 'u1', email: 'e', name: 'n', createdAt: '2024-01-01' };
    void [missing, unknown, wrongType, nullName, stringDate];
  });

  it('update accepts any subset of the fields', () => {
    const changes: UserChanges = { name: 'x' };
    const none: UserChanges = {};
    // @ts-expect-error not a field
    const unknown: UserChanges = { nick: 'x' };
    // @ts-expect-error active is a boolean
    const wrong: UserChanges = { active: 'yes' };
    void [changes, none, unknown, wrong];
  });

  it('infers the repository types from the model', async () => {
    const db = new Database(new InMemoryBackend());
    const users = db.repository(User);
    const todos = db.repository(TodoItem);

    const created = await users.create({ id: 'u1', email: 'e', name: 'n' });
    assertType<Equal<typeof created, UserRecord>>(true);
    const got = await users.get('u1');
    assertType<Equal<typeof got, UserRecord | undefined>>(true);
    const all = await users.filter({ age__gte: 0 }).orderBy('-age').all();
    assertType<Equal<typeof all, UserRecord[]>>(true);
    const page = await users.page(10);
    assertType<Equal<typeof page, Page<UserRecord>>>(true);
    const first = await users.query().first();
    assertType<Equal<typeof first, UserRecord | undefined>>(true);
    const count = await users.count({ age: 0 });
    assertType<Equal<typeof count, number>>(true);
    expect([got?.id, all.length, page.items.length, first?.id, count]).to.deep.equal(['u1', 1, 1, 'u1', 1]);
    const updated = await users.update('u1', { score: null });
    assertType<Equal<typeof updated, UserRecord>>(true);
    expect(updated.score).to.equal(null);

    const todo = await todos.upsert({ userId: 'a', todoId: 't', title: 'x' });
    assertType<Equal<typeof todo, { userId: string; todoId: string; title: string }>>(true);
    expect(todo.title).to.equal('x');

    // Compile-time only: these calls would fail at run time, so they are never made.
    const neverRun = async (): Promise<void> => {
      // @ts-expect-error name is required
      await users.create({ id: 'u2', email: 'e2' });
      // @ts-expect-error bogus is not a field of User
      await users.create({ id: 'u2', email: 'e2', name: 'n', bogus: 1 });
      // @ts-expect-error score takes a number or null
      await users.upsert({ id: 'u2', email: 'e2', name: 'n', score: 'high' });
      // @ts-expect-error age takes a number
      await users.update('u2', { age: '3' });
      // @ts-expect-error title is required
      await todos.create({ userId: 'a', todoId: 't' });
      // @ts-expect-error a record field is typed: score may be null
      const s: number = created.score;
      void s;
    };
    void neverRun;
  });

  it('types composite unique constraints by field name', () => {
    expect(() =>
      defineModel(
        'Bad',
        { id: field.string({ primaryKey: true }), a: field.string() },
        // @ts-expect-error b is not a field of the model
        { unique: [['a', 'b']] },
      ),
    ).to.throw();
  });

  it('types field options by kind', () => {
    const neverRun = (): void => {
      // @ts-expect-error minLength applies to strings only
      field.integer({ minLength: 1 });
      // @ts-expect-error an integer default must be a number
      field.integer({ default: 'x' });
      // @ts-expect-error autoNow applies to datetimes only
      field.string({ autoNow: true });
      // @ts-expect-error datetime bounds are Dates
      field.datetime({ ge: 0 });
      // @ts-expect-error string choices are strings
      field.string({ choices: [1, 2] });
    };
    void neverRun;
    const Counter = defineModel('Counter', {
      id: field.integer({ primaryKey: true }),
      n: field.integer({ default: () => 5 }),
      at: field.datetime({ nullable: true, default: null }),
    });
    assertType<Equal<InputFor<typeof Counter>, { id: number; n?: number; at?: Date | null }>>(true);
    assertType<Equal<RecordFor<typeof Counter>, { id: number; n: number; at: Date | null }>>(true);
    expect(Counter.fieldNames).to.deep.equal(['id', 'n', 'at']);
  });

  it("types a reference as the parent key's type, nullable when nullable", () => {
    const Shelf = defineModel('Shelf', { code: field.integer({ primaryKey: true }), label: field.string() });
    const Box = defineModel('Box', {
      id: field.string({ primaryKey: true }),
      shelf: field.reference(Shelf, { onDelete: 'cascade' }),
      owner: field.reference(User, { onDelete: 'setNull', nullable: true }),
    });
    assertType<Equal<RecordFor<typeof Box>, { id: string; shelf: number; owner: string | null }>>(true);
    assertType<Equal<InputFor<typeof Box>, { id: string; shelf: number; owner?: string | null }>>(true);
    const neverRun = (): void => {
      // @ts-expect-error the shelf key is an integer
      void ({ id: 'b', shelf: 'top' } satisfies InputFor<typeof Box>);
      // @ts-expect-error onDelete is required
      field.reference(Shelf, {});
    };
    void neverRun;
    expect(Box.fields.shelf.kind).to.equal('integer');
  });

  it('adds deletedAt to the record type of a soft-deletable model', () => {
    const Note = defineModel('Note', { id: field.string({ primaryKey: true }), text: field.string() }, { softDelete: true });
    assertType<Equal<RecordFor<typeof Note>, { id: string; text: string; deletedAt: Date | null }>>(true);
    assertType<Equal<InputFor<typeof Note>, { id: string; text: string; deletedAt?: Date | null }>>(true);
    expect(Note.fieldNames).to.deep.equal(['id', 'text', 'deletedAt']);
  });
});

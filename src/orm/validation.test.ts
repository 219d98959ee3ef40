import { expect } from 'chai';
import { ValidationError, type Violation } from './errors';
import { field } from './fields';
import { defineModel, type AnyModel } from './model';
import { checkValue, prepareChanges, prepareNewRow, type Row } from './validation';
// The contract's User (../shared/interface.md), as the specification defines it.
import { User } from '../../features/models';

const NOW = new Date('2024-01-02T03:04:05.678Z');

const valid = { id: 'u1', email: 'a@x.io', name: 'Alice' };

/** Runs the function, expects a ValidationError and returns it. */
function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return error as ValidationError;
  }
  return expect.fail('expected a ValidationError');
}

/** The [field, rule] pairs of the violations the function raises. */
function rules(run: () => unknown): string[][] {
  return validationError(run).violations.map((v) => [v.field, v.rule]);
}

/** A one-field model (plus a string key) to test a single field's rules. */
function single(definition: ReturnType<(typeof field)[keyof typeof field]>): AnyModel {
  return defineModel('Single', { id: field.string({ primaryKey: true }), v: definition });
}

function create(model: AnyModel, v: unknown): Row {
  return prepareNewRow(model, { id: 'k', v }, NOW);
}

function violationsOf(model: AnyModel, v: unknown): string[] {
  try {
    create(model, v);
    return [];
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return (error as ValidationError).violations.map((x) => x.rule);
  }
}

describe('validation', () => {
  describe('prepareNewRow', () => {
    it('fills every field: defaults, nulls for nullable fields and the clock for timestamps', () => {
      const row = prepareNewRow(User, valid, NOW);
      expect(row).to.deep.equal({
        id: 'u1',
        email: 'a@x.io',
        name: 'Alice',
        age: 0,
        score: null,
        active: true,
        tags: null,
        createdAt: NOW,
        updatedAt: NOW,
      });
      expect(Object.keys(row)).to.deep.equal(User.fieldNames);
    });

    it('keeps given values over defaults, including explicit null on a nullable field', () => {
      const M = defineModel('M', {
        id: field.string({ primaryKey: true }),
        n: field.integer({ nullable: true, default: 5 }),
        b: field.boolean({ default: true }),
      });
      expect(prepareNewRow(M, { id: 'a', n: null, b: false }, NOW)).to.deep.equal({ id: 'a', n: null, b: false });
      expect(prepareNewRow(M, { id: 'a' }, NOW)).to.deep.equal({ id: 'a', n: 5, b: true });
    });

    it('treats an explicit undefined as omitted', () => {
      const row = prepareNewRow(User, { ...valid, age: undefined, score: undefined }, NOW);
      expect(row.age).to.equal(0);
      expect(row.score).to.equal(null);
    });

    describe('required', () => {
      it('lists every missing required field, in field order, with an undefined value', () => {
        const error = validationError(() => prepareNewRow(User, {}, NOW));
        expect(error.violations.map((v) => [v.field, v.rule, v.value])).to.deep.equal([
          ['id', 'required', undefined],
          ['email', 'required', undefined],
          ['name', 'required', undefined],
        ]);
        expect(error.violations[0]?.message).to.equal('is required: give a string');
        expect(error.model).to.equal('User');
      });

      it('does not require fields with a default, nullable fields or clock-set fields', () => {
        expect(() => prepareNewRow(User, valid, NOW)).to.not.throw();
      });
    });

    describe('unknown', () => {
      it('reports fields the model does not have, naming its fields', () => {
        const error = validationError(() => prepareNewRow(User, { ...valid, nickname: 'Al', Email: 'x' }, NOW));
        expect(error.violations.map((v) => [v.field, v.rule, v.value])).to.deep.equal([
          ['nickname', 'unknown', 'Al'],
          ['Email', 'unknown', 'x'],
        ]);
        expect(error.violations[0]?.message).to.contain(
          'is not a field of User (its fields are: id, email, name, age, score, active, tags, createdAt, updatedAt)',
        );
      });

      it('ignores unknown fields whose value is undefined', () => {
        expect(() => prepareNewRow(User, { ...valid, nickname: undefined }, NOW)).to.not.throw();
      });

      it('does not take inherited properties such as __proto__ or toString for fields', () => {
        const input = JSON.parse('{"id":"u1","email":"a@x.io","name":"A","__proto__":{"age":5}}') as object;
        expect(rules(() => prepareNewRow(User, input, NOW))).to.deep.equal([['__proto__', 'unknown']]);
      });
    });

    it('rejects input that is not an object', () => {
      for (const input of [null, undefined, 'u1', 42, ['u1']]) {
        const error = validationError(() => prepareNewRow(User, input, NOW));
        expect(error.violations).to.have.length(1);
        expect(error.violations[0]).to.include({ field: '*', rule: 'type' });
        expect(error.violations[0]?.message).to.contain('must be an object of field names to values');
      }
    });

    describe('type', () => {
      it('string fields take strings only', () => {
        const m = single(field.string());
        expect(violationsOf(m, '')).to.deep.equal([]);
        for (const bad of [1, true, new Date(), ['a'], { a: 1 }]) expect(violationsOf(m, bad), String(bad)).to.deep.equal(['type']);
      });

      it('integer fields take JavaScript safe integers only', () => {
        const m = single(field.integer());
        for (const ok of [0, -7, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])
          expect(violationsOf(m, ok), String(ok)).to.deep.equal([]);
        for (const bad of [
          Number.MAX_SAFE_INTEGER + 1,
          Number.MIN_SAFE_INTEGER - 1,
          2 ** 63,
          1.5,
          Number.NaN,
          Infinity,
          -Infinity,
          '1',
          1n,
          true,
        ]) {
          expect(violationsOf(m, bad), String(bad)).to.deep.equal(['type']);
        }
      });

      it('names the expected kind and the given value in the message', () => {
        const [violation] = validationError(() => create(single(field.integer()), 1.5)).violations;
        expect(violation).to.include({ field: 'v', rule: 'type', value: 1.5 });
        expect(violation?.message).to.equal('must be an integer (a JavaScript safe integer), got fractional number 1.5');
      });

      it('float fields take only the magnitudes every backend stores (DynamoDB: 1E-130 up to 1E+126)', () => {
        const m = single(field.float());
        for (const bad of [Number.MAX_VALUE, -1e126, 5e-324, -1e-131]) expect(violationsOf(m, bad), String(bad)).to.deep.equal(['range']);
      });

      it('float fields take finite numbers only', () => {
        const m = single(field.float());
        for (const ok of [0, 1.25, -3, 9.99e125, 1e-130]) expect(violationsOf(m, ok), String(ok)).to.deep.equal([]);
        for (const bad of [Number.NaN, Infinity, -Infinity, '1.5', null]) expect(violationsOf(m, bad), String(bad)).to.have.length(1);
        expect(violationsOf(m, Number.NaN)).to.deep.equal(['type']);
        expect(violationsOf(m, Infinity)).to.deep.equal(['type']);
      });

      it('boolean fields take true or false only', () => {
        const m = single(field.boolean());
        expect(violationsOf(m, false)).to.deep.equal([]);
        for (const bad of [0, 1, 'true', 'false']) expect(violationsOf(m, bad), String(bad)).to.deep.equal(['type']);
      });

      it('datetime fields take valid Dates only', () => {
        const m = single(field.datetime());
        expect(violationsOf(m, new Date('2024-01-01T00:00:00Z'))).to.deep.equal([]);
        for (const bad of [new Date('garbage'), new Date(Number.NaN), '2024-01-01T00:00:00Z', 1704067200000]) {
          expect(violationsOf(m, bad), String(bad)).to.deep.equal(['type']);
        }
      });

      it('json fields take JSON values only, naming where the problem is', () => {
        const m = single(field.json());
        for (const ok of ['text', 0, false, [], {}, { a: [1, { b: null }] }])
          expect(violationsOf(m, ok), JSON.stringify(ok)).to.deep.equal([]);
        for (const bad of [new Date(), { a: Number.NaN }, [Infinity], { f: () => 1 }, new Map(), 1n, { s: 'a\u0000' }]) {
          expect(violationsOf(m, bad)).to.deep.equal(['type']);
        }
        const [violation] = validationError(() => create(m, { a: [1, Number.NaN] })).violations;
        expect(violation?.message).to.contain('$.a[1] is NaN');
      });

      it('checks a value of the wrong type no further', () => {
        const m = single(field.string({ minLength: 3, pattern: '^x', choices: ['xyz'] }));
        expect(violationsOf(m, 5)).to.deep.equal(['type']);
      });
    });

    describe('nullable', () => {
      it('rejects null for a non-nullable field, even one with a default', () => {
        const m = defineModel('M', { id: field.string({ primaryKey: true }), a: field.string(), b: field.integer({ default: 1 }) });
        const error = validationError(() => prepareNewRow(m, { id: 'k', a: null, b: null }, NOW));
        expect(error.violations.map((v) => [v.field, v.rule, v.value])).to.deep.equal([
          ['a', 'nullable', null],
          ['b', 'nullable', null],
        ]);
        expect(error.violations[0]?.message).to.equal('must not be null');
      });

      it('accepts null for a nullable field and checks no other rule', () => {
        const m = single(field.string({ nullable: true, minLength: 2, choices: ['ab'] }));
        expect(create(m, null).v).to.equal(null);
        expect(create(m, undefined).v).to.equal(null);
      });

      it('rejects a null primary key', () => {
        expect(rules(() => prepareNewRow(User, { ...valid, id: null }, NOW))).to.deep.equal([['id', 'nullable']]);
      });
    });

    describe('text', () => {
      it('rejects the NUL character', () => {
        const m = single(field.string());
        const [violation] = validationError(() => create(m, 'a\u0000b')).violations;
        expect(violation).to.include({ field: 'v', rule: 'text', value: 'a\u0000b' });
        expect(violation?.message).to.contain('NUL');
      });

      it('rejects lone surrogates but accepts emoji', () => {
        const m = single(field.string());
        expect(violationsOf(m, '\uD83D')).to.deep.equal(['text']);
        expect(violationsOf(m, 'x\uDE00')).to.deep.equal(['text']);
        expect(violationsOf(m, '😀')).to.deep.equal([]);
      });

      it('checks unstorable text no further', () => {
        const m = single(field.string({ maxLength: 1, pattern: '^z$' }));
        expect(violationsOf(m, 'ab\u0000')).to.deep.equal(['text']);
      });

      it('stores any other text verbatim', () => {
        const m = single(field.string());
        for (const text of ["Robert'); DROP TABLE students;--", '"quoted"', '${x}', ':name #attr', '\\n', ' padded ', '']) {
          expect(create(m, text).v).to.equal(text);
        }
      });
    });

    describe('key', () => {
      it('rejects an empty string primary key', () => {
        const error = validationError(() => prepareNewRow(User, { ...valid, id: '' }, NOW));
        expect(error.violations.map((v) => [v.field, v.rule, v.value])).to.deep.equal([['id', 'key', '']]);
        expect(error.violations[0]?.message).to.contain('must not be empty');
      });

      it('rejects an empty part of a composite key and accepts an empty non-key string', () => {
        const Todo = defineModel('Todo', {
          userId: field.string({ primaryKey: true }),
          todoId: field.string({ primaryKey: true }),
          note: field.string(),
        });
        expect(rules(() => prepareNewRow(Todo, { userId: 'a', todoId: '', note: '' }, NOW))).to.deep.equal([['todoId', 'key']]);
      });

      it('rejects a string key part over 1024 bytes in UTF-8, counting bytes rather than characters, on create and upsert input', () => {
        expect(prepareNewRow(User, { ...valid, id: 'x'.repeat(1024) }, NOW).id).to.have.length(1024);
        const error = validationError(() => prepareNewRow(User, { ...valid, id: 'x'.repeat(1025) }, NOW));
        expect(error.violations.map((v) => [v.field, v.rule])).to.deep.equal([['id', 'key']]);
        expect(error.violations[0]?.message).to.contain('at most 1024 bytes long in UTF-8').and.contain('got 1025');
        // 342 three-byte characters are 1026 bytes; a non-key field may be as long as it likes.
        expect(rules(() => prepareNewRow(User, { ...valid, id: '€'.repeat(342) }, NOW))).to.deep.equal([['id', 'key']]);
        expect(prepareNewRow(User, { ...valid, id: '€'.repeat(341), name: 'n' }, NOW).id).to.equal('€'.repeat(341));
        const Todo = defineModel('Todo', { userId: field.string({ primaryKey: true }), todoId: field.string({ primaryKey: true }) });
        expect(rules(() => prepareNewRow(Todo, { userId: 'a', todoId: 'é'.repeat(513) }, NOW))).to.deep.equal([['todoId', 'key']]);
      });

      it('rejects string key parts over 2048 bytes together, naming the last one', () => {
        const Trio = defineModel('Trio', {
          a: field.string({ primaryKey: true }),
          n: field.integer({ primaryKey: true }),
          b: field.string({ primaryKey: true }),
          c: field.string({ primaryKey: true }),
        });
        const row = { a: 'a'.repeat(1024), n: 1, b: 'b'.repeat(1000), c: 'c'.repeat(24) };
        expect(prepareNewRow(Trio, row, NOW)).to.deep.equal(row);
        const error = validationError(() => prepareNewRow(Trio, { ...row, c: 'c'.repeat(25) }, NOW));
        expect(error.violations.map((v) => [v.field, v.rule])).to.deep.equal([['c', 'key']]);
        expect(error.violations[0]?.message).to.contain('2049 bytes long in UTF-8 (a, b, c together)').and.contain('at most 2048');
      });

      it('accepts zero and negative integer keys', () => {
        const M = defineModel('M', { id: field.integer({ primaryKey: true }) });
        expect(prepareNewRow(M, { id: 0 }, NOW)).to.deep.equal({ id: 0 });
        expect(prepareNewRow(M, { id: -5 }, NOW)).to.deep.equal({ id: -5 });
      });
    });

    describe('minLength / maxLength', () => {
      const m = single(field.string({ minLength: 2, maxLength: 3 }));

      it('counts Unicode code points, so an emoji counts once', () => {
        expect(violationsOf(m, '😀')).to.deep.equal(['minLength']); // two UTF-16 units, one character
        expect(violationsOf(m, '😀😀')).to.deep.equal([]);
        expect(violationsOf(m, '😀😀😀')).to.deep.equal([]); // six UTF-16 units, three characters
        expect(violationsOf(m, '😀😀😀😀')).to.deep.equal(['maxLength']);
      });

      it('checks the bounds inclusively', () => {
        expect(violationsOf(m, 'a')).to.deep.equal(['minLength']);
        expect(violationsOf(m, 'ab')).to.deep.equal([]);
        expect(violationsOf(m, 'abc')).to.deep.equal([]);
        expect(violationsOf(m, 'abcd')).to.deep.equal(['maxLength']);
        expect(violationsOf(single(field.string({ minLength: 1 })), '')).to.deep.equal(['minLength']);
      });

      it('says how long the value is', () => {
        const [violation] = validationError(() => create(m, 'abcd')).violations;
        expect(violation?.message).to.equal('must be at most 3 characters long, got 4');
        const [short] = validationError(() => create(single(field.string({ minLength: 1 })), '')).violations;
        expect(short?.message).to.equal('must be at least 1 character long, got 0');
      });
    });

    describe('pattern', () => {
      it('tests a string pattern with search semantics (anchor it to match the whole value)', () => {
        const unanchored = single(field.string({ pattern: 'b' }));
        expect(violationsOf(unanchored, 'abc')).to.deep.equal([]);
        expect(violationsOf(unanchored, 'xyz')).to.deep.equal(['pattern']);
        const anchored = single(field.string({ pattern: '^[A-Z]{3}-[0-9]{3}$' }));
        expect(violationsOf(anchored, 'ABC-123')).to.deep.equal([]);
        expect(violationsOf(anchored, 'xABC-123')).to.deep.equal(['pattern']);
        expect(violationsOf(anchored, 'ABC-1234')).to.deep.equal(['pattern']);
      });

      it('compiles a string pattern in Unicode mode', () => {
        const m = single(field.string({ pattern: '^.$' }));
        expect(violationsOf(m, '😀')).to.deep.equal([]);
        expect(violationsOf(single(field.string({ pattern: '^\\p{Lu}+$' })), 'ÉCOLE')).to.deep.equal([]);
      });

      it('honours a RegExp and its flags', () => {
        const m = single(field.string({ pattern: /^abc$/i }));
        expect(violationsOf(m, 'ABC')).to.deep.equal([]);
        expect(violationsOf(m, 'abcd')).to.deep.equal(['pattern']);
        expect(violationsOf(single(field.string({ pattern: /c/ })), 'abc')).to.deep.equal([]);
      });

      it('gives the same answer every time for a global or sticky RegExp', () => {
        const pattern = /a/g;
        const m = single(field.string({ pattern }));
        for (let i = 0; i < 4; i += 1) expect(violationsOf(m, 'xa'), `attempt ${i}`).to.deep.equal([]);
        const sticky = single(field.string({ pattern: /b/y }));
        expect(violationsOf(sticky, 'ab')).to.deep.equal([]);
        expect(pattern.lastIndex).to.equal(0);
      });

      it('names the pattern in the message', () => {
        const [violation] = validationError(() => create(single(field.string({ pattern: '^x+$' })), 'y')).violations;
        expect(violation?.message).to.equal('must match the pattern ^x+$');
      });
    });

    describe('range (datetimes in 0001–9999)', () => {
      const m = single(field.datetime());

      it('accepts the first and last storable instants', () => {
        expect(violationsOf(m, new Date('0001-01-01T00:00:00.000Z'))).to.deep.equal([]);
        expect(violationsOf(m, new Date('9999-12-31T23:59:59.999Z'))).to.deep.equal([]);
      });

      it('rejects instants before 0001 or after 9999', () => {
        expect(violationsOf(m, new Date('0000-12-31T23:59:59.999Z'))).to.deep.equal(['range']);
        expect(violationsOf(m, new Date('+010000-01-01T00:00:00.000Z'))).to.deep.equal(['range']);
        expect(violationsOf(m, new Date(-8.64e15))).to.deep.equal(['range']);
        const [violation] = validationError(() => create(m, new Date('-000001-01-01T00:00:00Z'))).violations;
        expect(violation?.message).to.equal('must be between 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z');
      });
    });

    describe('ge / gt / le / lt', () => {
      it('bound integers inclusively (ge, le) and exclusively (gt, lt)', () => {
        const inclusive = single(field.integer({ ge: 0, le: 10 }));
        expect(violationsOf(inclusive, 0)).to.deep.equal([]);
        expect(violationsOf(inclusive, 10)).to.deep.equal([]);
        expect(violationsOf(inclusive, -1)).to.deep.equal(['ge']);
        expect(violationsOf(inclusive, 11)).to.deep.equal(['le']);
        const exclusive = single(field.integer({ gt: 0, lt: 10 }));
        expect(violationsOf(exclusive, 1)).to.deep.equal([]);
        expect(violationsOf(exclusive, 9)).to.deep.equal([]);
        expect(violationsOf(exclusive, 0)).to.deep.equal(['gt']);
        expect(violationsOf(exclusive, 10)).to.deep.equal(['lt']);
      });

      it('bound floats', () => {
        const m = single(field.float({ gt: 0, le: 1 }));
        expect(violationsOf(m, 1)).to.deep.equal([]);
        expect(violationsOf(m, 1e-100)).to.deep.equal([]);
        expect(violationsOf(m, 0)).to.deep.equal(['gt']);
        expect(violationsOf(m, -0)).to.deep.equal(['gt']);
        expect(violationsOf(m, 1.0000001)).to.deep.equal(['le']);
        const lower = single(field.float({ ge: -0.5, lt: 0.5 }));
        expect(violationsOf(lower, -0.5)).to.deep.equal([]);
        expect(violationsOf(lower, 0.5)).to.deep.equal(['lt']);
        expect(violationsOf(lower, -0.5000001)).to.deep.equal(['ge']);
      });

      it('bound datetimes by instant', () => {
        const start = new Date('2024-01-01T00:00:00.000Z');
        const end = new Date('2025-01-01T00:00:00.000Z');
        const m = single(field.datetime({ ge: start, lt: end }));
        expect(violationsOf(m, new Date(start.getTime()))).to.deep.equal([]);
        expect(violationsOf(m, new Date(end.getTime() - 1))).to.deep.equal([]);
        expect(violationsOf(m, new Date(start.getTime() - 1))).to.deep.equal(['ge']);
        expect(violationsOf(m, new Date(end.getTime()))).to.deep.equal(['lt']);
        const other = single(field.datetime({ gt: start, le: end }));
        expect(violationsOf(other, start)).to.deep.equal(['gt']);
        expect(violationsOf(other, end)).to.deep.equal([]);
        expect(violationsOf(other, new Date(end.getTime() + 1))).to.deep.equal(['le']);
      });

      it('lists every bound broken, in the order ge, gt, le, lt', () => {
        expect(violationsOf(single(field.integer({ ge: 5, gt: 5 })), 4)).to.deep.equal(['ge', 'gt']);
        expect(violationsOf(single(field.integer({ lt: 5, le: 5 })), 6)).to.deep.equal(['le', 'lt']);
      });

      it('names the bound in the message', () => {
        const [violation] = validationError(() => create(single(field.integer({ ge: 0 })), -1)).violations;
        expect(violation).to.include({ field: 'v', rule: 'ge', value: -1 });
        expect(violation?.message).to.equal('must be greater than or equal to 0');
        const [date] = validationError(() =>
          create(single(field.datetime({ lt: new Date('2000-01-01T00:00:00Z') })), new Date('2001-01-01T00:00:00Z')),
        ).violations;
        expect(date?.message).to.equal('must be less than 2000-01-01T00:00:00.000Z');
      });
    });

    describe('choices', () => {
      it('allows only the listed strings, case-sensitively', () => {
        const m = single(field.string({ choices: ['book', 'music'] }));
        expect(violationsOf(m, 'book')).to.deep.equal([]);
        expect(violationsOf(m, 'Book')).to.deep.equal(['choices']);
        const [violation] = validationError(() => create(m, 'film')).violations;
        expect(violation?.message).to.equal('must be one of "book", "music"');
      });

      it('allows only the listed integers', () => {
        const m = single(field.integer({ choices: [1, 2, 3] }));
        expect(violationsOf(m, 2)).to.deep.equal([]);
        expect(violationsOf(m, 4)).to.deep.equal(['choices']);
      });

      it('compares datetime choices by instant', () => {
        const m = single(field.datetime({ choices: [new Date('2024-01-01T00:00:00Z')] }));
        expect(violationsOf(m, new Date(Date.UTC(2024, 0, 1)))).to.deep.equal([]);
        expect(violationsOf(m, new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 1)))).to.deep.equal(['choices']);
      });

      it('is checked together with the other rules', () => {
        const m = single(field.string({ choices: ['abc'], maxLength: 2 }));
        expect(violationsOf(m, 'abc')).to.deep.equal(['maxLength']);
        expect(violationsOf(m, 'abcd')).to.deep.equal(['maxLength', 'choices']);
      });
    });

    it('lists every violation at once, in field order', () => {
      const error = validationError(() =>
        prepareNewRow(
          User,
          { id: '', email: 5, name: '', age: 151, score: Number.NaN, active: 'yes', tags: new Date(), createdAt: 'today' },
          NOW,
        ),
      );
      expect(error.violations.map((v) => [v.field, v.rule])).to.deep.equal([
        ['id', 'key'],
        ['email', 'type'],
        ['name', 'minLength'],
        ['age', 'le'],
        ['score', 'type'],
        ['active', 'type'],
        ['tags', 'type'],
        ['createdAt', 'type'],
      ]);
      expect(error.message).to.contain('User is not valid (8 problems)');
    });

    it('lists unknown fields together with the other violations', () => {
      const found = rules(() => prepareNewRow(User, { id: 'u1', name: '', extra: 1 }, NOW));
      expect(found).to.have.deep.members([
        ['extra', 'unknown'],
        ['email', 'required'],
        ['name', 'minLength'],
      ]);
    });

    it('lists the field violations in field order, then the unknown fields', () => {
      expect(rules(() => prepareNewRow(User, { zzz: 1, id: 'u1', name: '', extra: 1 }, NOW))).to.deep.equal([
        ['email', 'required'],
        ['name', 'minLength'],
        ['zzz', 'unknown'],
        ['extra', 'unknown'],
      ]);
    });

    it('treats an omitted field named like an Object.prototype member as omitted', () => {
      const M = defineModel('M', {
        id: field.string({ primaryKey: true }),
        constructor: field.string({ nullable: true }),
        toString: field.integer({ default: 3 }),
      });
      expect(prepareNewRow(M, { id: 'a' }, NOW)).to.deep.equal({ id: 'a', constructor: null, toString: 3 });
    });

    describe('defaults', () => {
      it('uses a value default', () => {
        const m = single(field.string({ default: 'none' }));
        expect(prepareNewRow(m, { id: 'k' }, NOW).v).to.equal('none');
      });

      it('calls a function default once per record', () => {
        let calls = 0;
        const m = single(field.integer({ default: () => (calls += 1) }));
        expect(prepareNewRow(m, { id: 'a' }, NOW).v).to.equal(1);
        expect(prepareNewRow(m, { id: 'b' }, NOW).v).to.equal(2);
        expect(calls).to.equal(2);
        prepareNewRow(m, { id: 'c', v: 10 }, NOW);
        expect(calls).to.equal(2);
      });

      it('validates default values like given ones', () => {
        expect(violationsOf(single(field.integer({ ge: 0, default: () => -1 })), undefined)).to.deep.equal(['ge']);
        expect(violationsOf(single(field.integer({ default: null })), undefined)).to.deep.equal(['nullable']);
      });

      it('copies a default object, so records never share it', () => {
        const defaultTags = { list: ['a'] };
        const m = single(field.json({ default: defaultTags }));
        const first = prepareNewRow(m, { id: 'a' }, NOW);
        const second = prepareNewRow(m, { id: 'b' }, NOW);
        expect(first.v).to.deep.equal({ list: ['a'] });
        expect(first.v).to.not.equal(defaultTags);
        expect(first.v).to.not.equal(second.v);
        (first.v as { list: string[] }).list.push('b');
        expect(second.v).to.deep.equal({ list: ['a'] });
        expect(defaultTags).to.deep.equal({ list: ['a'] });
        expect(prepareNewRow(m, { id: 'c' }, NOW).v).to.deep.equal({ list: ['a'] });
      });

      it('copies the object a function default returns', () => {
        const shared = [1, 2];
        const m = single(field.json({ default: () => shared }));
        const row = prepareNewRow(m, { id: 'a' }, NOW);
        expect(row.v).to.deep.equal([1, 2]);
        expect(row.v).to.not.equal(shared);
      });

      it('copies a default Date', () => {
        const at = new Date('2020-02-02T00:00:00Z');
        const m = single(field.datetime({ default: at }));
        const row = prepareNewRow(m, { id: 'a' }, NOW);
        expect(row.v).to.deep.equal(at);
        expect(row.v).to.not.equal(at);
      });
    });

    describe('timestamps', () => {
      it('sets autoNowAdd and autoNow fields to the given time, as fresh Dates', () => {
        const now = new Date(NOW.getTime());
        const row = prepareNewRow(User, valid, now);
        expect((row.createdAt as Date).getTime()).to.equal(NOW.getTime());
        expect((row.updatedAt as Date).getTime()).to.equal(NOW.getTime());
        expect(row.createdAt).to.not.equal(now);
        expect(row.createdAt).to.not.equal(row.updatedAt);
        now.setTime(0);
        expect((row.createdAt as Date).getTime()).to.equal(NOW.getTime());
      });

      it('keeps explicitly given timestamps, validating them', () => {
        const given = new Date('2020-01-01T00:00:00Z');
        const row = prepareNewRow(User, { ...valid, createdAt: given }, NOW);
        expect(row.createdAt).to.deep.equal(given);
        expect(rules(() => prepareNewRow(User, { ...valid, updatedAt: null }, NOW))).to.deep.equal([['updatedAt', 'nullable']]);
      });
    });

    describe('normalisation', () => {
      it('stores -0 as 0 in integer, float and json fields', () => {
        const M = defineModel('M', { id: field.integer({ primaryKey: true }), i: field.integer(), f: field.float(), j: field.json() });
        const row = prepareNewRow(M, { id: -0, i: -0, f: -0, j: -0 }, NOW);
        for (const name of ['id', 'i', 'f', 'j']) expect(Object.is(row[name], 0), name).to.equal(true);
      });

      it('stores -0 nested inside a json value as 0', () => {
        const M = defineModel('M', { id: field.string({ primaryKey: true }), j: field.json() });
        const row = prepareNewRow(M, { id: 'a', j: { a: -0, b: [-0] } }, NOW);
        const j = row.j as { a: number; b: number[] };
        expect(Object.is(j.a, 0)).to.equal(true);
        expect(Object.is(j.b[0], 0)).to.equal(true);
      });

      it('copies given Dates and JSON values, so later changes to the input do not leak in', () => {
        const M = defineModel('M', { id: field.string({ primaryKey: true }), d: field.datetime(), j: field.json() });
        const input = { id: 'a', d: new Date(1000), j: { nested: [1] } };
        const row = prepareNewRow(M, input, NOW);
        input.d.setTime(0);
        input.j.nested.push(2);
        expect((row.d as Date).getTime()).to.equal(1000);
        expect(row.j).to.deep.equal({ nested: [1] });
      });
    });
  });

  describe('prepareChanges', () => {
    const key = { id: 'u1' };

    it('returns only the changed fields plus autoNow fields set to the given time', () => {
      const changes = prepareChanges(User, key, { name: 'Bob', score: null }, NOW);
      expect(changes).to.deep.equal({ name: 'Bob', score: null, updatedAt: NOW });
      expect(changes).to.not.have.property('createdAt');
      expect(changes).to.not.have.property('age');
    });

    it('allows an empty change (touching only autoNow fields)', () => {
      expect(prepareChanges(User, key, {}, NOW)).to.deep.equal({ updatedAt: NOW });
      const NoClock = defineModel('NoClock', { id: field.string({ primaryKey: true }), x: field.string() });
      expect(prepareChanges(NoClock, key, {}, NOW)).to.deep.equal({});
    });

    it('checks every rule of the changed fields and reports unknown ones', () => {
      const found = rules(() => prepareChanges(User, key, { name: '', age: -1, email: null, active: 1, bogus: true }, NOW));
      expect(found).to.deep.equal([
        ['email', 'nullable'],
        ['name', 'minLength'],
        ['age', 'ge'],
        ['active', 'type'],
        ['bogus', 'unknown'],
      ]);
    });

    it('does not take inherited properties for fields named like Object.prototype members', () => {
      const M = defineModel('M', {
        id: field.string({ primaryKey: true }),
        constructor: field.string({ nullable: true }),
        valueOf: field.integer({ default: 1 }),
      });
      expect(prepareChanges(M, { id: 'a' }, {}, NOW)).to.deep.equal({});
      expect(prepareChanges(M, { id: 'a' }, { valueOf: 2 }, NOW)).to.deep.equal({ valueOf: 2 });
    });

    it('rejects a change of the primary key as immutable, naming both values', () => {
      const error = validationError(() => prepareChanges(User, key, { id: 'u2' }, NOW));
      expect(error.violations).to.have.length(1);
      expect(error.violations[0]).to.include({ field: 'id', rule: 'immutable', value: 'u2' });
      expect(error.violations[0]?.message).to.contain('from "u1" to "u2"');
    });

    it('allows the primary key given with its current value', () => {
      expect(prepareChanges(User, key, { id: 'u1', name: 'Al' }, NOW)).to.deep.include({ id: 'u1', name: 'Al' });
    });

    it('checks each part of a composite key', () => {
      const Todo = defineModel('Todo', {
        userId: field.string({ primaryKey: true }),
        todoId: field.integer({ primaryKey: true }),
        title: field.string(),
      });
      const todoKey = { userId: 'alice', todoId: 1 };
      expect(prepareChanges(Todo, todoKey, { userId: 'alice', todoId: 1, title: 'x' }, NOW)).to.deep.equal({
        userId: 'alice',
        todoId: 1,
        title: 'x',
      });
      expect(rules(() => prepareChanges(Todo, todoKey, { userId: 'alice', todoId: 2 }, NOW))).to.deep.equal([['todoId', 'immutable']]);
      expect(rules(() => prepareChanges(Todo, todoKey, { userId: 'bob', todoId: 2 }, NOW))).to.deep.equal([
        ['userId', 'immutable'],
        ['todoId', 'immutable'],
      ]);
    });

    it('reports a key of the wrong type as a type violation only', () => {
      expect(rules(() => prepareChanges(User, key, { id: 5 }, NOW))).to.deep.equal([['id', 'type']]);
      expect(rules(() => prepareChanges(User, key, { id: null }, NOW))).to.deep.equal([['id', 'nullable']]);
    });

    it('normalises -0 and copies values', () => {
      const M = defineModel('M', { id: field.string({ primaryKey: true }), f: field.float(), j: field.json() });
      const j = { a: 1 };
      const changes = prepareChanges(M, { id: 'a' }, { f: -0, j }, NOW);
      expect(Object.is(changes.f, 0)).to.equal(true);
      expect(changes.j).to.deep.equal(j);
      expect(changes.j).to.not.equal(j);
    });

    it('rejects changes that are not an object', () => {
      expect(rules(() => prepareChanges(User, key, null, NOW))).to.deep.equal([['*', 'type']]);
    });
  });

  describe('checkValue', () => {
    it('returns no violation for a valid value', () => {
      expect(checkValue('age', User.fields.age, 30)).to.deep.equal([]);
    });

    it('returns the violations with field, rule, value and message', () => {
      const found: Violation[] = checkValue('age', User.fields.age, 200);
      expect(found).to.deep.equal([{ field: 'age', rule: 'le', value: 200, message: 'must be less than or equal to 150' }]);
    });
  });
});

import { expect } from 'chai';
import { QueryError } from './errors';
import { field, type FieldKind } from './fields';
import { defineModel } from './model';
import {
  LOOKUPS,
  applyFind,
  checkCount,
  compareRows,
  lookupsFor,
  matches,
  parseLookups,
  parseOrder,
  type Condition,
  type FindSpec,
  type Lookup,
  type Lookups,
} from './query';
import type { Row } from './validation';

const Thing = defineModel('Thing', {
  id: field.string({ primaryKey: true }),
  name: field.string({ nullable: true }),
  age: field.integer({ nullable: true }),
  score: field.float({ nullable: true }),
  active: field.boolean({ nullable: true }),
  at: field.datetime({ nullable: true }),
  tags: field.json({ nullable: true }),
});

function queryError(run: () => unknown): QueryError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(QueryError);
    expect((error as QueryError).code).to.equal('PARITY_QUERY');
    return error as QueryError;
  }
  return expect.fail('expected a QueryError');
}

function lookup(lookups: Lookups): Lookup {
  const condition = parseLookups(Thing, lookups);
  expect(condition.kind).to.equal('lookup');
  return condition as Lookup;
}

function row(values: Partial<Record<'id' | 'name' | 'age' | 'score' | 'active' | 'at' | 'tags', unknown>>): Row {
  return { id: 'x', name: null, age: null, score: null, active: null, at: null, tags: null, ...values };
}

function test(values: Parameters<typeof row>[0], lookups: Lookups): boolean {
  return matches(row(values), parseLookups(Thing, lookups));
}

describe('query', () => {
  describe('parseLookups', () => {
    it('reads a bare field name as exact', () => {
      expect(lookup({ name: 'Al' })).to.deep.equal({ kind: 'lookup', field: 'name', fieldKind: 'string', op: 'exact', value: 'Al' });
    });

    it('reads every lookup after "__"', () => {
      const values: Record<string, unknown> = {
        exact: 'a',
        ne: 'a',
        gt: 'a',
        gte: 'a',
        lt: 'a',
        lte: 'a',
        in: ['a', 'b'],
        contains: 'a',
        startswith: 'a',
        endswith: 'a',
        icontains: 'a',
        istartswith: 'a',
        iendswith: 'a',
        isnull: true,
      };
      for (const op of LOOKUPS) {
        expect(lookup({ [`name__${op}`]: values[op] }), op).to.deep.equal({
          kind: 'lookup',
          field: 'name',
          fieldKind: 'string',
          op,
          value: values[op],
        });
      }
      expect(LOOKUPS).to.have.length(14);
    });

    it('combines several lookups with and, and drops undefined values', () => {
      const condition = parseLookups(Thing, { age__gte: 3, name: 'a', score: undefined });
      expect(condition.kind).to.equal('and');
      expect((condition as { conditions: readonly Condition[] }).conditions.map((c) => (c as Lookup).op)).to.deep.equal(['gte', 'exact']);
      expect(parseLookups(Thing, {})).to.deep.equal({ kind: 'and', conditions: [] });
    });

    it('rejects an unknown field, listing the fields', () => {
      const error = queryError(() => parseLookups(Thing, { nmae__startswith: 'a' }));
      expect(error.message).to.contain('Thing has no field "nmae" (in the lookup "nmae__startswith")');
      expect(error.message).to.contain('Its fields are: id, name, age, score, active, at, tags.');
      queryError(() => parseLookups(Thing, { constructor: 'x' }));
      queryError(() => parseLookups(Thing, { toString: 'x' }));
      queryError(() => parseLookups(Thing, { Name: 'x' }));
    });

    it('rejects an unknown lookup, listing the lookups', () => {
      const error = queryError(() => parseLookups(Thing, { age__between: [1, 2] }));
      expect(error.message).to.contain('"between" is not a lookup (in "age__between")');
      expect(error.message).to.contain(`The lookups are: ${LOOKUPS.join(', ')}.`);
      queryError(() => parseLookups(Thing, { age__: 1 }));
      queryError(() => parseLookups(Thing, { age__gte__lt: 1 }));
      queryError(() => parseLookups(Thing, { name__iexact: 'a' }));
      queryError(() => parseLookups(Thing, { name__regex: 'a' }));
    });

    it('rejects lookups that do not apply to the kind, listing the ones that do', () => {
      const error = queryError(() => parseLookups(Thing, { age__contains: 1 }));
      expect(error.message).to.contain('The lookup "contains" does not apply to the integer field Thing.age');
      expect(error.message).to.contain('Its lookups are: exact, ne, gt, gte, lt, lte, in, isnull.');
      expect(queryError(() => parseLookups(Thing, { active__gt: true })).message).to.contain('Its lookups are: exact, ne, in, isnull.');
      expect(queryError(() => parseLookups(Thing, { tags: { a: 1 } })).message).to.contain('Its lookups are: isnull.');
      queryError(() => parseLookups(Thing, { at__startswith: '2024' }));
      queryError(() => parseLookups(Thing, { score__icontains: '1' }));
    });

    it('knows which lookups apply to each kind', () => {
      const expected: Record<FieldKind, string[]> = {
        string: [...LOOKUPS],
        integer: ['exact', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'isnull'],
        float: ['exact', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'isnull'],
        datetime: ['exact', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'isnull'],
        boolean: ['exact', 'ne', 'in', 'isnull'],
        json: ['isnull'],
      };
      for (const [kind, ops] of Object.entries(expected)) expect([...lookupsFor(kind as FieldKind)], kind).to.deep.equal(ops);
      expect(lookup({ tags__isnull: false }).value).to.equal(false);
    });

    describe('null', () => {
      it('allows exact and ne with null', () => {
        expect(lookup({ age: null }).value).to.equal(null);
        expect(lookup({ age__exact: null }).value).to.equal(null);
        expect(lookup({ name__ne: null }).value).to.equal(null);
      });

      it('rejects null in __in, pointing at __isnull', () => {
        const error = queryError(() => parseLookups(Thing, { age__in: [1, null] }));
        expect(error.message).to.contain('cannot contain null: use age__isnull to match nulls');
      });

      it('rejects null with every other comparison', () => {
        for (const op of ['gt', 'gte', 'lt', 'lte', 'contains', 'startswith', 'endswith', 'icontains', 'istartswith', 'iendswith']) {
          const error = queryError(() => parseLookups(Thing, { [`name__${op}`]: null }));
          expect(error.message, op).to.contain('cannot compare with null');
        }
        queryError(() => parseLookups(Thing, { age__gt: null }));
        queryError(() => parseLookups(Thing, { name__in: null }));
      });

      it('needs true or false for isnull', () => {
        expect(queryError(() => parseLookups(Thing, { name__isnull: 'yes' })).message).to.contain('needs true or false');
        queryError(() => parseLookups(Thing, { name__isnull: null }));
        queryError(() => parseLookups(Thing, { name__isnull: 1 }));
      });
    });

    describe('value types', () => {
      it('rejects a value of the wrong type, naming the kind', () => {
        expect(queryError(() => parseLookups(Thing, { age: '30' })).message).to.contain(
          'The lookup Thing.age needs an integer (a JavaScript safe integer), got "30"',
        );
        queryError(() => parseLookups(Thing, { age__gte: 1.5 }));
        queryError(() => parseLookups(Thing, { age: 2 ** 53 }));
        queryError(() => parseLookups(Thing, { score__lt: Number.NaN }));
        queryError(() => parseLookups(Thing, { score: Infinity }));
        queryError(() => parseLookups(Thing, { name: 5 }));
        queryError(() => parseLookups(Thing, { name__contains: 5 }));
        queryError(() => parseLookups(Thing, { active: 'true' }));
        queryError(() => parseLookups(Thing, { at: '2024-01-01T00:00:00Z' }));
        queryError(() => parseLookups(Thing, { at__gt: new Date('nope') }));
      });

      it('accepts an integer for a float field', () => {
        expect(lookup({ score__gte: 3 }).value).to.equal(3);
      });

      it('needs an array of values of the field type for __in', () => {
        expect(queryError(() => parseLookups(Thing, { age__in: 5 })).message).to.contain('needs an array of integer values');
        queryError(() => parseLookups(Thing, { age__in: [1, '2'] }));
        queryError(() => parseLookups(Thing, { name__in: 'a,b' }));
        expect(lookup({ age__in: [] }).value).to.deep.equal([]);
        expect(lookup({ active__in: [true] }).value).to.deep.equal([true]);
      });

      it('rejects text no backend can store', () => {
        expect(queryError(() => parseLookups(Thing, { name: 'a\u0000' })).message).to.contain('NUL');
        queryError(() => parseLookups(Thing, { name__contains: '\uD800' }));
        queryError(() => parseLookups(Thing, { name__in: ['ok', '\uDFFF'] }));
      });

      it('rejects datetimes outside 0001–9999', () => {
        expect(queryError(() => parseLookups(Thing, { at__gt: new Date('+010000-01-01T00:00:00Z') })).message).to.contain(
          'must be between',
        );
        queryError(() => parseLookups(Thing, { at__lt: new Date('0000-12-31T23:59:59.999Z') }));
        expect(lookup({ at__gte: new Date('0001-01-01T00:00:00.000Z') }).op).to.equal('gte');
      });

      it('normalises -0 to 0', () => {
        expect(Object.is(lookup({ score: -0 }).value, 0)).to.equal(true);
        expect(Object.is((lookup({ age__in: [-0] }).value as number[])[0], 0)).to.equal(true);
      });
    });

    it('rejects lookups that are not an object', () => {
      expect(queryError(() => parseLookups(Thing, null as unknown as Lookups)).message).to.contain(
        'must be an object such as { age__gte: 30 }',
      );
      queryError(() => parseLookups(Thing, ['age'] as unknown as Lookups));
      queryError(() => parseLookups(Thing, 'age=3' as unknown as Lookups));
    });
  });

  describe('matches', () => {
    it('exact and ne compare by value', () => {
      expect(test({ age: 3 }, { age: 3 })).to.equal(true);
      expect(test({ age: 3 }, { age: 4 })).to.equal(false);
      expect(test({ age: 3 }, { age__ne: 4 })).to.equal(true);
      expect(test({ age: 3 }, { age__ne: 3 })).to.equal(false);
      expect(test({ at: new Date('2024-01-01T00:00:00Z') }, { at: new Date(Date.UTC(2024, 0, 1)) })).to.equal(true);
      expect(test({ active: false }, { active: false })).to.equal(true);
      expect(test({ name: '' }, { name: '' })).to.equal(true);
    });

    it('exact null matches nulls only; ne null matches non-nulls only', () => {
      expect(test({ name: null }, { name: null })).to.equal(true);
      expect(test({ name: '' }, { name: null })).to.equal(false);
      expect(test({ name: null }, { name__ne: null })).to.equal(false);
      expect(test({ name: '' }, { name__ne: null })).to.equal(true);
    });

    it('no comparison other than exact null matches a null, not even ne', () => {
      for (const lookups of [
        { age: 3 },
        { age__ne: 3 },
        { age__gt: -1000 },
        { age__gte: 0 },
        { age__lt: 1000 },
        { age__lte: 0 },
        { age__in: [1, 2] },
      ]) {
        expect(test({ age: null }, lookups), JSON.stringify(lookups)).to.equal(false);
      }
      for (const op of ['contains', 'startswith', 'endswith', 'icontains', 'istartswith', 'iendswith']) {
        expect(test({ name: null }, { [`name__${op}`]: '' }), op).to.equal(false);
      }
      expect(test({ active: null }, { active__ne: true })).to.equal(false);
    });

    it('isnull', () => {
      expect(test({ tags: null }, { tags__isnull: true })).to.equal(true);
      expect(test({ tags: { a: 1 } }, { tags__isnull: true })).to.equal(false);
      expect(test({ tags: { a: 1 } }, { tags__isnull: false })).to.equal(true);
      expect(test({ name: '' }, { name__isnull: true })).to.equal(false);
      expect(test({ tags: false }, { tags__isnull: false })).to.equal(true);
    });

    it('range lookups on numbers, dates and strings', () => {
      expect(test({ age: 5 }, { age__gt: 4 })).to.equal(true);
      expect(test({ age: 5 }, { age__gt: 5 })).to.equal(false);
      expect(test({ age: 5 }, { age__gte: 5 })).to.equal(true);
      expect(test({ age: 5 }, { age__lt: 5 })).to.equal(false);
      expect(test({ age: 5 }, { age__lte: 5 })).to.equal(true);
      expect(test({ score: -0.5 }, { score__lt: 0 })).to.equal(true);
      expect(test({ at: new Date(1000) }, { at__gt: new Date(999) })).to.equal(true);
      expect(test({ at: new Date(1000) }, { at__lt: new Date(1000) })).to.equal(false);
      expect(test({ name: 'b' }, { name__gt: 'a' })).to.equal(true);
      expect(test({ name: 'B' }, { name__gt: 'a' })).to.equal(false);
      expect(test({ name: '😀' }, { name__gt: '\uFF5A' })).to.equal(true); // code-point order
    });

    it('in', () => {
      expect(test({ age: 2 }, { age__in: [1, 2, 3] })).to.equal(true);
      expect(test({ age: 4 }, { age__in: [1, 2, 3] })).to.equal(false);
      expect(test({ age: 4 }, { age__in: [] })).to.equal(false);
      expect(test({ at: new Date(5) }, { at__in: [new Date(5)] })).to.equal(true);
      expect(test({ name: 'A' }, { name__in: ['a'] })).to.equal(false);
    });

    it('string lookups are case-sensitive by code point', () => {
      expect(test({ name: 'Alice' }, { name__contains: 'lic' })).to.equal(true);
      expect(test({ name: 'Alice' }, { name__contains: 'LIC' })).to.equal(false);
      expect(test({ name: 'Alice' }, { name__startswith: 'Al' })).to.equal(true);
      expect(test({ name: 'Alice' }, { name__startswith: 'al' })).to.equal(false);
      expect(test({ name: 'Alice' }, { name__endswith: 'ce' })).to.equal(true);
      expect(test({ name: 'Alice' }, { name__endswith: 'CE' })).to.equal(false);
      expect(test({ name: 'Alice' }, { name__contains: '' })).to.equal(true);
      expect(test({ name: '' }, { name__startswith: '' })).to.equal(true);
    });

    it('treats wildcard and pattern characters literally', () => {
      expect(test({ name: 'abc' }, { name__contains: '%' })).to.equal(false);
      expect(test({ name: 'abc' }, { name__contains: '_' })).to.equal(false);
      expect(test({ name: 'abc' }, { name__contains: '.*' })).to.equal(false);
      expect(test({ name: '100%_off' }, { name__contains: '%_' })).to.equal(true);
      expect(test({ name: 'a*b' }, { name__istartswith: 'A*' })).to.equal(true);
    });

    it('the i lookups fold ASCII letters only', () => {
      expect(test({ name: 'Alice' }, { name__icontains: 'LIC' })).to.equal(true);
      expect(test({ name: 'Alice' }, { name__istartswith: 'aL' })).to.equal(true);
      expect(test({ name: 'Alice' }, { name__iendswith: 'CE' })).to.equal(true);
      expect(test({ name: 'École' }, { name__icontains: 'école' })).to.equal(false);
      expect(test({ name: 'École' }, { name__istartswith: 'éCOLE' })).to.equal(false);
      expect(test({ name: 'École' }, { name__iendswith: 'COLE' })).to.equal(true);
      expect(test({ name: 'straße' }, { name__icontains: 'STRASSE' })).to.equal(false);
      expect(test({ name: 'ΣΟΦΙΑ' }, { name__icontains: 'σοφια' })).to.equal(false);
      expect(test({ name: 'k' }, { name__iendswith: '\u212A' })).to.equal(false); // Kelvin sign
    });

    it('and needs every condition', () => {
      expect(test({ age: 5, name: 'a' }, { age: 5, name: 'a' })).to.equal(true);
      expect(test({ age: 5, name: 'b' }, { age: 5, name: 'a' })).to.equal(false);
      expect(test({}, {})).to.equal(true);
    });

    it('not is the exact complement, so excluding a comparison keeps the nulls', () => {
      const not = (lookups: Lookups): Condition => ({ kind: 'not', condition: parseLookups(Thing, lookups) });
      expect(matches(row({ age: null }), not({ age__gt: 30 }))).to.equal(true);
      expect(matches(row({ age: 40 }), not({ age__gt: 30 }))).to.equal(false);
      expect(matches(row({ age: 20 }), not({ age__gt: 30 }))).to.equal(true);
      expect(matches(row({ name: null }), not({ name: null }))).to.equal(false);
      expect(matches(row({ name: null }), not({ name: 'x' }))).to.equal(true);
      const rows = [row({ age: null }), row({ age: 10 }), row({ age: 40 })];
      for (const lookups of [{ age__gt: 30 }, { age: 10 }, { age__ne: 10 }, { age__in: [10, 40] }, { age__isnull: true }]) {
        const kept = rows.filter((r) => matches(r, parseLookups(Thing, lookups)));
        const dropped = rows.filter((r) => matches(r, not(lookups)));
        expect(kept.length + dropped.length, JSON.stringify(lookups)).to.equal(rows.length);
        for (const r of kept) expect(dropped).to.not.include(r);
      }
    });
  });

  describe('parseOrder', () => {
    it('reads ascending and descending terms and appends the primary key', () => {
      expect(parseOrder(Thing, ['-age', 'name'])).to.deep.equal([
        { field: 'age', fieldKind: 'integer', descending: true },
        { field: 'name', fieldKind: 'string', descending: false },
        { field: 'id', fieldKind: 'string', descending: false },
      ]);
      expect(parseOrder(Thing, [])).to.deep.equal([{ field: 'id', fieldKind: 'string', descending: false }]);
    });

    it('does not append a primary-key field already named', () => {
      expect(parseOrder(Thing, ['-id'])).to.deep.equal([{ field: 'id', fieldKind: 'string', descending: true }]);
    });

    it('appends every missing part of a composite key, in key order', () => {
      const Todo = defineModel('Todo', {
        title: field.string(),
        userId: field.string({ primaryKey: true }),
        todoId: field.integer({ primaryKey: true }),
      });
      expect(parseOrder(Todo, ['title']).map((t) => t.field)).to.deep.equal(['title', 'userId', 'todoId']);
      expect(parseOrder(Todo, ['-todoId']).map((t) => [t.field, t.descending])).to.deep.equal([
        ['todoId', true],
        ['userId', false],
      ]);
    });

    it('rejects an unknown field, listing the fields', () => {
      const error = queryError(() => parseOrder(Thing, ['-agee']));
      expect(error.message).to.contain(
        'Cannot order Thing by "-agee": there is no field "agee". Its fields are: id, name, age, score, active, at, tags',
      );
      queryError(() => parseOrder(Thing, ['']));
      queryError(() => parseOrder(Thing, ['-']));
      queryError(() => parseOrder(Thing, ['--age']));
      queryError(() => parseOrder(Thing, ['+age']));
      queryError(() => parseOrder(Thing, ['constructor']));
    });

    it('rejects a json field', () => {
      expect(queryError(() => parseOrder(Thing, ['tags'])).message).to.contain('json values have no order');
    });

    it('rejects a field named twice, in either direction', () => {
      expect(queryError(() => parseOrder(Thing, ['age', '-age'])).message).to.contain('Cannot order Thing by "age" twice');
      queryError(() => parseOrder(Thing, ['name', 'name']));
    });

    it('accepts booleans and datetimes', () => {
      expect(parseOrder(Thing, ['active', '-at']).map((t) => t.fieldKind)).to.deep.equal(['boolean', 'datetime', 'string']);
    });
  });

  describe('checkCount', () => {
    it('accepts non-negative safe integers for limit and offset', () => {
      expect(checkCount(Thing, 'limit', 0)).to.equal(0);
      expect(checkCount(Thing, 'offset', 7)).to.equal(7);
      expect(checkCount(Thing, 'limit', Number.MAX_SAFE_INTEGER)).to.equal(Number.MAX_SAFE_INTEGER);
    });

    it('rejects negative, fractional, non-finite and non-number values', () => {
      for (const bad of [-1, 1.5, Number.NaN, Infinity, '3', null, undefined, 2 ** 53]) {
        expect(queryError(() => checkCount(Thing, 'limit', bad)).message, String(bad)).to.contain(
          'The limit of a Thing query must be a non-negative integer',
        );
        queryError(() => checkCount(Thing, 'offset', bad));
      }
    });

    it('needs a positive page size', () => {
      expect(checkCount(Thing, 'page size', 1)).to.equal(1);
      expect(queryError(() => checkCount(Thing, 'page size', 0)).message).to.contain('must be a positive integer');
      queryError(() => checkCount(Thing, 'page size', -2));
    });
  });

  describe('compareRows and applyFind', () => {
    const rows: Row[] = [
      row({ id: 'e', name: 'b', age: 2 }),
      row({ id: 'a', name: null, age: 1 }),
      row({ id: 'd', name: 'a', age: null }),
      row({ id: 'c', name: 'b', age: 1 }),
      row({ id: 'b', name: 'B', age: 3 }),
    ];
    const find = (order: string[], rest: Partial<FindSpec> = {}): string[] =>
      applyFind(rows, { where: { kind: 'and', conditions: [] }, orderBy: parseOrder(Thing, order), offset: 0, ...rest }).map(
        (r) => r.id as string,
      );

    it('orders by primary key without an order', () => {
      expect(find([])).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
    });

    it('puts nulls first ascending and last descending, breaking ties by primary key', () => {
      expect(find(['name'])).to.deep.equal(['a', 'b', 'd', 'c', 'e']);
      expect(find(['-name'])).to.deep.equal(['c', 'e', 'd', 'b', 'a']);
      expect(find(['age'])).to.deep.equal(['d', 'a', 'c', 'e', 'b']);
      expect(find(['-age'])).to.deep.equal(['b', 'e', 'a', 'c', 'd']);
    });

    it('orders by several fields', () => {
      expect(find(['name', '-age'])).to.deep.equal(['a', 'b', 'd', 'e', 'c']);
      expect(find(['-name', '-id'])).to.deep.equal(['e', 'c', 'd', 'b', 'a']);
    });

    it('compareRows returns 0 only for equal order values', () => {
      const order = parseOrder(Thing, ['name']);
      expect(compareRows(row({ id: 'x', name: 'a' }), row({ id: 'x', name: 'a' }), order)).to.equal(0);
      expect(compareRows(row({ id: 'x', name: null }), row({ id: 'x', name: 'a' }), order)).to.be.below(0);
    });

    it('filters, seeks strictly after a position, then applies offset and limit', () => {
      expect(find([], { where: parseLookups(Thing, { age__gte: 2 }) })).to.deep.equal(['b', 'e']);
      expect(find([], { after: { id: 'b' } })).to.deep.equal(['c', 'd', 'e']);
      expect(find(['-age'], { after: { age: 1, id: 'a' } })).to.deep.equal(['c', 'd']);
      expect(find(['age'], { after: { age: null, id: 'd' } })).to.deep.equal(['a', 'c', 'e', 'b']);
      expect(find([], { offset: 1, limit: 2 })).to.deep.equal(['b', 'c']);
      expect(find([], { limit: 0 })).to.deep.equal([]);
      expect(find([], { offset: 10 })).to.deep.equal([]);
      expect(find([], { after: { id: 'b' }, offset: 1, limit: 1 })).to.deep.equal(['d']);
    });

    it('does not reorder the input', () => {
      const before = rows.map((r) => r.id);
      find(['-age']);
      expect(rows.map((r) => r.id)).to.deep.equal(before);
    });
  });
});

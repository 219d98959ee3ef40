import fc from 'fast-check';
import type { QuerySpec } from '../drivers/driver';
import { dependencyOrder, type AnyModel, type Row } from '../orm';
import type { Field, FieldKind } from '../orm/fields';
import { lookupsFor } from '../orm/query';
import type { FuzzStep } from './steps';

/*
 * Random data and operation sequences for any model, built from its field definitions: mostly
 * values within the model's rules, drawn from small pools so that keys and unique values clash,
 * plus values just outside the rules and the text that breaks engines (quotes, LIKE wildcards,
 * backslashes, combining marks, astral characters, NUL).
 */

const TRICKY_TEXT = [
  '',
  ' ',
  'a',
  'A',
  'ab',
  'Ab',
  'b',
  'Z',
  'é',
  'É',
  'e\u0301',
  'ｚ',
  '😀',
  'a😀b',
  '%',
  '_',
  '\\',
  'a%',
  '%a',
  'a_b',
  'a\\_b',
  "O'Brien",
  '"quoted"',
  "'; DROP TABLE users; --",
  '${x}',
  ':name',
  '$1',
  'null',
  '<null>',
  'line\nbreak',
  '\ttab',
  ' padded ',
  'ǅ',
  'ß',
  'İ',
];
const INVALID_TEXT = ['\u0000', 'a\u0000b', '\ud800'];

const DATETIMES = [
  '0001-01-01T00:00:00.000Z',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '2000-02-29T12:00:00.001Z',
  '2024-01-01T00:00:00.000Z',
  '2024-01-01T00:00:00.001Z',
  '2024-06-30T23:59:59.999Z',
  '9999-12-31T23:59:59.999Z',
].map((iso) => new Date(iso));
const INTEGERS = [0, 1, -1, 2, 3, 5, 30, 150, 151, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
const FLOATS = [0, 0.1, 0.2, 0.30000000000000004, -2.5, 1, 1.5, 3.14159, 1e-130, -1e-130, 9.99e125, 1e21, 123456.789];

/** Fields that are neither read-only keys nor clock-set; the ones a record's values are drawn for. */
function kindOf(model: AnyModel, name: string): FieldKind {
  return (model.fields[name] as Field).kind;
}

/** A value of the field's kind from its pools: mostly what the model accepts, now and then what it must refuse. */
export function valueArb(definition: Field, validOnly = false): fc.Arbitrary<unknown> {
  const { kind, options } = definition;
  const valid: fc.Arbitrary<unknown>[] = [];
  const invalid: fc.Arbitrary<unknown>[] = [fc.constant(null)];
  const within = (value: number) =>
    (typeof options.ge !== 'number' || value >= options.ge) &&
    (typeof options.gt !== 'number' || value > options.gt) &&
    (typeof options.le !== 'number' || value <= options.le) &&
    (typeof options.lt !== 'number' || value < options.lt);
  const fits = (text: string) => [...text].length >= (options.minLength ?? 0) && [...text].length <= (options.maxLength ?? Infinity);
  if (options.choices !== undefined) valid.push(fc.constantFrom(...(options.choices as unknown[])));
  switch (kind) {
    case 'string':
      if (options.pattern !== undefined) valid.push(fc.stringMatching(new RegExp(options.pattern)));
      else if (options.choices === undefined) {
        valid.push(...pick(TRICKY_TEXT.filter(fits)), ...pick(TRICKY_TEXT.filter(fits)), ...pick(TRICKY_TEXT.filter(fits)));
        valid.push(fc.string({ unit: 'grapheme', minLength: options.minLength ?? 0, maxLength: 6 }).filter(fits));
      }
      invalid.push(
        fc.constantFrom(...INVALID_TEXT),
        fc.constant('x'.repeat((options.maxLength ?? 300) + 1)),
        fc.constant(''),
        fc.constant(7),
      );
      break;
    case 'integer':
      valid.push(...pick(INTEGERS.filter(within)), fc.integer({ min: -1000, max: 1000 }).filter(within));
      invalid.push(fc.constantFrom(1.5, '3', 2 ** 53, -(2 ** 53)), ...pick(INTEGERS.filter((v) => !within(v))));
      break;
    case 'float':
      valid.push(
        ...pick(FLOATS.filter(within)),
        fc
          .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
          .filter((v) => within(v) && (v === 0 || Math.abs(v) >= 1e-130)),
      );
      invalid.push(fc.constantFrom(Number.NaN, Infinity, 1e200, 5e-324, '1.5'));
      break;
    case 'boolean':
      valid.push(fc.boolean());
      invalid.push(fc.constantFrom('true', 0));
      break;
    case 'datetime':
      valid.push(
        fc.constantFrom(...DATETIMES),
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
      );
      invalid.push(fc.constantFrom(new Date('0000-12-31T23:59:59.999Z'), '2024-01-01T00:00:00Z'));
      break;
    case 'json':
      valid.push(
        fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== null),
        fc.constantFrom(['a', 'b'], { k: 'v', n: 1 }, 'text', 0, true, { nested: { list: [1, 'x', null] } }, { b: 1, a: 2 }),
      );
      invalid.push(fc.constantFrom({ bad: '\u0000' }, [Number.NaN]));
      break;
  }
  let arb = fc.oneof(...valid);
  if (options.nullable === true) arb = fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  if (validOnly) return arb;
  return fc.oneof({ weight: 40, arbitrary: arb }, { weight: 1, arbitrary: fc.oneof(...invalid) });
}

/** A pool as an arbitrary, or none when the pool is empty (spread it into a list of candidates). */
function pick<T>(pool: readonly T[]): fc.Arbitrary<T>[] {
  return pool.length === 0 ? [] : [fc.constantFrom(...pool)];
}

/** Key values drawn from a small pool, so that gets, updates and deletes hit existing records. */
function keyArb(definition: Field): fc.Arbitrary<unknown> {
  if (definition.kind === 'integer') return fc.integer({ min: 1, max: 3 });
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom('a', 'b', 'A') }, { weight: 1, arbitrary: fc.constantFrom('é', 'a😀', 'ab') });
}

/**
 * A reference value: mostly from the parent's key pool (so that it names a parent the sequence
 * may have created), now and then a key no parent has, or null where the reference allows it.
 */
function referenceArb(definition: Field, validOnly: boolean): fc.Arbitrary<unknown> {
  const parent = definition.options.reference!.model;
  const keyField = parent.fields[parent.primaryKey[0] as string] as Field;
  const missing = keyField.kind === 'integer' ? 99 : 'missing';
  const arbs: { weight: number; arbitrary: fc.Arbitrary<unknown> }[] = [{ weight: 12, arbitrary: keyArb(keyField) }];
  if (!validOnly) arbs.push({ weight: 1, arbitrary: fc.constant(missing) });
  if (definition.options.nullable === true) arbs.push({ weight: 3, arbitrary: fc.constant(null) });
  else if (!validOnly) arbs.push({ weight: 1, arbitrary: fc.constant(null) });
  return fc.oneof(...arbs);
}

/** A record's values: keys from small pools, unique fields from small pools, the rest from `valueArb`. */
export function recordArb(model: AnyModel, validOnly = false): fc.Arbitrary<Row> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const optional: string[] = [];
  for (const name of model.fieldNames) {
    const definition = model.fields[name] as Field;
    const { options } = definition;
    if (options.autoNow === true || options.autoNowAdd === true) continue;
    if (options.primaryKey === true) parts[name] = keyArb(definition);
    else if (options.reference !== undefined) parts[name] = referenceArb(definition, validOnly);
    else if (options.unique === true || model.uniqueConstraints.some((c) => c.includes(name))) {
      parts[name] = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...uniquePool(definition)) },
        { weight: 1, arbitrary: valueArb(definition, validOnly) },
      );
    } else parts[name] = valueArb(definition, validOnly);
    if (options.default !== undefined || options.nullable === true) optional.push(name);
  }
  return fc.record(parts, { requiredKeys: model.fieldNames.filter((f) => f in parts && !optional.includes(f)) }) as fc.Arbitrary<Row>;
}

function uniquePool(definition: Field): unknown[] {
  if (definition.options.choices !== undefined) return [...definition.options.choices];
  if (definition.options.pattern !== undefined) return ['ABC-123', 'ABC-124', 'XYZ-999'];
  switch (definition.kind) {
    case 'integer':
      return [1, 2, 3];
    case 'float':
      return [1.5, 2.5];
    case 'datetime':
      return DATETIMES.slice(2, 4);
    default:
      return ['x', 'y', 'X', 'x@example.com', null];
  }
}

/** Changes for an update: a few fields, sometimes a key field (which must be refused). */
function changesArb(model: AnyModel): fc.Arbitrary<Row> {
  return recordArb(model).chain((row) =>
    fc
      .subarray(Object.keys(row), { minLength: 1, maxLength: Math.min(3, Object.keys(row).length) })
      .map((names) => Object.fromEntries(names.map((n) => [n, row[n]]))),
  );
}

function keyOfArb(model: AnyModel): fc.Arbitrary<Row> {
  return fc.record(Object.fromEntries(model.primaryKey.map((f) => [f, keyArb(model.fields[f] as Field)]))) as fc.Arbitrary<Row>;
}

/** Lookups on random fields with lookups that apply to them (and, rarely, ones that do not). */
function lookupsArb(model: AnyModel): fc.Arbitrary<Record<string, unknown>> {
  const entry = fc.constantFrom(...model.fieldNames).chain((name) => {
    const definition = model.fields[name] as Field;
    const ops = lookupsFor(definition.kind);
    return fc.constantFrom(...ops).chain((op) => {
      const key = op === 'exact' ? name : `${name}__${op}`;
      let value: fc.Arbitrary<unknown>;
      if (op === 'isnull') value = fc.boolean();
      else if (op === 'in')
        value = fc.array(valueArb({ ...definition, options: { ...definition.options, nullable: false } }, true), { maxLength: 3 });
      else if (op === 'exact' || op === 'ne') value = valueArb({ ...definition, options: { ...definition.options, nullable: true } }, true);
      else
        value = valueArb(
          { ...definition, options: { ...definition.options, nullable: false, choices: undefined, pattern: undefined } },
          true,
        );
      if (definition.options.primaryKey === true && (op === 'exact' || op === 'ne')) value = keyArb(definition);
      return value.map((v) => [key, v] as const);
    });
  });
  return fc
    .oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(entry, { minLength: 1, maxLength: 2 }) })
    .map((entries) => Object.fromEntries(entries));
}

function queryArb(model: AnyModel, paging = false): fc.Arbitrary<QuerySpec> {
  const orderable = model.fieldNames.filter((f) => kindOf(model, f) !== 'json');
  const orderBy = fc
    .subarray(orderable, { maxLength: Math.min(3, orderable.length) })
    .chain((names) => fc.tuple(...names.map((n) => fc.constantFrom(n, `-${n}`))));
  const parts = {
    filter: lookupsArb(model),
    // One lookup per exclusion: the scenario vocabulary writes each `exclude` row as its own exclusion.
    exclude: fc.array(
      lookupsArb(model).filter((l) => Object.keys(l).length === 1),
      { minLength: 1, maxLength: 1 },
    ),
    orderBy,
    ...(paging ? {} : { limit: fc.integer({ min: 0, max: 5 }), offset: fc.integer({ min: 0, max: 2 }) }),
    ...(model.softDelete ? { deleted: fc.constantFrom('include', 'only') } : {}),
  };
  // Every part but the filter is left out at random.
  return fc.record(parts, { requiredKeys: ['filter'] }) as fc.Arbitrary<QuerySpec>;
}

/** One random step on one of the models. */
export function stepArb(models: readonly AnyModel[]): fc.Arbitrary<FuzzStep> {
  return fc.constantFrom(...models).chain((model) =>
    fc.oneof(
      { weight: 8, arbitrary: recordArb(model).map((data): FuzzStep => ({ kind: 'create', model, data })) },
      { weight: 2, arbitrary: recordArb(model).map((data): FuzzStep => ({ kind: 'upsert', model, data })) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(keyOfArb(model), changesArb(model))
          .map(([key, changes]): FuzzStep => ({ kind: 'update', model, key, changes })),
      },
      { weight: 2, arbitrary: keyOfArb(model).map((key): FuzzStep => ({ kind: 'delete', model, key })) },
      { weight: 1, arbitrary: keyOfArb(model).map((key): FuzzStep => ({ kind: 'get', model, key })) },
      ...(model.softDelete
        ? [
            { weight: 2, arbitrary: keyOfArb(model).map((key): FuzzStep => ({ kind: 'restore', model, key })) },
            { weight: 1, arbitrary: keyOfArb(model).map((key): FuzzStep => ({ kind: 'forceDelete', model, key })) },
          ]
        : []),
      { weight: 4, arbitrary: queryArb(model).map((query): FuzzStep => ({ kind: 'query', model, query })) },
      { weight: 1, arbitrary: queryArb(model).map((query): FuzzStep => ({ kind: 'count', model, query })) },
      { weight: 1, arbitrary: queryArb(model).map((query): FuzzStep => ({ kind: 'exists', model, query })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(queryArb(model, true), fc.integer({ min: 1, max: 3 }))
          .map(([query, size]): FuzzStep => ({ kind: 'walk', model, query, size })),
      },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 90 }).map((seconds): FuzzStep => ({ kind: 'advance', seconds })) },
    ),
  );
}

/**
 * A sequence of steps, mostly on one model so that its records meet each other; the parents of
 * the chosen models join in, so that references can name records the sequence created.
 */
export function sequenceArb(models: readonly AnyModel[], maxLength = 20): fc.Arbitrary<FuzzStep[]> {
  return fc
    .subarray([...models], { minLength: 1, maxLength: 2 })
    .map((chosen) => withParents(chosen))
    .chain((chosen) => {
      const body = fc.array(stepArb(chosen), { minLength: 1, maxLength });
      const parents = dependencyOrder(chosen).filter((m) => chosen.some((c) => c.references.some((r) => r.parent === m)));
      // Without references the sequence is drawn exactly as before, so earlier seeds still find what they found.
      if (parents.length === 0) return body;
      return fc.tuple(parentsArb(parents), body).map(([prefix, steps]) => [...prefix, ...steps]);
    });
}

/** Creates of valid parents under the first keys of the key pool, parents of parents first, so that references mostly hit. */
function parentsArb(parents: readonly AnyModel[]): fc.Arbitrary<FuzzStep[]> {
  const creates = parents.flatMap((model) => {
    const keyField = model.fields[model.primaryKey[0] as string] as Field;
    const keys: unknown[] = keyField.kind === 'integer' ? [1, 2, 3] : ['a', 'b', 'A'];
    return keys.map((key) =>
      recordArb(model, true).map((data): FuzzStep => ({ kind: 'create', model, data: { ...data, [model.primaryKey[0] as string]: key } })),
    );
  });
  return fc.tuple(...creates);
}

function withParents(chosen: readonly AnyModel[]): AnyModel[] {
  const all = new Set<AnyModel>();
  const add = (model: AnyModel): void => {
    if (all.has(model)) return;
    all.add(model);
    for (const reference of model.references) add(reference.parent);
  };
  chosen.forEach(add);
  return [...all];
}

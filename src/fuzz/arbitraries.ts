import fc from 'fast-check';
import type { QuerySpec } from '../drivers/driver';
import { dependencyOrder, type AnyModel, type DatabaseLayout, type ModelReference, type Row } from '../orm';
import type { Field, FieldKind } from '../orm/fields';
import { lookupsFor } from '../orm/query';
import {
  LIMIT_CLASSES,
  LISTABLE_KINDS,
  LONG_UNIQUE_TEXT,
  UNSTORABLE_KEYS,
  deepExclusionsArb,
  fillerValue,
  longListSizeArb,
  longTextArb,
  wideChildrenArb,
  type LimitClass,
} from './limits';
import type { FuzzStep } from './steps';

/*
 * Random data and operation sequences for any model, built from its field definitions: mostly
 * values within the model's rules, drawn from small pools so that keys and unique values clash,
 * plus values just outside the rules and the text that breaks engines (quotes, LIKE wildcards,
 * backslashes, combining marks, astral characters, NUL), and, now and then, the engine-limit
 * cases of ./limits.ts (each class only when `limits` has it).
 */

/** Which engine-limit classes the generators add. */
export type Limits = ReadonlySet<LimitClass>;

/** Every engine-limit class: the default. */
export const ALL_LIMITS: Limits = new Set(LIMIT_CLASSES);

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

/**
 * A value of the field's kind from its pools: mostly what the model accepts, now and then what it
 * must refuse, and (with `long-text`) now and then text of several kilobytes.
 */
export function valueArb(definition: Field, validOnly = false, limits: Limits = ALL_LIMITS): fc.Arbitrary<unknown> {
  const { kind, options } = definition;
  const valid: fc.Arbitrary<unknown>[] = [];
  // Rare valid values, each drawn about once in `RARE` valid values.
  const rare: fc.Arbitrary<unknown>[] = [];
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
        if (limits.has('long-text')) rare.push(...longTextArb(options.maxLength));
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
  if (rare.length > 0) arb = fc.oneof({ weight: RARE, arbitrary: arb }, ...rare.map((arbitrary) => ({ weight: 1, arbitrary })));
  if (options.nullable === true) arb = fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  if (validOnly) return arb;
  return fc.oneof({ weight: 40, arbitrary: arb }, { weight: 1, arbitrary: fc.oneof(...invalid) });
}

/** How much more often an ordinary valid value is drawn than each rare one (such as a 5 KB text). */
const RARE = 40;

/** A pool as an arbitrary, or none when the pool is empty (spread it into a list of candidates). */
function pick<T>(pool: readonly T[]): fc.Arbitrary<T>[] {
  return pool.length === 0 ? [] : [fc.constantFrom(...pool)];
}

/** The keys of the key pool that sequences start by creating parents under. */
function poolKeys(definition: Field): unknown[] {
  return definition.kind === 'integer' ? [1, 2, 3] : ['a', 'b', 'A'];
}

/**
 * Key values drawn from a small pool, so that gets, updates and deletes hit existing records;
 * with `keys` (and unless only valid values are wanted), now and then a key no engine can store
 * as such: empty, or over DynamoDB's key lengths.
 */
function keyArb(definition: Field, limits: Limits, validOnly = false): fc.Arbitrary<unknown> {
  if (definition.kind === 'integer') return fc.integer({ min: 1, max: 3 });
  const pool = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...poolKeys(definition)) },
    { weight: 1, arbitrary: fc.constantFrom('é', 'a😀', 'ab') },
  );
  if (validOnly || !limits.has('keys')) return pool;
  return fc.oneof({ weight: 30, arbitrary: pool }, { weight: 1, arbitrary: fc.constantFrom(...UNSTORABLE_KEYS) });
}

/**
 * A reference value: mostly from the parent's key pool (so that it names a parent the sequence
 * may have created), now and then a key no parent has, or null where the reference allows it.
 */
function referenceArb(definition: Field, validOnly: boolean, limits: Limits): fc.Arbitrary<unknown> {
  const parent = definition.options.reference!.model;
  const keyField = parent.fields[parent.primaryKey[0] as string] as Field;
  const missing = keyField.kind === 'integer' ? 99 : 'missing';
  const arbs: { weight: number; arbitrary: fc.Arbitrary<unknown> }[] = [{ weight: 12, arbitrary: keyArb(keyField, limits, validOnly) }];
  if (!validOnly) arbs.push({ weight: 1, arbitrary: fc.constant(missing) });
  if (definition.options.nullable === true) arbs.push({ weight: 3, arbitrary: fc.constant(null) });
  else if (!validOnly) arbs.push({ weight: 1, arbitrary: fc.constant(null) });
  return fc.oneof(...arbs);
}

/**
 * A record's values: keys from small pools, unique fields from small pools, the rest from
 * `valueArb`; unique and indexed text now and then from a pool of long values that clash (with
 * `long-text`).
 */
export function recordArb(model: AnyModel, validOnly = false, limits: Limits = ALL_LIMITS): fc.Arbitrary<Row> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const optional: string[] = [];
  for (const name of model.fieldNames) {
    const definition = model.fields[name] as Field;
    const { options } = definition;
    if (options.autoNow === true || options.autoNowAdd === true) continue;
    const unique = options.unique === true || model.uniqueConstraints.some((c) => c.includes(name));
    const longPool = limits.has('long-text') && (unique || options.index === true) ? longTextPool(definition) : [];
    if (options.primaryKey === true) parts[name] = keyArb(definition, limits, validOnly);
    else if (options.reference !== undefined) parts[name] = referenceArb(definition, validOnly, limits);
    else if (unique) {
      parts[name] = fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...uniquePool(definition)) },
        { weight: 4, arbitrary: valueArb(definition, validOnly, limits) },
        ...longPool.map((arbitrary) => ({ weight: 1, arbitrary })),
      );
    } else if (longPool.length > 0)
      parts[name] = fc.oneof(
        { weight: 16, arbitrary: valueArb(definition, validOnly, limits) },
        ...longPool.map((arbitrary) => ({ weight: 1, arbitrary })),
      );
    else parts[name] = valueArb(definition, validOnly, limits);
    if (options.default !== undefined || options.nullable === true) optional.push(name);
  }
  return fc.record(parts, { requiredKeys: model.fieldNames.filter((f) => f in parts && !optional.includes(f)) }) as fc.Arbitrary<Row>;
}

/** Long text values that clash, for a free-text field that allows them (none for one with choices, a pattern or a short maxLength). */
function longTextPool(definition: Field): fc.Arbitrary<unknown>[] {
  const { kind, options } = definition;
  if (kind !== 'string' || options.choices !== undefined || options.pattern !== undefined) return [];
  const fitting = LONG_UNIQUE_TEXT.filter((text) => text.length <= (options.maxLength ?? Infinity));
  return fitting.length === 0 ? [] : [fc.constantFrom(...fitting)];
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
function changesArb(model: AnyModel, limits: Limits): fc.Arbitrary<Row> {
  return recordArb(model, false, limits).chain((row) =>
    fc
      .subarray(Object.keys(row), { minLength: 1, maxLength: Math.min(3, Object.keys(row).length) })
      .map((names) => Object.fromEntries(names.map((n) => [n, row[n]]))),
  );
}

function keyOfArb(model: AnyModel, limits: Limits): fc.Arbitrary<Row> {
  return fc.record(Object.fromEntries(model.primaryKey.map((f) => [f, keyArb(model.fields[f] as Field, limits)]))) as fc.Arbitrary<Row>;
}

/** Lookups on random fields with lookups that apply to them (and, rarely, ones that do not). */
function lookupsArb(model: AnyModel, limits: Limits): fc.Arbitrary<Record<string, unknown>> {
  const onField = (name: string): fc.Arbitrary<readonly [string, unknown]> => {
    const definition = model.fields[name] as Field;
    return fc.oneof(...lookupsFor(definition.kind).map((op) => lookupArb(name, definition, op, limits)));
  };
  const entry = fc.oneof(...model.fieldNames.map(onField));
  return fc
    .oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(entry, { minLength: 1, maxLength: 2 }) })
    .map((entries) => Object.fromEntries(entries));
}

/** One lookup of one kind on one field, with a value it takes. */
function lookupArb(name: string, definition: Field, op: string, limits: Limits): fc.Arbitrary<readonly [string, unknown]> {
  const key = op === 'exact' ? name : `${name}__${op}`;
  const isKey = definition.options.primaryKey === true;
  let value: fc.Arbitrary<unknown>;
  if (op === 'isnull') value = fc.boolean();
  else if (op === 'in')
    value = fc.array(
      isKey ? keyArb(definition, limits) : valueArb({ ...definition, options: { ...definition.options, nullable: false } }, true, limits),
      { maxLength: 3 },
    );
  else if (op === 'exact' || op === 'ne')
    value = isKey
      ? keyArb(definition, limits)
      : valueArb({ ...definition, options: { ...definition.options, nullable: true } }, true, limits);
  else
    value = valueArb(
      { ...definition, options: { ...definition.options, nullable: false, choices: undefined, pattern: undefined } },
      true,
      limits,
    );
  return value.map((v) => [key, v] as const);
}

function queryArb(model: AnyModel, limits: Limits, paging = false): fc.Arbitrary<QuerySpec> {
  const orderable = model.fieldNames.filter((f) => kindOf(model, f) !== 'json');
  const orderBy = fc
    .subarray(orderable, { maxLength: Math.min(3, orderable.length) })
    .chain((names) => fc.tuple(...names.map((n) => fc.constantFrom(n, `-${n}`))));
  const parts = {
    filter: lookupsArb(model, limits),
    // One lookup per exclusion: the scenario vocabulary writes each `exclude` row as its own exclusion.
    exclude: fc.array(
      lookupsArb(model, limits).filter((l) => Object.keys(l).length === 1),
      { minLength: 1, maxLength: 1 },
    ),
    orderBy,
    ...(paging ? {} : { limit: fc.integer({ min: 0, max: 5 }), offset: fc.integer({ min: 0, max: 2 }) }),
    ...(model.softDelete ? { deleted: fc.constantFrom('include', 'only') } : {}),
  };
  // Every part but the filter is left out at random.
  const ordinary = fc.record(parts, { requiredKeys: ['filter'] }) as fc.Arbitrary<QuerySpec>;
  const listable = model.fieldNames.filter((f) => LISTABLE_KINDS.includes(kindOf(model, f)));
  const heavy: fc.Arbitrary<QuerySpec>[] = [];
  if (listable.length > 0 && limits.has('long-in')) heavy.push(longInArb(model, listable, ordinary, limits));
  if (listable.length > 0 && limits.has('exclusions')) heavy.push(deepExclusionArb(model, listable, ordinary));
  if (heavy.length === 0) return ordinary;
  return fc.oneof({ weight: HEAVY, arbitrary: ordinary }, ...heavy.map((arbitrary) => ({ weight: 1, arbitrary })));
}

/** How much more often an ordinary query is drawn than each heavy one (a long list, deep exclusions). */
const HEAVY = 150;

/** An ordinary query whose filter gains an `__in` list of thousands of values: a few drawn ones (which may match) and distinct fillers. */
function longInArb(
  model: AnyModel,
  listable: readonly string[],
  ordinary: fc.Arbitrary<QuerySpec>,
  limits: Limits,
): fc.Arbitrary<QuerySpec> {
  const onField = (name: string): fc.Arbitrary<QuerySpec> => {
    const definition = model.fields[name] as Field;
    const drawn =
      definition.options.primaryKey === true
        ? keyArb(definition, limits)
        : valueArb({ ...definition, options: { ...definition.options, nullable: false } }, true, limits);
    return fc.tuple(ordinary, fc.array(drawn, { maxLength: 3 }), longListSizeArb).map(([query, values, size]): QuerySpec => {
      const list = [...values, ...Array.from({ length: size }, (_, i) => fillerValue(definition.kind, i))];
      return { ...query, filter: { ...query.filter, [`${name}__in`]: list } };
    });
  };
  return fc.oneof(...listable.map(onField));
}

/** An ordinary query with hundreds of exclusions more, each of one filler value (matching nothing, so the answer stays the same). */
function deepExclusionArb(model: AnyModel, listable: readonly string[], ordinary: fc.Arbitrary<QuerySpec>): fc.Arbitrary<QuerySpec> {
  return fc.tuple(ordinary, fc.constantFrom(...listable), deepExclusionsArb).map(([query, name, size]): QuerySpec => {
    const kind = kindOf(model, name);
    const fillers = Array.from({ length: size }, (_, i) => ({ [name]: fillerValue(kind, i) }));
    return { ...query, exclude: [...(query.exclude ?? []), ...fillers] };
  });
}

/** One random step on one of the models. */
export function stepArb(models: readonly AnyModel[], limits: Limits = ALL_LIMITS): fc.Arbitrary<FuzzStep> {
  return fc.oneof(...models.map((model) => memo(model, 'step', limits, () => modelStepArb(model, limits))));
}

/**
 * Arbitraries of a model, built once per model and limits: building one costs far more than
 * drawing from it, and sequences draw thousands of steps.
 */
const built = new WeakMap<AnyModel, Map<string, fc.Arbitrary<unknown>>>();

function memo<T>(model: AnyModel, what: string, limits: Limits, make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let cache = built.get(model);
  if (cache === undefined) built.set(model, (cache = new Map()));
  const key = `${what}:${[...limits].sort().join(',')}`;
  let arbitrary = cache.get(key);
  if (arbitrary === undefined) cache.set(key, (arbitrary = make()));
  return arbitrary as fc.Arbitrary<T>;
}

function modelStepArb(model: AnyModel, limits: Limits): fc.Arbitrary<FuzzStep> {
  return fc.oneof(
    { weight: 8, arbitrary: recordArb(model, false, limits).map((data): FuzzStep => ({ kind: 'create', model, data })) },
    { weight: 2, arbitrary: recordArb(model, false, limits).map((data): FuzzStep => ({ kind: 'upsert', model, data })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(keyOfArb(model, limits), changesArb(model, limits))
        .map(([key, changes]): FuzzStep => ({ kind: 'update', model, key, changes })),
    },
    { weight: 2, arbitrary: keyOfArb(model, limits).map((key): FuzzStep => ({ kind: 'delete', model, key })) },
    { weight: 1, arbitrary: keyOfArb(model, limits).map((key): FuzzStep => ({ kind: 'get', model, key })) },
    ...(model.softDelete
      ? [
          { weight: 2, arbitrary: keyOfArb(model, limits).map((key): FuzzStep => ({ kind: 'restore', model, key })) },
          { weight: 1, arbitrary: keyOfArb(model, limits).map((key): FuzzStep => ({ kind: 'forceDelete', model, key })) },
        ]
      : []),
    { weight: 4, arbitrary: queryArb(model, limits).map((query): FuzzStep => ({ kind: 'query', model, query })) },
    { weight: 1, arbitrary: queryArb(model, limits).map((query): FuzzStep => ({ kind: 'count', model, query })) },
    { weight: 1, arbitrary: queryArb(model, limits).map((query): FuzzStep => ({ kind: 'exists', model, query })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(queryArb(model, limits, true), fc.integer({ min: 1, max: 3 }))
        .map(([query, size]): FuzzStep => ({ kind: 'walk', model, query, size })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 90 }).map((seconds): FuzzStep => ({ kind: 'advance', seconds })) },
  );
}

/**
 * A sequence of steps, mostly on one model so that its records meet each other; the parents of
 * the chosen models join in, so that references can name records the sequence created. With
 * `wide`, now and then a parent gets around a hundred children and is deleted. With `tenancy`,
 * the multi-tenant sequence: models of at least two aliases, each chunk of steps working for one
 * of the tenants (see `Tenancy`), and the parents created in every tenant.
 */
export function sequenceArb(
  models: readonly AnyModel[],
  maxLength = 20,
  limits: Limits = ALL_LIMITS,
  tenancy?: Tenancy,
): fc.Arbitrary<FuzzStep[]> {
  const chosenArb =
    tenancy === undefined
      ? fc.subarray([...models], { minLength: 1, maxLength: Math.min(2, models.length) })
      : spanningArb(models, tenancy);
  return chosenArb
    .map((chosen) => withParents(chosen))
    .chain((chosen) => {
      const children = chosen.filter((m) => m.references.length > 0);
      const one = stepArb(chosen, limits).map((step) => [step]);
      const chunk =
        children.length > 0 && limits.has('wide')
          ? fc.oneof(
              { weight: WIDE, arbitrary: one },
              { weight: 1, arbitrary: fc.oneof(...children.map((child) => memo(child, 'wide', limits, () => wideArb(child, limits)))) },
            )
          : one;
      const body =
        tenancy === undefined
          ? fc.array(chunk, { minLength: 1, maxLength }).map((chunks) => chunks.flat())
          : tenantBodyArb(chosen, chunk, maxLength, limits, tenancy);
      const parents = dependencyOrder(chosen).filter((m) => chosen.some((c) => c.references.some((r) => r.parent === m)));
      if (parents.length === 0) return body;
      const prefix = tenancy === undefined ? parentsArb(parents, limits) : tenantParentsArb(parents, limits, tenancy);
      return fc.tuple(prefix, body).map(([first, steps]) => [...first, ...steps]);
    });
}

/** How much more often a step is drawn than a wide cascade (which costs a hundred writes). */
const WIDE = 3 * HEAVY;

/**
 * A wide cascade: one of the children's references names the first parent of the pool in around a
 * hundred new children (valid records, distinct keys and unique values), and that parent is then
 * deleted (for good, or softly, when it can be) — a cascade or setNull over more records than
 * one DynamoDB transaction holds, or a restrict with that many children.
 */
function wideArb(child: AnyModel, limits: Limits): fc.Arbitrary<FuzzStep[]> {
  const onReference = (child: AnyModel, reference: ModelReference): fc.Arbitrary<FuzzStep[]> => {
    const { parent } = reference;
    const parentKey = poolKeys(parent.fields[parent.primaryKey[0] as string] as Field)[0];
    const removals: FuzzStep['kind'][] = parent.softDelete ? ['forceDelete', 'delete'] : ['delete'];
    return fc
      .tuple(recordArb(child, true, limits), wideChildrenArb, fc.constantFrom(...removals))
      .map(([template, count, removal]): FuzzStep[] => {
        const rows = Array.from({ length: count }, (_, i) => distinctRecord(child, { ...template, [reference.field]: parentKey }, i));
        const key = { [parent.primaryKey[0] as string]: parentKey };
        return [{ kind: 'createMany', model: child, rows }, { kind: removal, model: parent, key } as FuzzStep];
      });
  };
  return fc.oneof(...child.references.map((reference) => onReference(child, reference)));
}

/** The i-th of many records made from one: its own key, and its own value in each unique text or number. */
function distinctRecord(model: AnyModel, template: Row, i: number): Row {
  const row: Row = { ...template };
  for (const name of model.fieldNames) {
    const { kind, options } = model.fields[name] as Field;
    const unique = options.primaryKey === true || options.unique === true || model.uniqueConstraints.some((c) => c.includes(name));
    if (!unique || options.reference !== undefined) continue;
    if (kind === 'integer') row[name] = 100 + i;
    else if (kind === 'string' && options.choices === undefined && options.pattern === undefined)
      row[name] = options.primaryKey === true ? `w${i}` : `${typeof row[name] === 'string' ? row[name] : 'w'}${i}`;
  }
  return row;
}

/**
 * Creates of valid parents under the first keys of the key pool, parents of parents first, so
 * that references mostly hit; each one shrinks away when a difference does not need it.
 */
function parentsArb(parents: readonly AnyModel[], limits: Limits): fc.Arbitrary<FuzzStep[]> {
  const creates = parents.flatMap((model) => {
    const keyField = model.fields[model.primaryKey[0] as string] as Field;
    const valid = memo(model, 'valid', limits, () => recordArb(model, true, limits));
    return poolKeys(keyField).map((key) =>
      fc.option(
        valid.map((data): FuzzStep => ({ kind: 'create', model, data: { ...data, [model.primaryKey[0] as string]: key } })),
        // Never left out when drawn (one in a million), only when shrinking, which tries "left out" first.
        { nil: undefined, freq: 1_000_000 },
      ),
    );
  });
  return fc.tuple(...creates).map((steps) => steps.filter((step): step is FuzzStep => step !== undefined));
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

/**
 * How a multi-tenant sequence spreads its steps over stores. Each chunk of steps works for one
 * of the tenants, drawn afresh, so that the sequence interleaves them; now and then a chunk runs
 * twice over, once in each of two tenants: the same keys and unique values (the pools are the
 * same for every tenant), which must both succeed in a template alias and clash in a reserved
 * one. Some creates and queries go through a mirror of their model's alias.
 */
export interface Tenancy {
  /** The tenants steps work for: at least two. */
  readonly tenants: readonly string[];
  /** The aliases with one store per tenant; every sequence uses a model of one of them. */
  readonly templates: readonly string[];
  /** For an alias, the mirrors that reach its store. */
  readonly mirrors: Readonly<Record<string, readonly string[]>>;
}

/** The tenancy of a project's databases, for the given tenants. */
export function tenancyFor(databases: DatabaseLayout, tenants: readonly string[]): Tenancy {
  const mirrors: Record<string, string[]> = {};
  for (const alias of databases.aliases) {
    const target = databases.storeAlias(alias);
    if (target !== alias) (mirrors[target] ??= []).push(alias);
  }
  return { tenants, templates: databases.templates(), mirrors };
}

/** The step kinds that go through a mirror: the ones the scenario vocabulary can write through another alias. */
const MIRRORED_KINDS: readonly FuzzStep['kind'][] = ['create', 'query'];

/** How much more often a chunk runs for one tenant than twice over (once per tenant). */
const TWICE = 4;

/** How much more often a create or query goes through its model's own alias than through a mirror of it. */
const MIRRORED = 2;

/**
 * Models of at least two aliases (one a template, when the models have one), up to two of each
 * alias chosen: a multi-tenant sequence always crosses stores.
 */
function spanningArb(models: readonly AnyModel[], tenancy: Tenancy): fc.Arbitrary<AnyModel[]> {
  const aliases = [...new Set(models.map((model) => model.database))];
  const groups = aliases.map((alias) => models.filter((model) => model.database === alias));
  const templated = (group: readonly AnyModel[]): boolean => tenancy.templates.includes((group[0] as AnyModel).database);
  const needsTemplate = groups.some(templated);
  return fc
    .subarray(groups, { minLength: Math.min(2, groups.length) })
    .filter((chosen) => !needsTemplate || chosen.some(templated))
    .chain((chosen) => fc.tuple(...chosen.map((group) => fc.subarray(group, { minLength: 1, maxLength: Math.min(2, group.length) }))))
    .map((parts) => parts.flat());
}

/**
 * The body of a multi-tenant sequence: a step on each alias of the chosen models first, so that
 * every sequence crosses stores (each one left out only when shrinking, as the parents are), then
 * the chunks, each placed in a tenant.
 */
function tenantBodyArb(
  chosen: readonly AnyModel[],
  chunk: fc.Arbitrary<FuzzStep[]>,
  maxLength: number,
  limits: Limits,
  tenancy: Tenancy,
): fc.Arbitrary<FuzzStep[]> {
  const aliases = [...new Set(chosen.map((model) => model.database))];
  const openers = aliases.map((alias) => {
    const opener = stepArb(
      chosen.filter((model) => model.database === alias),
      limits,
    )
      .filter((step) => step.kind !== 'advance')
      .map((step) => [step]);
    return fc.option(placedArb(opener, tenancy), { nil: undefined, freq: 1_000_000 });
  });
  return fc
    .tuple(fc.tuple(...openers), fc.array(placedArb(chunk, tenancy), { minLength: 1, maxLength }))
    .map(([first, chunks]) => [...first.flatMap((steps) => steps ?? []), ...chunks.flat()]);
}

/** A chunk of steps for one tenant (now and then the same chunk for two tenants, one after the other), some through a mirror. */
function placedArb(chunk: fc.Arbitrary<FuzzStep[]>, tenancy: Tenancy): fc.Arbitrary<FuzzStep[]> {
  const mirrors = [...new Set(Object.values(tenancy.mirrors).flat())];
  // The own alias first: shrinking tries it first, so a mirror stays in a found sequence only when it matters.
  const through: fc.Arbitrary<string | undefined> =
    mirrors.length === 0
      ? fc.constant(undefined)
      : fc.oneof({ weight: MIRRORED, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...mirrors) });
  const once = fc
    .tuple(chunk, fc.constantFrom(...tenancy.tenants), through)
    .map(([steps, tenant, mirror]) => steps.map((step) => place(step, tenant, mirror, tenancy)));
  const twice = fc
    .tuple(chunk, fc.shuffledSubarray([...tenancy.tenants], { minLength: 2, maxLength: 2 }), through)
    .map(([steps, pair, mirror]) => pair.flatMap((tenant) => steps.map((step) => place(step, tenant, mirror, tenancy))));
  return fc.oneof({ weight: TWICE, arbitrary: once }, { weight: 1, arbitrary: twice });
}

/** A step working for a tenant, through the mirror when it mirrors the step's alias and the step is of a kind that can go through one. */
function place(step: FuzzStep, tenant: string, mirror: string | undefined, tenancy: Tenancy): FuzzStep {
  if (step.kind === 'advance') return step;
  const through =
    mirror !== undefined && MIRRORED_KINDS.includes(step.kind) && (tenancy.mirrors[step.model.database] ?? []).includes(mirror);
  return { ...step, tenant, ...(through && { database: mirror }) };
}

/** The parents' creates in every tenant (a parent of a reserved alias, shared by all, in the first tenant only). */
function tenantParentsArb(parents: readonly AnyModel[], limits: Limits, tenancy: Tenancy): fc.Arbitrary<FuzzStep[]> {
  const [first] = tenancy.tenants;
  const perTenant = tenancy.tenants.map((tenant) =>
    parentsArb(
      parents.filter((parent) => tenant === first || tenancy.templates.includes(parent.database)),
      limits,
    ).map((steps) => steps.map((step) => place(step, tenant, undefined, tenancy))),
  );
  return fc.tuple(...perTenant).map((lists) => lists.flat());
}

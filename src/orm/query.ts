import { QueryError, describeValue } from './errors';
import type { Field, FieldKind } from './fields';
import type { AnyModel } from './model';
import type { Row } from './validation';
import {
  KIND_NAMES,
  MAX_DATETIME,
  MAX_FLOAT_MAGNITUDE,
  MIN_DATETIME,
  MIN_FLOAT_MAGNITUDE,
  floatInRange,
  asciiLower,
  compareNonNull,
  compareValues,
  hasKindType,
  unstorableText,
} from './values';

/** The lookups a query accepts after `field__`; a bare field name means `exact`. */
export const LOOKUPS = [
  'exact',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'startswith',
  'endswith',
  'icontains',
  'istartswith',
  'iendswith',
  'isnull',
] as const;
export type LookupName = (typeof LOOKUPS)[number];

/** One checked lookup: `field`, `op` and a value of the field's type. */
export interface Lookup {
  readonly kind: 'lookup';
  readonly field: string;
  readonly fieldKind: FieldKind;
  readonly op: LookupName;
  readonly value: unknown;
}

/**
 * A filter. Lookups are two-valued (true or false, never unknown), so `not` is the exact
 * complement: excluding `age__gt: 30` keeps the records whose age is null.
 */
export type Condition =
  Lookup | { readonly kind: 'and'; readonly conditions: readonly Condition[] } | { readonly kind: 'not'; readonly condition: Condition };

/** One ordering term. */
export interface OrderTerm {
  readonly field: string;
  readonly fieldKind: FieldKind;
  readonly descending: boolean;
}

/** What a backend is asked to find. */
export interface FindSpec {
  readonly where: Condition;
  /** The full order: the requested terms, then every primary-key field not already named, ascending. */
  readonly orderBy: readonly OrderTerm[];
  /** Only records strictly after this position in `orderBy` (keyset pagination); values by field. */
  readonly after?: Row;
  readonly offset: number;
  readonly limit?: number;
}

/** Lookups as users write them: `{ age__gte: 30, name__istartswith: 'al' }`. */
export type Lookups = Record<string, unknown>;

const STRING_LOOKUPS: readonly LookupName[] = ['contains', 'startswith', 'endswith', 'icontains', 'istartswith', 'iendswith'];
const RANGE_LOOKUPS: readonly LookupName[] = ['gt', 'gte', 'lt', 'lte'];
const ORDERED_KINDS: readonly FieldKind[] = ['string', 'integer', 'float', 'datetime'];

/** Parses and checks lookups against a model; throws `QueryError` naming the valid choices. */
export function parseLookups(model: AnyModel, lookups: Lookups): Condition {
  if (lookups === null || typeof lookups !== 'object' || Array.isArray(lookups)) {
    throw new QueryError(`Lookups for ${model.name} must be an object such as { age__gte: 30 }, got ${describeValue(lookups)}.`);
  }
  const conditions = Object.entries(lookups)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => parseLookup(model, key, value));
  return conditions.length === 1 ? (conditions[0] as Lookup) : { kind: 'and', conditions };
}

function parseLookup(model: AnyModel, key: string, value: unknown): Lookup {
  const separator = key.indexOf('__');
  const fieldName = separator === -1 ? key : key.slice(0, separator);
  const opName = separator === -1 ? 'exact' : key.slice(separator + 2);
  const definition = Object.prototype.hasOwnProperty.call(model.fields, fieldName) ? model.fields[fieldName] : undefined;
  if (definition === undefined) {
    throw new QueryError(
      `${model.name} has no field "${fieldName}" (in the lookup "${key}"). Its fields are: ${model.fieldNames.join(', ')}.`,
    );
  }
  if (!(LOOKUPS as readonly string[]).includes(opName)) {
    throw new QueryError(`"${opName}" is not a lookup (in "${key}"). The lookups are: ${LOOKUPS.join(', ')}.`);
  }
  const op = opName as LookupName;
  const allowed = lookupsFor(definition.kind);
  if (!allowed.includes(op)) {
    throw new QueryError(
      `The lookup "${op}" does not apply to the ${definition.kind} field ${model.name}.${fieldName}. Its lookups are: ${allowed.join(', ')}.`,
    );
  }
  return { kind: 'lookup', field: fieldName, fieldKind: definition.kind, op, value: checkLookupValue(model, key, definition, op, value) };
}

/** The lookups that apply to a field kind. */
export function lookupsFor(kind: FieldKind): readonly LookupName[] {
  if (kind === 'json') return ['isnull'];
  if (kind === 'boolean') return ['exact', 'ne', 'in', 'isnull'];
  if (kind === 'string') return LOOKUPS;
  return LOOKUPS.filter((op) => !STRING_LOOKUPS.includes(op));
}

function checkLookupValue(model: AnyModel, key: string, definition: Field, op: LookupName, value: unknown): unknown {
  const wrong = (expected: string): never => {
    throw new QueryError(`The lookup ${model.name}.${key} needs ${expected}, got ${describeValue(value)}.`);
  };
  if (op === 'isnull') return typeof value === 'boolean' ? value : wrong('true or false');
  if ((op === 'exact' || op === 'ne') && value === null) return null;
  if (op === 'in') {
    if (!Array.isArray(value)) return wrong(`an array of ${definition.kind} values`);
    if (value.some((item) => item === null)) {
      throw new QueryError(`The lookup ${model.name}.${key} cannot contain null: use ${key.replace(/__in$/, '__isnull')} to match nulls.`);
    }
    return value.map((item) => checkScalar(model, key, definition.kind, item));
  }
  if (value === null) {
    throw new QueryError(`The lookup ${model.name}.${key} cannot compare with null: only exact and ne match nulls (or use __isnull).`);
  }
  if (RANGE_LOOKUPS.includes(op) && !ORDERED_KINDS.includes(definition.kind)) wrong('an ordered field');
  return checkScalar(model, key, definition.kind, value);
}

function checkScalar(model: AnyModel, key: string, kind: FieldKind, value: unknown): unknown {
  if (!hasKindType(kind, value)) {
    throw new QueryError(
      `The lookup ${model.name}.${key} needs ${KIND_NAMES[kind]}, got ${describeValue(value)} (${value === null ? 'null' : typeof value}).`,
    );
  }
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    if (problem !== undefined) throw new QueryError(`The value of the lookup ${model.name}.${key} ${problem}.`);
  }
  if (kind === 'float' && !floatInRange(value as number)) {
    throw new QueryError(
      `The value of the lookup ${model.name}.${key} must be 0 or have a magnitude between ${MIN_FLOAT_MAGNITUDE} and ${MAX_FLOAT_MAGNITUDE}.`,
    );
  }
  if (value instanceof Date && (value < MIN_DATETIME || value > MAX_DATETIME)) {
    throw new QueryError(
      `The value of the lookup ${model.name}.${key} must be between ${MIN_DATETIME.toISOString()} and ${MAX_DATETIME.toISOString()}.`,
    );
  }
  return Object.is(value, -0) ? 0 : value;
}

/** Parses `['-age', 'name']` and appends the primary key as the tie-breaker. */
export function parseOrder(model: AnyModel, terms: readonly string[]): OrderTerm[] {
  const order: OrderTerm[] = [];
  for (const term of terms) {
    const descending = term.startsWith('-');
    const name = descending ? term.slice(1) : term;
    const definition = Object.prototype.hasOwnProperty.call(model.fields, name) ? model.fields[name] : undefined;
    if (definition === undefined) {
      throw new QueryError(
        `Cannot order ${model.name} by "${term}": there is no field "${name}". Its fields are: ${model.fieldNames.join(', ')} (prefix one with - for descending order).`,
      );
    }
    if (definition.kind === 'json')
      throw new QueryError(`Cannot order ${model.name} by the json field "${name}": json values have no order.`);
    if (order.some((t) => t.field === name)) throw new QueryError(`Cannot order ${model.name} by "${name}" twice.`);
    order.push({ field: name, fieldKind: definition.kind, descending });
  }
  for (const key of model.primaryKey) {
    if (!order.some((t) => t.field === key)) order.push({ field: key, fieldKind: (model.fields[key] as Field).kind, descending: false });
  }
  return order;
}

/** Checks a limit or offset: a non-negative safe integer. */
export function checkCount(model: AnyModel, what: 'limit' | 'offset' | 'page size', value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (what === 'page size' && value === 0)) {
    const need = what === 'page size' ? 'a positive integer' : 'a non-negative integer';
    throw new QueryError(`The ${what} of a ${model.name} query must be ${need}, got ${describeValue(value)}.`);
  }
  return value as number;
}

/** Whether a row satisfies a condition: the reference semantics of every lookup. */
export function matches(row: Row, condition: Condition): boolean {
  switch (condition.kind) {
    case 'and':
      return condition.conditions.every((c) => matches(row, c));
    case 'not':
      return !matches(row, condition.condition);
    case 'lookup':
      return lookupMatches(row[condition.field], condition);
  }
}

function lookupMatches(actual: unknown, { op, value, fieldKind }: Lookup): boolean {
  const isNull = actual === null || actual === undefined;
  if (op === 'isnull') return isNull === value;
  if (op === 'exact' && value === null) return isNull;
  if (op === 'ne' && value === null) return !isNull;
  if (isNull) return false;
  switch (op) {
    case 'exact':
      return compareNonNull(fieldKind, actual, value) === 0;
    case 'ne':
      return compareNonNull(fieldKind, actual, value) !== 0;
    case 'gt':
      return compareNonNull(fieldKind, actual, value) > 0;
    case 'gte':
      return compareNonNull(fieldKind, actual, value) >= 0;
    case 'lt':
      return compareNonNull(fieldKind, actual, value) < 0;
    case 'lte':
      return compareNonNull(fieldKind, actual, value) <= 0;
    case 'in':
      return (value as unknown[]).some((item) => compareNonNull(fieldKind, actual, item) === 0);
    case 'contains':
      return (actual as string).includes(value as string);
    case 'startswith':
      return (actual as string).startsWith(value as string);
    case 'endswith':
      return (actual as string).endsWith(value as string);
    case 'icontains':
      return asciiLower(actual as string).includes(asciiLower(value as string));
    case 'istartswith':
      return asciiLower(actual as string).startsWith(asciiLower(value as string));
    case 'iendswith':
      return asciiLower(actual as string).endsWith(asciiLower(value as string));
  }
}

/** Compares rows by an order: nulls lowest, ties broken by the later terms. */
export function compareRows(a: Row, b: Row, orderBy: readonly OrderTerm[]): number {
  for (const term of orderBy) {
    const c = compareValues(term.fieldKind, a[term.field], b[term.field]);
    if (c !== 0) return term.descending ? -c : c;
  }
  return 0;
}

/** The reference implementation of a find: filter, order, seek, offset, limit. */
export function applyFind(rows: Iterable<Row>, spec: FindSpec): Row[] {
  const { after } = spec;
  let result = [...rows].filter((row) => matches(row, spec.where) && (after === undefined || compareRows(row, after, spec.orderBy) > 0));
  result.sort((a, b) => compareRows(a, b, spec.orderBy));
  if (spec.offset > 0) result = result.slice(spec.offset);
  if (spec.limit !== undefined) result = result.slice(0, spec.limit);
  return result;
}

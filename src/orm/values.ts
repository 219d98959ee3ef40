import type { FieldKind, JsonValue } from './fields';

/*
 * The value semantics every backend must reproduce: how values of each kind are checked,
 * compared, matched and folded. The in-memory backend uses these directly; every other backend
 * is tested against them.
 */

/** The earliest datetime any backend stores: 0001-01-01T00:00:00.000Z. */
export const MIN_DATETIME = new Date('0001-01-01T00:00:00.000Z');
/** The latest datetime any backend stores: 9999-12-31T23:59:59.999Z. */
export const MAX_DATETIME = new Date('9999-12-31T23:59:59.999Z');

/** The smallest non-zero float magnitude every backend stores (DynamoDB's number range starts at 1E-130). */
export const MIN_FLOAT_MAGNITUDE = 1e-130;
/** Floats must stay below this magnitude (DynamoDB's numbers end just below 1E+126). */
export const MAX_FLOAT_MAGNITUDE = 1e126;

/** Whether a finite float is within the range every backend stores. */
export function floatInRange(value: number): boolean {
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= MIN_FLOAT_MAGNITUDE && magnitude < MAX_FLOAT_MAGNITUDE);
}

/** How messages name the values each kind takes. */
export const KIND_NAMES: Readonly<Record<FieldKind, string>> = {
  string: 'a string',
  integer: 'an integer (a JavaScript safe integer)',
  float: 'a finite number',
  boolean: 'true or false',
  datetime: 'a valid Date',
  json: 'a JSON value',
};

const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be stored on every backend, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains the NUL character (U+0000), which PostgreSQL text cannot hold';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate, which is not Unicode text';
  return undefined;
}

/** Length in Unicode code points (an emoji counts once), the measure of minLength/maxLength. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/** Lower-cases the ASCII letters A–Z only, the folding the `i` lookups use. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * Compares strings by Unicode code point. JavaScript's `<` compares UTF-16 code units, which
 * puts astral characters (emoji) before U+E000–U+FFFF; shifting the unit ranges fixes that.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

function codeUnitRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Whether a value has the type a field kind stores (ignoring null). */
export function hasKindType(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'datetime':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'json':
      return jsonProblem(value) === undefined;
  }
}

/** What keeps a value from being a storable JSON value, or undefined when it is one. */
export function jsonProblem(value: unknown, path = '$'): string | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    return problem === undefined ? undefined : `${path} ${problem}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const problem = jsonProblem(value[i], `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const keyProblem = unstorableText(key);
      if (keyProblem !== undefined) return `${path} has a key that ${keyProblem}`;
      const problem = jsonProblem(item, `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return `${path} is ${value instanceof Date ? 'a Date' : typeof value}, which is not a JSON value (use strings, numbers, booleans, null, arrays and plain objects)`;
}

/** Compares two non-null values of one kind: negative, zero or positive. */
export function compareNonNull(kind: FieldKind, a: unknown, b: unknown): number {
  switch (kind) {
    case 'string':
      return compareCodePoints(a as string, b as string);
    case 'integer':
    case 'float':
      return (a as number) - (b as number);
    case 'boolean':
      return Number(a) - Number(b);
    case 'datetime':
      return (a as Date).getTime() - (b as Date).getTime();
    case 'json':
      return compareCodePoints(canonicalJson(a as JsonValue), canonicalJson(b as JsonValue));
  }
}

/** Compares two values of one kind with nulls lowest. */
export function compareValues(kind: FieldKind, a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  return compareNonNull(kind, a, b);
}

/** Whether two values of one kind are equal (dates by instant, JSON by content). */
export function valuesEqual(kind: FieldKind, a: unknown, b: unknown): boolean {
  return compareValues(kind, a, b) === 0;
}

/** JSON text with object keys sorted, so equal content gives equal text. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort(compareCodePoints);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A copy of a stored value that the caller may change freely. */
export function copyValue<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value !== null && typeof value === 'object') return structuredClone(value);
  return value;
}

import { ValidationError, describeValue, type Violation } from './errors';
import type { Field } from './fields';
import type { AnyModel } from './model';
import {
  KIND_NAMES,
  MAX_DATETIME,
  MAX_FLOAT_MAGNITUDE,
  MIN_FLOAT_MAGNITUDE,
  floatInRange,
  MIN_DATETIME,
  codePointLength,
  compareNonNull,
  copyValue,
  hasKindType,
  jsonProblem,
  unstorableText,
  valuesEqual,
} from './values';

/** The most UTF-8 bytes a string primary-key field may hold: DynamoDB's limit for a sort-key value (rule `key`). */
export const MAX_KEY_BYTES = 1024;
/** The most UTF-8 bytes the string fields of a primary key may hold together: within PostgreSQL's index entry limit (rule `key`). */
export const MAX_KEY_TOTAL_BYTES = 2048;

/** A record as the ORM hands it to a backend: every field present, values already checked. */
export type Row = Record<string, unknown>;

/**
 * Builds the full row for a create or upsert: defaults, clock-set timestamps, then every rule.
 * Throws one `ValidationError` listing every violation.
 */
export function prepareNewRow(model: AnyModel, input: unknown, now: Date): Row {
  const violations: Violation[] = [];
  const given = asPlainObject(model, input);
  const row: Row = {};
  for (const name of model.fieldNames) {
    const definition = model.fields[name] as Field;
    let value = own(given, name);
    if (value === undefined) value = initialValue(definition, now);
    if (value === undefined) {
      violations.push({ field: name, rule: 'required', value: undefined, message: `is required: give ${KIND_NAMES[definition.kind]}` });
      continue;
    }
    const problems = checkValue(name, definition, value);
    violations.push(...problems);
    row[name] = problems.length === 0 ? normalize(value) : value;
  }
  if (violations.length === 0) violations.push(...keyLength(model, row));
  violations.push(...unknownFields(model, given));
  if (violations.length > 0) throw new ValidationError(model.name, violations);
  return row;
}

/**
 * Checks the changes of an update against the current primary key and adds clock-set
 * timestamps; returns the changes to apply. Throws one `ValidationError` listing every violation.
 */
export function prepareChanges(model: AnyModel, key: Row, changes: unknown, now: Date): Row {
  const violations: Violation[] = [];
  const given = asPlainObject(model, changes);
  const result: Row = {};
  for (const name of model.fieldNames) {
    const definition = model.fields[name] as Field;
    let value = own(given, name);
    if (value === undefined && definition.options.autoNow === true) value = new Date(now.getTime());
    if (value === undefined) continue;
    const problems = checkValue(name, definition, value);
    if (problems.length === 0 && definition.options.primaryKey === true && !valuesEqual(definition.kind, key[name], value)) {
      problems.push({
        field: name,
        rule: 'immutable',
        value,
        message: `is part of the primary key and cannot change (from ${describeValue(key[name])} to ${describeValue(value)}): create a new record and delete the old one instead`,
      });
    }
    violations.push(...problems);
    result[name] = normalize(value);
  }
  violations.push(...unknownFields(model, given));
  if (violations.length > 0) throw new ValidationError(model.name, violations);
  return result;
}

/** Every rule a single value of a field breaks (type first: a value of the wrong type is checked no further). */
export function checkValue(name: string, definition: Field, value: unknown): Violation[] {
  const { kind, options } = definition;
  const violation = (rule: string, message: string): Violation => ({ field: name, rule, value, message });
  if (value === null) return options.nullable === true ? [] : [violation('nullable', 'must not be null')];
  if (!hasKindType(kind, value)) {
    const detail = kind === 'json' ? ` (${jsonProblem(value) ?? 'not JSON'})` : '';
    return [violation('type', `must be ${KIND_NAMES[kind]}, got ${describeType(value)} ${describeValue(value)}${detail}`)];
  }
  const found: Violation[] = [];
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    if (problem !== undefined) return [violation('text', problem)];
    const length = codePointLength(value);
    if (options.primaryKey === true && length === 0) found.push(violation('key', 'is part of the primary key and must not be empty'));
    const bytes = options.primaryKey === true ? Buffer.byteLength(value, 'utf8') : 0;
    if (bytes > MAX_KEY_BYTES) {
      found.push(
        violation(
          'key',
          `is part of the primary key and must be at most ${MAX_KEY_BYTES} bytes long in UTF-8 (the longest key every backend can ` +
            `store), got ${bytes}: use a shorter key, such as a hash of the long value`,
        ),
      );
    }
    if (options.minLength !== undefined && length < options.minLength) {
      found.push(
        violation('minLength', `must be at least ${options.minLength} character${options.minLength === 1 ? '' : 's'} long, got ${length}`),
      );
    }
    if (options.maxLength !== undefined && length > options.maxLength) {
      found.push(violation('maxLength', `must be at most ${options.maxLength} characters long, got ${length}`));
    }
    if (options.pattern !== undefined && !toRegExp(options.pattern).test(value)) {
      found.push(violation('pattern', `must match the pattern ${String(options.pattern)}`));
    }
  }
  if (kind === 'float' && !floatInRange(value as number)) {
    found.push(
      violation(
        'range',
        `must be 0 or have a magnitude between ${MIN_FLOAT_MAGNITUDE} and ${MAX_FLOAT_MAGNITUDE} (DynamoDB's number range)`,
      ),
    );
  }
  if (kind === 'datetime') {
    const time = (value as Date).getTime();
    if (time < MIN_DATETIME.getTime() || time > MAX_DATETIME.getTime()) {
      found.push(violation('range', `must be between ${MIN_DATETIME.toISOString()} and ${MAX_DATETIME.toISOString()}`));
    }
  }
  const bounds = [
    ['ge', (c: number) => c >= 0, 'greater than or equal to'],
    ['gt', (c: number) => c > 0, 'greater than'],
    ['le', (c: number) => c <= 0, 'less than or equal to'],
    ['lt', (c: number) => c < 0, 'less than'],
  ] as const;
  for (const [rule, holds, words] of bounds) {
    const bound = options[rule];
    if (bound !== undefined && !holds(compareNonNull(kind, value, bound))) {
      found.push(violation(rule, `must be ${words} ${describeValue(bound)}`));
    }
  }
  if (options.choices !== undefined && !options.choices.some((choice) => valuesEqual(kind, choice, value))) {
    found.push(violation('choices', `must be one of ${options.choices.map((choice) => describeValue(choice)).join(', ')}`));
  }
  return found;
}

/** A key of several string fields holding more than every backend can index together (each one within its own limit). */
function keyLength(model: AnyModel, row: Row): Violation[] {
  const parts = model.primaryKey.filter((f) => typeof row[f] === 'string');
  const bytes = parts.reduce((sum, f) => sum + Buffer.byteLength(row[f] as string, 'utf8'), 0);
  if (bytes <= MAX_KEY_TOTAL_BYTES) return [];
  const last = parts.at(-1) as string;
  return [
    {
      field: last,
      rule: 'key',
      value: row[last],
      message:
        `makes the primary key's text ${bytes} bytes long in UTF-8 (${parts.join(', ')} together), and a key holds at most ` +
        `${MAX_KEY_TOTAL_BYTES} (the longest key every backend can store): use shorter key values`,
    },
  ];
}

function initialValue(definition: Field, now: Date): unknown {
  const { options } = definition;
  if (options.autoNowAdd === true || options.autoNow === true) return new Date(now.getTime());
  if (options.default !== undefined) {
    const value = typeof options.default === 'function' ? (options.default as () => unknown)() : options.default;
    return copyValue(value);
  }
  if (options.nullable === true) return null;
  return undefined;
}

function asPlainObject(model: AnyModel, input: unknown): Record<string, unknown> {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) return input as Record<string, unknown>;
  throw new ValidationError(model.name, [
    {
      field: '*',
      rule: 'type',
      value: input,
      message: `the values must be an object of field names to values, got ${describeType(input)}`,
    },
  ]);
}

function unknownFields(model: AnyModel, given: Record<string, unknown>): Violation[] {
  return Object.keys(given)
    .filter((name) => !Object.prototype.hasOwnProperty.call(model.fields, name) && given[name] !== undefined)
    .map((name) => ({
      field: name,
      rule: 'unknown',
      value: given[name],
      message: `is not a field of ${model.name} (its fields are: ${model.fieldNames.join(', ')})`,
    }));
}

/** An own property's value: a field named `constructor` or `toString` is not read from the prototype. */
function own(object: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
}

/** A stored copy of a checked value; -0 becomes 0, also inside JSON, since no other backend keeps its sign. */
function normalize(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return JSON.parse(JSON.stringify(value)) as unknown;
  return copyValue(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'Date';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'fractional number';
  return typeof value;
}

const patterns = new Map<string, RegExp>();
function toRegExp(pattern: RegExp | string): RegExp {
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(pattern, 'u');
    patterns.set(pattern, compiled);
  }
  return compiled;
}

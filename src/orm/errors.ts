/** Stable error codes, one per error class. */
export type ErrorCode =
  | 'PARITY_VALIDATION'
  | 'PARITY_DUPLICATE_KEY'
  | 'PARITY_NOT_FOUND'
  | 'PARITY_QUERY'
  | 'PARITY_MODEL_DEFINITION'
  | 'PARITY_BACKEND'
  | 'PARITY_REFERENCE'
  | 'PARITY_DATABASE_LAYOUT'
  | 'PARITY_TENANT'
  | 'PARITY_UNDECLARED_DATABASE'
  | 'PARITY_MIGRATION'
  | 'PARITY_SCHEMA_DRIFT';

/** The base of every error the ORM raises: a stable `code`, and the backend's native error as `cause`. */
export abstract class ParityError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One broken rule: which field, which rule, the offending value and a sentence a person can act on. */
export interface Violation {
  readonly field: string;
  readonly rule: string;
  readonly value: unknown;
  readonly message: string;
}

/** Input broke the model's rules; `violations` lists every one of them, not only the first. */
export class ValidationError extends ParityError {
  readonly code = 'PARITY_VALIDATION';

  constructor(
    readonly model: string,
    readonly violations: readonly Violation[],
    options?: { cause?: unknown },
  ) {
    super(
      `${model} is not valid (${violations.length} problem${violations.length === 1 ? '' : 's'}):\n` +
        violations.map((v) => `  - ${v.field}: ${v.message} [${v.rule}]`).join('\n'),
      options,
    );
  }
}

/** A primary key or unique value is already taken by another record. */
export class DuplicateKeyError extends ParityError {
  readonly code = 'PARITY_DUPLICATE_KEY';

  constructor(
    readonly model: string,
    readonly fields: readonly string[],
    readonly values: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    const what = fields.length === 1 ? `${fields[0]}` : `(${fields.join(', ')})`;
    super(
      `${model} with ${what} = ${describeValues(fields, values)} already exists: ${what} must be unique. ` +
        `Use a different value, or update the existing record instead.`,
      options,
    );
  }
}

/** The record to update or delete does not exist. */
export class NotFoundError extends ParityError {
  readonly code = 'PARITY_NOT_FOUND';

  constructor(
    readonly model: string,
    readonly key: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(
      `${model} ${describeValues(Object.keys(key), key)} was not found. ` +
        `Check the key, or use upsert to create the record when it is missing.`,
      options,
    );
  }
}

/**
 * A reference would point nowhere: a create, update or upsert names a parent that does not exist
 * (`reason` `missing-parent`), or a parent is deleted while `restrict` references still point
 * to it (`restricted`). `model`/`field` are the referring (child) side, `value` the parent's key.
 */
export class ReferenceIntegrityError extends ParityError {
  readonly code = 'PARITY_REFERENCE';

  constructor(
    readonly model: string,
    readonly field: string,
    readonly value: unknown,
    readonly parent: string,
    readonly reason: 'missing-parent' | 'restricted',
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'missing-parent'
        ? `${model}.${field} = ${describeValue(value)} refers to a ${parent} that does not exist. ` +
            `Create that ${parent} first, or use the key of an existing one.`
        : `${parent} ${describeValue(value)} cannot be deleted: ${model} records still refer to it through ${field} ` +
            `(onDelete: 'restrict'). Delete those ${model} records or point them elsewhere first.`,
      options,
    );
  }
}

/** A query names an unknown field or lookup, or gives a value of the wrong type. */
export class QueryError extends ParityError {
  readonly code = 'PARITY_QUERY';
}

/** A model definition is inconsistent (no primary key, an option on the wrong kind, …). */
export class ModelDefinitionError extends ParityError {
  readonly code = 'PARITY_MODEL_DEFINITION';
}

/** The declared databases break a rule (a template alias depending on a template one, a cycle, an unknown alias, …). */
export class DatabaseLayoutError extends ParityError {
  readonly code = 'PARITY_DATABASE_LAYOUT';
}

/** A template database was used with no tenant set, or a tenant name is not valid. */
export class TenantError extends ParityError {
  readonly code = 'PARITY_TENANT';
}

/** A scenario touched a database it does not declare (`@databases-…`), like Django's `databases` attribute. */
export class UndeclaredDatabaseError extends ParityError {
  readonly code = 'PARITY_UNDECLARED_DATABASE';
}

/**
 * A migration that cannot apply: an operation that does not fit the schema the earlier ones
 * built, one the stored records refuse, or one the backend cannot perform (each named).
 */
export class MigrationError extends ParityError {
  readonly code = 'PARITY_MIGRATION';
}

/** A store's schema is not what the models need (the drift check); `differences` holds one line each. */
export class SchemaDriftError extends ParityError {
  readonly code = 'PARITY_SCHEMA_DRIFT';
  constructor(
    readonly store: string,
    readonly differences: readonly string[],
    hint: string,
  ) {
    super(
      `The schema of ${store} is not what the models need (${differences.length} difference${differences.length === 1 ? '' : 's'}):\n` +
        differences.map((line) => `  - ${line}\n`).join('') +
        hint,
    );
  }
}

/** The backend failed in a way the ORM has no more specific class for; `cause` holds the native error. */
export class BackendError extends ParityError {
  readonly code = 'PARITY_BACKEND';
}

/** Renders values for messages: strings quoted, dates in ISO 8601, values longer than `max` shortened. */
export function describeValue(value: unknown, max = 80): string {
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'function') text = 'a function';
  else {
    try {
      text =
        JSON.stringify(value, (_key, item: unknown) =>
          typeof item === 'string' && item.length > max
            ? `${item.slice(0, max)}...`
            : typeof item === 'bigint' // JSON has no bigint: show its digits, as the top level does
              ? `${item}n`
              : item,
        ) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, Math.max(max - 3, 0))}...` : text;
}

function describeValues(fields: readonly string[], values: Readonly<Record<string, unknown>>): string {
  if (fields.length === 1) return describeValue(values[fields[0] as string]);
  return `(${fields.map((f) => `${f}=${describeValue(values[f])}`).join(', ')})`;
}

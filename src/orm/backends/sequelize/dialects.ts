import type { FieldKind } from '../../fields';
import { postgresErrorConverter, sqliteErrorConverter, type ErrorConverter } from './error-converter';

/**
 * What differs between the SQL engines the Sequelize backend drives. Everything else (the
 * statements, the two-valued lookups, the keyset seek, the error conversion) is shared.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Reads the engine's native error codes. */
  readonly errors: ErrorConverter;
  /** The column type of a field kind; strings compare by code point in both. */
  columnType(kind: FieldKind): string;
  /** How a column is read in a select list (`column` is quoted). */
  select(kind: FieldKind, column: string): string;
  /** A placeholder typed for a field kind, where the engine cannot infer it (`$1::text`). */
  typed(kind: FieldKind, placeholder: string): string;
  /** A JavaScript value as a statement parameter. */
  encode(kind: FieldKind, value: unknown): unknown;
  /** A column value as the engine returns it, back to the JavaScript value. */
  decode(kind: FieldKind, value: unknown): unknown;
  /** SQL that is true when `haystack` contains `needle` (both text expressions), matched literally. */
  contains(haystack: string, needle: string): string;
  /** SQL folding the ASCII letters A–Z of a text expression to lower case, and nothing else. */
  asciiLower(expression: string): string;
  /** The LIMIT/OFFSET clause; `limit` undefined means no limit. */
  limitOffset(limit: string | undefined, offset: string | undefined): string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** SQLite: BINARY collation already compares UTF-8 bytes (code-point order); lower() folds ASCII only. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  errors: sqliteErrorConverter,
  columnType(kind) {
    return { string: 'TEXT', integer: 'INTEGER', float: 'REAL', boolean: 'INTEGER', datetime: 'TEXT', json: 'TEXT' }[kind];
  },
  select: (_kind, column) => column,
  typed: (_kind, placeholder) => placeholder,
  encode(kind, value) {
    if (value === null || value === undefined) return null;
    if (kind === 'boolean') return value ? 1 : 0;
    // ISO 8601 with four-digit years is fixed-width, so text order is time order.
    if (kind === 'datetime') return (value as Date).toISOString();
    if (kind === 'json') return JSON.stringify(value);
    return value;
  },
  decode(kind, value) {
    if (value === null || value === undefined) return null;
    if (kind === 'boolean') return value === 1 || value === true;
    if (kind === 'datetime') return new Date(value as string);
    if (kind === 'json') return JSON.parse(value as string) as unknown;
    if (kind === 'float' || kind === 'integer') return Number(value);
    return value;
  },
  contains: (haystack, needle) => `instr(${haystack}, ${needle}) > 0`,
  asciiLower: (expression) => `lower(${expression})`,
  limitOffset(limit, offset) {
    if (limit === undefined && offset === undefined) return '';
    return ` LIMIT ${limit ?? '-1'}${offset === undefined ? '' : ` OFFSET ${offset}`}`;
  },
};

/**
 * PostgreSQL: text columns use the "C" collation so comparisons and ORDER BY go by code point
 * whatever the database's locale; BIGINT comes back as a string and is turned into a number.
 */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  errors: postgresErrorConverter,
  columnType(kind) {
    return {
      string: 'TEXT COLLATE "C"',
      integer: 'BIGINT',
      float: 'DOUBLE PRECISION',
      boolean: 'BOOLEAN',
      datetime: 'TIMESTAMPTZ(3)',
      // JSON (not JSONB) keeps the text as given: key order and duplicate keys survive.
      json: 'JSON',
    }[kind];
  },
  // node-postgres would parse JSON itself, losing the difference between the JSON string "x" and text.
  select: (kind, column) => (kind === 'json' ? `${column}::text AS ${column}` : column),
  typed(kind, placeholder) {
    const type = {
      string: 'text',
      integer: 'bigint',
      float: 'double precision',
      boolean: 'boolean',
      datetime: 'timestamptz',
      json: 'json',
    }[kind];
    return `${placeholder}::${type}`;
  },
  encode(kind, value) {
    if (value === null || value === undefined) return null;
    if (kind === 'datetime') return (value as Date).toISOString();
    if (kind === 'json') return JSON.stringify(value);
    return value;
  },
  decode(kind, value) {
    if (value === null || value === undefined) return null;
    if (kind === 'integer' || kind === 'float') return Number(value);
    if (kind === 'datetime') return value instanceof Date ? value : new Date(value as string);
    if (kind === 'json') return JSON.parse(value as string) as unknown;
    return value;
  },
  contains: (haystack, needle) => `strpos(${haystack}, ${needle}) > 0`,
  asciiLower: (expression) => `translate(${expression}, '${UPPER}', '${UPPER.toLowerCase()}')`,
  limitOffset(limit, offset) {
    return `${limit === undefined ? '' : ` LIMIT ${limit}`}${offset === undefined ? '' : ` OFFSET ${offset}`}`;
  },
};

import type { FieldKind } from '../../fields';
import { postgresExceptionConverter, sqliteExceptionConverter, type ExceptionConverter } from './sql-exception-converter';

/**
 * What differs between the SQL engines the Sequelize backend drives. Everything else (the
 * statements, the two-valued lookups, the keyset seek, the error conversion) is shared.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Reads the engine's native error codes. */
  readonly errors: ExceptionConverter;
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
  /**
   * SQL true when the (non-null) `column` equals one of `values`, a non-empty list bound as ONE
   * parameter (`bind` adds it and returns its placeholder), so a list of any length stays within
   * the engine's bind-parameter limit (SQLite 32,766, PostgreSQL 65,535).
   */
  inList(column: string, kind: FieldKind, values: readonly unknown[], bind: (value: unknown) => string): string;
  /**
   * A statement adding a unique constraint over these (quoted) columns of a (quoted) table, for
   * constraints a plain unique index could not hold for every value; undefined means a plain
   * unique index serves. Either way rows with a null in any of the columns never clash.
   */
  uniqueConstraint(table: string, name: string, columns: readonly { column: string; kind: FieldKind }[]): string | undefined;
  /** The method of the index for `index: true` on a field kind (`btree`, `hash`), or undefined for none: an index never refuses a write. */
  indexMethod(kind: FieldKind): string | undefined;
  /**
   * Runs one statement (`$1`, `$2`, … bound to `values`) on a connection of Sequelize's pool (the
   * engine client's own: a sqlite3 `Database`, a node-postgres `Client`) and gives its rows;
   * a failure is the client's own error, which `errors` reads.
   */
  execute(connection: unknown, sql: string, values: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

/** What the backend uses of a sqlite3 `Database`. */
interface SqliteConnection {
  all(sql: string, bind: Record<string, unknown>, done: (error: Error | null, rows: Record<string, unknown>[] | undefined) => void): void;
}

/** What the backend uses of a node-postgres `Client`. */
interface PostgresConnection {
  query(query: { text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** SQLite: BINARY collation already compares UTF-8 bytes (code-point order); lower() folds ASCII only. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  errors: sqliteExceptionConverter,
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
  inList(column, kind, values, bind) {
    if (kind !== 'float') {
      const list = JSON.stringify(values.map((v) => sqliteDialect.encode(kind, v)));
      return `${column} IN (SELECT value FROM json_each(${bind(list)}))`;
    }
    // SQLite's text-to-double conversion (json_each's too) is not always correctly rounded for large
    // exponents (about 2 in 10,000 random doubles come back one unit off), so each float travels as
    // exact integers m and e with value = m * 2^e: a product that is exact, since its result is the double itself.
    const list = JSON.stringify(values.map((v) => binaryParts(v as number)));
    return `${column} IN (SELECT json_extract(value, '$[0]') * pow(2, json_extract(value, '$[1]')) FROM json_each(${bind(list)}))`;
  },
  // SQLite keeps index entries of any length (in overflow pages).
  uniqueConstraint: () => undefined,
  indexMethod: () => 'btree',
  // Named parameters (`$1` is a name to SQLite), bound by name so their order never matters.
  execute: (connection, sql, values) =>
    new Promise((resolve, reject) => {
      const bind = Object.fromEntries(values.map((value, i) => [`$${i + 1}`, value]));
      (connection as SqliteConnection).all(sql, bind, (error, rows) => (error ? reject(error) : resolve(rows ?? [])));
    }),
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
  errors: postgresExceptionConverter,
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
  uniqueConstraint(table, name, columns) {
    if (!columns.some((c) => c.kind === 'string' || c.kind === 'json')) return undefined;
    // A btree entry holds at most about 2.7 KB (54000 "index row size exceeds btree maximum"), so
    // text can outgrow a unique index. A hash index stores only a 4-byte hash of any value, and an
    // exclusion constraint on it compares the stored values themselves (not their hashes) on every
    // hash match, so it is exact: a clash is 23P01, and nulls never clash (= is not true on null).
    if (columns.length === 1) return `ALTER TABLE ${table} ADD CONSTRAINT ${name} EXCLUDE USING hash (${columns[0]?.column} WITH =)`;
    // A hash index has one column: several become one text array, each value written exactly
    // (text as it is; other kinds as the hex of their binary send form, which is immutable, unlike
    // their text form that depends on settings), and null when any part is null.
    const anyNull = columns.map((c) => `${c.column} IS NULL`).join(' OR ');
    const parts = columns.map(({ column, kind }) => `(${exactText(kind, column)}) COLLATE "C"`).join(', ');
    return `ALTER TABLE ${table} ADD CONSTRAINT ${name} EXCLUDE USING hash ((CASE WHEN ${anyNull} THEN NULL ELSE ARRAY[${parts}] END) WITH =)`;
  },
  // Text in a hash index (any length, and equality lookups are all an index serves here); json has no operator class at all.
  indexMethod: (kind) => (kind === 'json' ? undefined : kind === 'string' ? 'hash' : 'btree'),
  execute: async (connection, sql, values) => (await (connection as PostgresConnection).query({ text: sql, values: [...values] })).rows,
  // One typed array; node-postgres writes it as an array literal, quoting every element.
  inList: (column, kind, values, bind) =>
    `${column} = ANY(${postgresDialect.typed(kind, bind(values.map((v) => postgresDialect.encode(kind, v))))}[])`,
  asciiLower: (expression) => `translate(${expression}, '${UPPER}', '${UPPER.toLowerCase()}')`,
  limitOffset(limit, offset) {
    return `${limit === undefined ? '' : ` LIMIT ${limit}`}${offset === undefined ? '' : ` OFFSET ${offset}`}`;
  },
};

/** A finite double as integers `[m, e]` with value = m * 2^e, |m| < 2^53 and e >= -1074 (so 2^e is a double too). */
export function binaryParts(value: number): [number, number] {
  if (value === 0) return [0, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const sign = high >>> 31 === 1 ? -1 : 1;
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (high & 0xfffff) * 2 ** 32 + view.getUint32(4);
  return biased === 0 ? [sign * fraction, -1074] : [sign * (fraction + 2 ** 52), biased - 1075];
}

/** PostgreSQL: a column as text that is equal exactly when the values are, for an index expression (so immutable). */
function exactText(kind: FieldKind, column: string): string {
  const send: Partial<Record<FieldKind, string>> = {
    integer: 'int8send',
    float: 'float8send',
    boolean: 'boolsend',
    datetime: 'timestamptz_send',
  };
  const fn = send[kind];
  return fn === undefined ? `${column}::text` : `encode(${fn}(${column}), 'hex')`;
}

/**
 * One converter per SQL engine (the shape of MikroORM's exception converters): it reads the
 * engine's own error code from the native error that Sequelize wraps (`original`/`parent`) and
 * says what kind of failure it is, so a new server version's wording never changes the ORM error a
 * user gets. Sequelize's own classes are not used: it classifies SQLite's NOT NULL failure as a
 * `UniqueConstraintError`, and PostgreSQL 18's restrict violation (23001) as a plain `DatabaseError`.
 */

/** What a native SQL error means. */
export type SqlErrorKind =
  /** A primary key, unique index or (PostgreSQL) unique exclusion constraint refused a duplicate. */
  | 'unique-violation'
  /** A foreign key refused a write naming no stored parent, or a delete that still has children. */
  | 'foreign-key-violation'
  /** `ON DELETE RESTRICT` refused a delete (PostgreSQL 18 says 23001; 15 said 23503). */
  | 'restrict-violation'
  | 'not-null-violation'
  | 'check-violation'
  /** A value too long for its column or for the engine (PostgreSQL 22001, SQLite SQLITE_TOOBIG). */
  | 'value-too-long'
  /** An engine limit: index row size, bind parameters, expression depth (PostgreSQL 54xxx, SQLite SQLITE_ERROR with a limit message). */
  | 'limit-exceeded'
  /** The statement was cancelled, e.g. by a statement timeout (57014). */
  | 'query-canceled'
  /** The connection failed or was lost (08xxx, a server shutting down, a socket error). */
  | 'connection'
  /** The engine could not get a lock, or chose this transaction as a deadlock victim. */
  | 'busy'
  /** Anything else (a syntax error, a missing table): a bug, reported as it is. */
  | 'other';

/** A native SQL error and what it means. */
export interface ConvertedError {
  readonly kind: SqlErrorKind;
  /** The engine's code as it gave it (`23505`, `SQLITE_CONSTRAINT`, `ECONNREFUSED`), when it gave one. */
  readonly code: string | undefined;
  /** The engine's own error, to keep as `cause`. */
  readonly native: unknown;
  /** The engine's message. */
  readonly message: string;
}

/** Turns a native error of one engine into what it means. */
export interface ExceptionConverter {
  convert(error: unknown): ConvertedError;
}

/** The error the engine's client threw, unwrapped from Sequelize's error (`original`, `parent`). */
export function nativeError(error: unknown): unknown {
  if (error !== null && typeof error === 'object') {
    const wrapped = error as { original?: unknown; parent?: unknown };
    return wrapped.original ?? wrapped.parent ?? error;
  }
  return error;
}

function described(error: unknown): { native: unknown; code: string | undefined; message: string } {
  const native = nativeError(error);
  const code = native !== null && typeof native === 'object' ? (native as { code?: unknown }).code : undefined;
  const message = native instanceof Error ? native.message : String(native);
  return { native, code: typeof code === 'string' ? code : undefined, message };
}

/** Socket errors of Node's `net` module: the connection itself failed. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/** PostgreSQL: the SQLSTATE in the `code` of node-postgres's errors (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const postgresExceptionConverter: ExceptionConverter = {
  convert(error) {
    const { native, code, message } = described(error);
    return { kind: postgresKind(code, message), code, native, message };
  },
};

function postgresKind(code: string | undefined, message: string): SqlErrorKind {
  switch (code) {
    case '23505':
    case '23P01': // exclusion_violation: the unique constraints over text (see the PostgreSQL dialect)
      return 'unique-violation';
    case '23503':
      return 'foreign-key-violation';
    case '23001':
      return 'restrict-violation';
    case '23502':
      return 'not-null-violation';
    case '23514':
      return 'check-violation';
    case '22001':
      return 'value-too-long';
    case '57014':
      return 'query-canceled';
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
    case '55P03': // lock_not_available
      return 'busy';
    case '57P01': // admin_shutdown
    case '57P02': // crash_shutdown
    case '57P03': // cannot_connect_now
      return 'connection';
  }
  if (code === undefined) {
    // node-postgres's own errors carry no SQLSTATE; only a lost connection is worth telling apart.
    return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message) ? 'connection' : 'other';
  }
  // 08P01 (protocol_violation) is what the client provokes itself, e.g. by sending more than 65,535
  // parameters (their count is 16 bits); the connection is not lost.
  if (code === '08P01') return 'other';
  if (SOCKET_CODES.has(code) || code.startsWith('08')) return 'connection';
  if (code.startsWith('54')) return 'limit-exceeded'; // program_limit_exceeded, statement_too_complex, too_many_columns, …
  return 'other';
}

/**
 * SQLite through node-sqlite3: the error's `code` is the *primary* result code only
 * (`SQLITE_CONSTRAINT`, errno 19), because node-sqlite3 never turns on extended result codes, so
 * `SQLITE_CONSTRAINT_UNIQUE` (2067), `_PRIMARYKEY` (1555), `_FOREIGNKEY` (787) and `_NOTNULL`
 * (1299) never reach JavaScript. Which constraint failed is told apart by the start of SQLite's
 * own message, after the code: "UNIQUE constraint failed", "FOREIGN KEY constraint failed",
 * "NOT NULL constraint failed", "CHECK constraint failed". These are fixed strings in SQLite's C
 * source (sqlite3HaltConstraint and the VDBE's foreign-key check), unchanged since 3.8.2 (2013)
 * introduced them together with the extended codes, and SQLite's own test suite asserts them;
 * they are not localised. The same holds for the two limit messages of SQLITE_ERROR below.
 * Versions: the sqlite3 5.1.7 package bundles SQLite 3.44.2.
 */
export const sqliteExceptionConverter: ExceptionConverter = {
  convert(error) {
    const { native, code, message } = described(error);
    return { kind: sqliteKind(code, message), code, native, message };
  },
};

function sqliteKind(code: string | undefined, message: string): SqlErrorKind {
  // node-sqlite3 prefixes its messages with the code: "SQLITE_CONSTRAINT: UNIQUE constraint failed: t.c".
  const detail = code !== undefined && message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message;
  switch (code) {
    case 'SQLITE_CONSTRAINT':
      if (detail.startsWith('UNIQUE constraint failed')) return 'unique-violation';
      if (detail.startsWith('FOREIGN KEY constraint failed')) return 'foreign-key-violation';
      if (detail.startsWith('NOT NULL constraint failed')) return 'not-null-violation';
      if (detail.startsWith('CHECK constraint failed')) return 'check-violation';
      return 'other';
    case 'SQLITE_TOOBIG':
      return 'value-too-long';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'busy';
    case 'SQLITE_INTERRUPT':
      return 'query-canceled';
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_NOTADB':
      return 'connection';
    case 'SQLITE_FULL':
    case 'SQLITE_NOMEM':
      return 'limit-exceeded';
    case 'SQLITE_ERROR':
      // SQLITE_MAX_VARIABLE_NUMBER (32766) and SQLITE_MAX_EXPR_DEPTH (1000) are plain SQLITE_ERRORs.
      if (detail.startsWith('too many SQL variables') || detail.startsWith('Expression tree is too large')) return 'limit-exceeded';
      return 'other';
    default:
      return 'other';
  }
}

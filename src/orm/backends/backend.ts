import type { AnyModel } from '../model';
import type { Condition, FindSpec } from '../query';
import type { Row } from '../validation';

/**
 * Things a backend may or may not support. Scenarios that need one are tagged
 * `@requires-<capability>` and are skipped, with the reason, where it is missing.
 */
export type Capability =
  /** Stored data outlives the process and survives closing and reopening the backend. */
  | 'persistence'
  /** A record may be larger than 400 KB (DynamoDB's item limit), such as half a megabyte of text. */
  | 'large-items'
  /**
   * Migrations apply to it: its test driver builds a store from migrations (`PARITY_SCHEMA=migrations`)
   * and gives `@schema-changes` scenarios migrations of their own (`Driver.scenarioMigrations`).
   */
  | 'migrations'
  /** A migration may rename a primary-key field (DynamoDB cannot: a table's key attributes are fixed when it is created). */
  | 'migrate-key-fields';

/** Every capability a backend can declare, for listing in messages. */
export const CAPABILITIES: readonly Capability[] = ['persistence', 'large-items', 'migrations', 'migrate-key-fields'];

/**
 * How the ORM stores data. The repository validates input, applies defaults and timestamps and
 * checks queries before calling a backend, so a backend only stores, finds and enforces keys.
 * Rows going in and out hold every field of the model, in JavaScript values
 * (string, safe-integer or finite number, boolean, Date, JSON value, null).
 */
export interface Backend {
  /** A short name for messages, such as `inmemory` or `postgres`. */
  readonly name: string;
  /** What this backend supports beyond the shared contract. */
  readonly capabilities: ReadonlySet<Capability>;
  /** Prepares storage for the models; safe to call again for models already prepared. */
  sync(models: readonly AnyModel[]): Promise<void>;
  /** Stores a new row; a taken primary key or unique value raises `DuplicateKeyError`. */
  insert(model: AnyModel, row: Row): Promise<void>;
  /** Reads the row with this primary key (`key` holds the primary-key fields), or undefined. */
  get(model: AnyModel, key: Row): Promise<Row | undefined>;
  /** Applies changes to the row with this key and returns it; `NotFoundError` or `DuplicateKeyError`. */
  update(model: AnyModel, key: Row, changes: Row): Promise<Row>;
  /** Inserts the row, or replaces the one with its key keeping the `keep` fields' stored values; returns it. */
  upsert(model: AnyModel, row: Row, keep: readonly string[]): Promise<Row>;
  /** Deletes the row with this key; `NotFoundError` when there is none. */
  delete(model: AnyModel, key: Row): Promise<void>;
  /** The rows a query selects, in its order. */
  find(model: AnyModel, spec: FindSpec): Promise<Row[]>;
  /** How many rows match. */
  count(model: AnyModel, where: Condition): Promise<number>;
  /** Whether any row matches. */
  exists(model: AnyModel, where: Condition): Promise<boolean>;
  /** Releases connections; the backend is not used afterwards. */
  close(): Promise<void>;
}

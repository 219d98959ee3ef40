/*
 * Where migrations are applied (issue 14): one store of one backend. Each backend has its own
 * target (SQL: sql-target.ts; DynamoDB: dynamodb-target.ts; in-memory: inmemory-target.ts), and
 * the runner (runner.ts), the drift check (drift.ts) and the test drivers only ever see this
 * interface: migrations are written once and applied natively by each.
 */
import type { UmzugStorage } from 'umzug';
import type { MigrationOperation, Schema } from './schema';

/**
 * What a schema read from an engine can tell. SQL catalogs and the in-memory schema tell all;
 * DynamoDB stores no attribute types, nullability, unique constraints or references (the ORM
 * enforces them), so its `DescribeTable` tells the tables, their keys and their indexes only.
 */
export type SchemaAspect = 'fields' | 'unique' | 'indexes' | 'references';

/** Every aspect: what a reader that sees everything declares. */
export const ALL_ASPECTS: ReadonlySet<SchemaAspect> = new Set<SchemaAspect>(['fields', 'unique', 'indexes', 'references']);

/** A schema read back from an engine, with what the engine can tell (tables and primary keys always). */
export interface StoredSchema {
  readonly schema: Schema;
  readonly sees: ReadonlySet<SchemaAspect>;
}

/** One store where migrations are applied. */
export interface MigrationTarget {
  /** The backend's name, for messages: `sqlite`, `postgres`, `dynamodb`, `inmemory`. */
  readonly backend: string;
  /**
   * Applies one migration's operations to the models of `schema` (what the earlier migrations
   * built); all or nothing where the engine allows it (SQL: one transaction). An operation the
   * backend cannot perform is a `MigrationError` naming the operation and the backend, before
   * anything changes; one the data refuses (see refusals.ts) says what to do.
   */
  apply(schema: Schema, operations: readonly MigrationOperation[]): Promise<void>;
  /** Where umzug records which migrations ran, in this store. */
  storage(): UmzugStorage;
  /** What the store holds for the models of `expected` (by name; a missing table is absent). */
  read(expected: Schema): Promise<StoredSchema>;
}

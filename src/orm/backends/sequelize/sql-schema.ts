/*
 * The DDL of the SQL backends, in one place: `sync()` builds a model's table with it and the
 * migrations' editor (src/migrations/sql-editor.ts) builds and changes tables with it, so a table
 * made by migrations is physically the one sync makes (same column types, keys, foreign keys,
 * unique constraints and indexes, with the same names).
 */
import { createHash } from 'node:crypto';
import type { Sequelize, Transaction } from 'sequelize';
import type { OnDelete } from '../../fields';
import type { ModelSchema, ReferenceSchema } from '../../../migrations/schema';
import type { SqlDialect } from './dialects';
import { quote } from './sql-compiler';

/** Where DDL runs: the connection, its dialect, the table of each model and the transaction (if any). */
export interface SqlTarget {
  readonly sequelize: Sequelize;
  readonly dialect: SqlDialect;
  /** The table a model (by name) is stored in. */
  table(model: string): string;
  /** The key column a reference to this model (by name) points at. */
  parentKey(model: string): string;
  readonly transaction?: Transaction | undefined;
}

/** The SQL action of each delete rule. */
export const ON_DELETE_SQL: Record<OnDelete, string> = { restrict: 'RESTRICT', cascade: 'CASCADE', setNull: 'SET NULL' };

/** PostgreSQL cuts identifiers at 63 bytes: a longer name becomes a stable hash, so two names never collapse into one. */
function identifier(name: string): string {
  if (Buffer.byteLength(name) <= 63) return name;
  return `${name.slice(0, 40)}_${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

/** The name of a unique constraint: from its fields, not its position, so it stays the same when others are dropped or added. */
export function uniqueName(table: string, fields: readonly string[]): string {
  return identifier(`${table}_unique_${fields.join('_')}`);
}

/** The name of a secondary index, from its fields. */
export function indexName(table: string, fields: readonly string[]): string {
  return identifier(`${table}_index_${fields.join('_')}`);
}

/** The name of the FOREIGN KEY a migration adds: PostgreSQL's own name for the one an inline REFERENCES makes. */
export function foreignKeyName(table: string, field: string): string {
  return identifier(`${table}_${field}_fkey`);
}

/** The Sequelize column attributes of a model's fields, with a FOREIGN KEY inline for each reference. */
export function columnAttributes(target: SqlTarget, model: ModelSchema, references: readonly ReferenceSchema[] = model.references) {
  return Object.fromEntries(
    Object.entries(model.fields).map(([name, field]) => {
      const reference = references.find((r) => r.field === name);
      return [
        name,
        {
          type: target.dialect.columnType(field.kind),
          allowNull: field.nullable,
          primaryKey: model.primaryKey.includes(name),
          // A real FOREIGN KEY: the engine refuses a missing parent and applies the delete rule itself.
          ...(reference && {
            references: { model: target.table(reference.parent), key: target.parentKey(reference.parent) },
            onDelete: ON_DELETE_SQL[reference.onDelete],
          }),
        },
      ];
    }),
  );
}

/**
 * Creates a model's table with its unique constraints and indexes. `table` defaults to the
 * model's; the SQLite editor builds a replacement under another name and adds the constraints
 * once it has its real name (`withConstraints: false`).
 */
export async function createTable(
  target: SqlTarget,
  model: ModelSchema,
  options: { table?: string; withConstraints?: boolean } = {},
): Promise<void> {
  const table = options.table ?? target.table(model.name);
  await target.sequelize.getQueryInterface().createTable(table, columnAttributes(target, model), { transaction: target.transaction });
  if (options.withConstraints === false) return;
  await addConstraints(target, model);
}

/** Adds every unique constraint and index of the model to its table. */
export async function addConstraints(target: SqlTarget, model: ModelSchema): Promise<void> {
  for (const fields of model.unique) await addUnique(target, model, fields);
  for (const fields of model.indexes) await addIndex(target, model, fields);
}

/** Adds a unique constraint; it ignores nulls on both engines, as the contract requires. */
export async function addUnique(target: SqlTarget, model: ModelSchema, fields: readonly string[]): Promise<void> {
  const table = target.table(model.name);
  const name = uniqueName(table, fields);
  const columns = fields.map((f) => ({ column: quote(f), kind: model.fields[f]!.kind }));
  const constraint = target.dialect.uniqueConstraint(quote(table), quote(name), columns);
  if (constraint !== undefined) await target.sequelize.query(constraint, { transaction: target.transaction });
  else await target.sequelize.getQueryInterface().addIndex(table, [...fields], { unique: true, name, transaction: target.transaction });
}

/** Drops a unique constraint, in whichever form `addUnique` made it. */
export async function dropUnique(target: SqlTarget, model: ModelSchema, fields: readonly string[]): Promise<void> {
  const table = target.table(model.name);
  const name = uniqueName(table, fields);
  const columns = fields.map((f) => ({ column: quote(f), kind: model.fields[f]!.kind }));
  const constraint = target.dialect.uniqueConstraint(quote(table), quote(name), columns);
  const sql = constraint !== undefined ? `ALTER TABLE ${quote(table)} DROP CONSTRAINT ${quote(name)}` : `DROP INDEX ${quote(name)}`;
  await target.sequelize.query(sql, { transaction: target.transaction });
}

/** Adds a secondary index, with the dialect's method for the field's kind; a kind the dialect indexes with nothing gets none. */
export async function addIndex(target: SqlTarget, model: ModelSchema, fields: readonly string[]): Promise<void> {
  const [first] = fields;
  const using = target.dialect.indexMethod(model.fields[first!]!.kind);
  if (using === undefined) return;
  const table = target.table(model.name);
  await target.sequelize
    .getQueryInterface()
    .addIndex(table, [...fields], { name: indexName(table, fields), using, transaction: target.transaction });
}

/** Drops a secondary index made by `addIndex` (nothing when the dialect made none). */
export async function dropIndex(target: SqlTarget, model: ModelSchema, fields: readonly string[]): Promise<void> {
  if (target.dialect.indexMethod(model.fields[fields[0]!]!.kind) === undefined) return;
  await target.sequelize.query(`DROP INDEX ${quote(indexName(target.table(model.name), fields))}`, { transaction: target.transaction });
}

/*
 * Applies migration operations to SQLite and PostgreSQL (issue 14), with the DDL the Sequelize
 * backend's sync uses (src/orm/backends/sequelize/sql-schema.ts), so that a table built by
 * migrations is the one sync builds. PostgreSQL changes tables in place (ALTER TABLE). SQLite
 * cannot alter a column's nullability, a foreign key or a dropped column's constraints, so every
 * change to an existing SQLite table rebuilds it: a replacement is created from the new schema,
 * the rows copied, the old table dropped and the replacement renamed (the procedure SQLite
 * documents), which leaves it exactly as sync would have made it.
 */
import type * as SequelizeModule from 'sequelize';
import type { Sequelize, Transaction } from 'sequelize';
import { postgresDialect, sqliteDialect, type SqlDialect } from '../orm/backends/sequelize/dialects';
import { quote } from '../orm/backends/sequelize/sql-compiler';
import {
  addConstraints,
  addIndex,
  addUnique,
  createTable,
  dropIndex,
  dropUnique,
  foreignKeyName,
  indexName,
  ON_DELETE_SQL,
  uniqueName,
  type SqlTarget,
} from '../orm/backends/sequelize/sql-schema';
import type { JsonValue } from '../orm/fields';
import { loadPeer } from '../peers';
import {
  addedValue as valueToAdd,
  addNeedsValue,
  duplicatesForUnique,
  nullsInRequired,
  orphansForReference,
  requiredWithoutValue,
  unsupported,
} from './refusals';
import { applyOperations, MigrationError, type MigrationOperation, type ModelSchema, type Schema } from './schema';

const { QueryTypes } = loadPeer<typeof SequelizeModule>('sequelize', 'The SQL migrations (parity migrations)');

/** Where the editor works: as the Sequelize backend was given them. */
export interface SqlEditorOptions {
  /** The table a model (by name) is stored in; default: the model's name, as the backend's default. */
  tableName?: (model: string) => string;
  transaction?: Transaction;
}

/** The dialect of a Sequelize connection the editor can change; another engine is an error naming the operation. */
function dialectOf(sequelize: Sequelize, operation: MigrationOperation): SqlDialect {
  const name = sequelize.getDialect();
  if (name === 'sqlite') return sqliteDialect;
  if (name === 'postgres') return postgresDialect;
  throw unsupported(operation.op, name, 'the SQL migrations support sqlite and postgres.');
}

/**
 * Applies `operations` to the tables of `schema` (the schema the earlier migrations built) and
 * returns the schema after them. An operation that does not fit the schema is a `MigrationError`
 * before anything is changed; one the data refuses (a required field without a value for the
 * rows stored) is a `MigrationError` naming the operation, the model and what to do.
 */
export async function applySqlOperations(
  sequelize: Sequelize,
  schema: Schema,
  operations: readonly MigrationOperation[],
  options: SqlEditorOptions = {},
): Promise<Schema> {
  // Checks the whole list against the schema first: no engine is touched by a migration that cannot apply.
  applyOperations(schema, operations);
  let current = schema;
  for (const operation of operations) {
    const after = applyOperations(current, [operation]);
    const dialect = dialectOf(sequelize, operation);
    const tableName = options.tableName ?? ((model: string) => model);
    const target: SqlTarget = {
      sequelize,
      dialect,
      transaction: options.transaction,
      table: tableName,
      parentKey: (model) => (after[model] ?? current[model])!.primaryKey[0]!,
    };
    if (!(await sharedEdit(target, current, after, operation))) {
      await (dialect.name === 'sqlite' ? sqliteEditor : postgresEditor)(target, current, after, operation);
    }
    current = after;
  }
  return current;
}

type Editor = (target: SqlTarget, before: Schema, after: Schema, operation: MigrationOperation) => Promise<void>;

/**
 * What both engines do alike: tables made, indexes and unique constraints added and dropped with
 * the DDL sync uses, and the check that a field made required holds no null. Returns whether the
 * operation is done; the engine's own editor does the rest.
 */
async function sharedEdit(target: SqlTarget, before: Schema, after: Schema, operation: MigrationOperation): Promise<boolean> {
  switch (operation.op) {
    case 'createModel':
      await createTable(target, operation.model);
      return true;
    case 'addIndex':
      await addIndex(target, after[operation.model]!, operation.fields);
      return true;
    case 'dropIndex':
      await dropIndex(target, before[operation.model]!, operation.fields);
      return true;
    case 'addUnique':
      await checkNoDuplicates(target, operation.model, operation.fields);
      await addUnique(target, after[operation.model]!, operation.fields);
      return true;
    case 'dropUnique':
      await dropUnique(target, before[operation.model]!, operation.fields);
      return true;
    case 'alterField':
      if (operation.nullable === false && before[operation.model]!.fields[operation.field]!.nullable) {
        await checkNoNulls(target, operation.model, operation.field);
      }
      return false;
    case 'addReference':
      await checkNoOrphans(target, operation.model, operation.reference.field, operation.reference.parent);
      return false;
    default:
      return false;
  }
}

async function run(target: SqlTarget, sql: string, bind?: unknown[]): Promise<Record<string, unknown>[]> {
  return target.sequelize.query(sql, { type: QueryTypes.SELECT, transaction: target.transaction, ...(bind && { bind }) });
}

/** Runs a statement that returns no rows (SQLite's driver reads none from DDL, INSERT or UPDATE). */
async function exec(target: SqlTarget, sql: string, bind?: unknown[]): Promise<void> {
  await target.sequelize.query(sql, { type: QueryTypes.RAW, transaction: target.transaction, ...(bind && { bind }) });
}

async function hasRows(target: SqlTarget, model: string, where = 'TRUE'): Promise<boolean> {
  const rows = await run(target, `SELECT 1 AS found FROM ${quote(target.table(model))} WHERE ${where} LIMIT 1`);
  return rows.length > 0;
}

/** The value the rows stored before get in an added field, or an error when a required field has none and rows exist. */
async function addedValue(
  target: SqlTarget,
  operation: Extract<MigrationOperation, { op: 'addField' }>,
): Promise<{ value: JsonValue | undefined }> {
  if (addNeedsValue(operation) && (await hasRows(target, operation.model))) throw requiredWithoutValue(operation);
  return { value: valueToAdd(operation) };
}

/** A stored value as a statement parameter for a field kind (a datetime is stored as its ISO text). */
function encoded(target: SqlTarget, model: ModelSchema, field: string, value: JsonValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  const kind = model.fields[field]!.kind;
  return target.dialect.encode(kind, kind === 'datetime' ? new Date(value as string) : value);
}

/** Refuses to make a field required while records hold null in it. */
async function checkNoNulls(target: SqlTarget, model: string, field: string): Promise<void> {
  if (await hasRows(target, model, `${quote(field)} IS NULL`)) throw nullsInRequired(model, field);
}

/** Refuses a unique constraint over records that share its values (nulls never clash). */
async function checkNoDuplicates(target: SqlTarget, model: string, fields: readonly string[]): Promise<void> {
  const columns = fields.map(quote).join(', ');
  const clashes = await run(
    target,
    `SELECT 1 AS found FROM ${quote(target.table(model))} WHERE ${fields.map((f) => `${quote(f)} IS NOT NULL`).join(' AND ')} ` +
      `GROUP BY ${columns} HAVING COUNT(*) > 1 LIMIT 1`,
  );
  if (clashes.length > 0) throw duplicatesForUnique(model, fields);
}

/** Refuses a reference while records name a parent that does not exist. */
async function checkNoOrphans(target: SqlTarget, model: string, field: string, parent: string): Promise<void> {
  const key = quote(target.parentKey(parent));
  const orphans = await run(
    target,
    `SELECT 1 AS found FROM ${quote(target.table(model))} c WHERE c.${quote(field)} IS NOT NULL AND NOT EXISTS ` +
      `(SELECT 1 FROM ${quote(target.table(parent))} p WHERE p.${key} = c.${quote(field)}) LIMIT 1`,
  );
  if (orphans.length > 0) throw orphansForReference(model, field, parent);
}

const postgresEditor: Editor = async (target, before, after, operation) => {
  const table = (model: string): string => quote(target.table(model));
  const statement = (sql: string, bind?: unknown[]): Promise<void> => exec(target, sql, bind);
  switch (operation.op) {
    case 'dropModel':
      return statement(`DROP TABLE ${table(operation.model)}`);
    case 'addField': {
      const model = after[operation.model]!;
      const { value } = await addedValue(target, operation);
      await statement(
        `ALTER TABLE ${table(model.name)} ADD COLUMN ${quote(operation.field)} ${target.dialect.columnType(operation.schema.kind)}`,
      );
      if (value !== undefined && value !== null) {
        await statement(`UPDATE ${table(model.name)} SET ${quote(operation.field)} = $1`, [encoded(target, model, operation.field, value)]);
      }
      if (!operation.schema.nullable)
        await statement(`ALTER TABLE ${table(model.name)} ALTER COLUMN ${quote(operation.field)} SET NOT NULL`);
      return;
    }
    case 'dropField':
      // PostgreSQL drops the indexes and constraints over the column with it, as the schema does.
      return statement(`ALTER TABLE ${table(operation.model)} DROP COLUMN ${quote(operation.field)}`);
    case 'renameField': {
      const old = before[operation.model]!;
      await statement(`ALTER TABLE ${table(operation.model)} RENAME COLUMN ${quote(operation.from)} TO ${quote(operation.to)}`);
      // The names of its unique constraints and indexes come from their fields: they follow the rename.
      const name = target.table(operation.model);
      const renamed = (fields: readonly string[]): string[] => fields.map((f) => (f === operation.from ? operation.to : f));
      for (const fields of old.unique.filter((g) => g.includes(operation.from))) {
        await statement(`ALTER INDEX ${quote(uniqueName(name, fields))} RENAME TO ${quote(uniqueName(name, renamed(fields)))}`);
      }
      for (const fields of old.indexes.filter((g) => g.includes(operation.from))) {
        if (target.dialect.indexMethod(old.fields[fields[0]!]!.kind) === undefined) continue;
        await statement(`ALTER INDEX ${quote(indexName(name, fields))} RENAME TO ${quote(indexName(name, renamed(fields)))}`);
      }
      return;
    }
    case 'alterField':
      // A stored default is the ORM's (it fills new records); only nullability is the engine's.
      if (operation.nullable !== undefined) {
        await statement(
          `ALTER TABLE ${table(operation.model)} ALTER COLUMN ${quote(operation.field)} ${operation.nullable ? 'DROP' : 'SET'} NOT NULL`,
        );
      }
      return;
    case 'addReference': {
      const { field, parent, onDelete } = operation.reference;
      const name = target.table(operation.model);
      return statement(
        `ALTER TABLE ${quote(name)} ADD CONSTRAINT ${quote(foreignKeyName(name, field))} FOREIGN KEY (${quote(field)}) ` +
          `REFERENCES ${table(parent)} (${quote(target.parentKey(parent))}) ON DELETE ${ON_DELETE_SQL[onDelete]}`,
      );
    }
    case 'dropReference': {
      // Found by its column, not its name: an inline REFERENCES (sync's) and an added one are named alike but need not be.
      const found = await run(
        target,
        `SELECT c.conname AS name FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) ` +
          `WHERE c.contype = 'f' AND c.conrelid = $1::regclass AND a.attname = $2`,
        [quote(target.table(operation.model)), operation.field],
      );
      for (const { name } of found) await statement(`ALTER TABLE ${table(operation.model)} DROP CONSTRAINT ${quote(name as string)}`);
      return;
    }
  }
};

const sqliteEditor: Editor = async (target, before, after, operation) => {
  switch (operation.op) {
    case 'dropModel':
      return exec(target, `DROP TABLE ${quote(target.table(operation.model))}`);
    case 'addField': {
      const { value } = await addedValue(target, operation);
      const model = after[operation.model]!;
      return rebuild(target, before[operation.model]!, model, (field) =>
        field === operation.field ? { value: encoded(target, model, field, value) } : { column: field },
      );
    }
    case 'renameField':
      return rebuild(target, before[operation.model]!, after[operation.model]!, (field) => ({
        column: field === operation.to ? operation.from : field,
      }));
    case 'alterField':
      if (operation.nullable === undefined) return; // a stored default is the ORM's: nothing changes in the table
      return rebuild(target, before[operation.model]!, after[operation.model]!, (field) => ({ column: field }));
    case 'dropField':
    case 'addReference':
    case 'dropReference':
      return rebuild(target, before[operation.model]!, after[operation.model]!, (field) => ({ column: field }));
  }
};

/**
 * Rebuilds a SQLite table as `model` says, each new column filled from an old column or a value.
 * The caller runs it with foreign keys off (the runner does; `PRAGMA foreign_keys` cannot change
 * inside a transaction), else dropping a table that others reference would delete or refuse their rows.
 */
async function rebuild(
  target: SqlTarget,
  old: ModelSchema,
  model: ModelSchema,
  source: (field: string) => { column: string } | { value: unknown },
): Promise<void> {
  const table = target.table(model.name);
  const replacement = `${table}__parity_rebuild`;
  await createTable(target, model, { table: replacement, withConstraints: false });
  const fields = Object.keys(model.fields);
  const bind: unknown[] = [];
  const values = fields.map((field) => {
    const from = source(field);
    if ('column' in from) {
      if (old.fields[from.column] === undefined)
        throw new MigrationError(`Rebuilding ${model.name}: no column ${from.column} to fill ${field} from.`);
      return quote(from.column);
    }
    bind.push(from.value);
    return `$${bind.length}`;
  });
  await exec(
    target,
    `INSERT INTO ${quote(replacement)} (${fields.map(quote).join(', ')}) SELECT ${values.join(', ')} FROM ${quote(table)}`,
    bind.length > 0 ? bind : undefined,
  );
  await exec(target, `DROP TABLE ${quote(table)}`);
  await exec(target, `ALTER TABLE ${quote(replacement)} RENAME TO ${quote(table)}`);
  await addConstraints(target, model);
}

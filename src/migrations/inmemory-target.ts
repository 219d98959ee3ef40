/*
 * The migration target of the in-memory backend: its schema is kept beside its tables (the
 * models' shape as migrations built it), umzug's record of applied migrations in memory, and
 * each migration applied to a copy of the tables that replaces them only when every operation
 * succeeded, so that a migration is all or nothing here as it is in an SQL transaction.
 */
import { memoryStorage, type UmzugStorage } from 'umzug';
import type { FieldKind, JsonValue } from '../orm/fields';
import type { InMemoryBackend } from '../orm/backends/inmemory';
import type { Row } from '../orm/validation';
import { valuesEqual } from '../orm/values';
import { addedValue, addNeedsValue, duplicatesForUnique, nullsInRequired, orphansForReference, requiredWithoutValue } from './refusals';
import { applyOperations, schemaOf, type MigrationOperation, type ModelSchema, type Schema } from './schema';
import { ALL_ASPECTS, type MigrationTarget } from './target';

interface State {
  readonly storage: UmzugStorage;
  /** What migrations built, by model; a table synced instead has its synced model's shape. */
  schema: Schema;
}

/** Each backend's records of applied migrations, by name, each with the schema its migrations built. */
const states = new WeakMap<InMemoryBackend, Map<string, State>>();

/**
 * The migration target of an in-memory backend. Its record of applied migrations (`record`, by
 * name: the run's, or a scenario's own) lives with the backend, as SequelizeMeta lives in a database.
 */
export function inMemoryTarget(backend: InMemoryBackend, record = 'migrations'): MigrationTarget {
  let records = states.get(backend);
  if (records === undefined) states.set(backend, (records = new Map()));
  let state = records.get(record);
  if (state === undefined) records.set(record, (state = { storage: memoryStorage(), schema: {} }));
  const own = state;
  return {
    backend: backend.name,
    async apply(schema, operations) {
      applyOperations(schema, operations); // the whole list is checked against the schema first
      const tables = backend.copyTables();
      let current = schema;
      for (const operation of operations) {
        const after = applyOperations(current, [operation]);
        editTables(tables, current, after, operation);
        current = after;
      }
      backend.replaceTables(tables);
      const kept: Record<string, ModelSchema> = { ...own.schema };
      for (const name of Object.keys(schema)) delete kept[name];
      own.schema = { ...kept, ...current };
    },
    storage: () => own.storage,
    async read(expected) {
      const schema: Record<string, ModelSchema> = {};
      for (const name of Object.keys(expected)) {
        const migrated = own.schema[name];
        const synced = backend.syncedModel(name);
        if (migrated !== undefined) schema[name] = migrated;
        else if (synced !== undefined) schema[name] = schemaOf([synced])[name]!;
      }
      return { schema, sees: ALL_ASPECTS };
    },
  };
}

/** Forgets a record of applied migrations and the schema its migrations built (a scenario's, when it ends). */
export function forgetInMemoryRecord(backend: InMemoryBackend, record: string): void {
  states.get(backend)?.delete(record);
}

/**
 * Applies one operation to tables of rows (by model, then by key), refusing what the stored rows
 * do not allow; the DynamoDB target runs it on a copy of the items to check a migration whole.
 */
export function editTables(tables: Map<string, Map<string, Row>>, before: Schema, after: Schema, operation: MigrationOperation): void {
  const rows = (model: string): Row[] => [...(tables.get(model)?.values() ?? [])];
  switch (operation.op) {
    case 'createModel':
      tables.set(operation.model.name, new Map());
      return;
    case 'dropModel':
      tables.delete(operation.model);
      return;
    case 'addField': {
      const stored = rows(operation.model);
      if (addNeedsValue(operation) && stored.length > 0) throw requiredWithoutValue(operation);
      const value = decoded(operation.schema.kind, addedValue(operation));
      for (const row of stored) row[operation.field] = value;
      return;
    }
    case 'dropField':
      for (const row of rows(operation.model)) delete row[operation.field];
      return;
    case 'renameField':
      for (const row of rows(operation.model)) {
        row[operation.to] = row[operation.from];
        delete row[operation.from];
      }
      return;
    case 'alterField':
      if (operation.nullable === false && rows(operation.model).some((row) => row[operation.field] === null))
        throw nullsInRequired(operation.model, operation.field);
      return;
    case 'addUnique': {
      const model = after[operation.model]!;
      const seen: Row[] = [];
      for (const row of rows(operation.model)) {
        if (operation.fields.some((f) => row[f] === null || row[f] === undefined)) continue;
        if (seen.some((other) => operation.fields.every((f) => valuesEqual(model.fields[f]!.kind, row[f], other[f]))))
          throw duplicatesForUnique(operation.model, operation.fields);
        seen.push(row);
      }
      return;
    }
    case 'addReference': {
      const { field, parent } = operation.reference;
      const parentSchema = before[parent]!;
      const key = parentSchema.primaryKey[0]!;
      const kind = parentSchema.fields[key]!.kind;
      const parents = rows(parent);
      for (const row of rows(operation.model)) {
        const value = row[field];
        if (value === null || value === undefined) continue;
        if (!parents.some((p) => valuesEqual(kind, p[key], value))) throw orphansForReference(operation.model, field, parent);
      }
      return;
    }
    default:
      return; // indexes, dropping constraints and references, a default: the schema alone changes
  }
}

/** A stored default or backfill as the value a row holds (a datetime's ISO text as a Date). */
function decoded(kind: FieldKind, value: JsonValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  return kind === 'datetime' ? new Date(value as string) : value;
}

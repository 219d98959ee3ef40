/*
 * The stored shape of models, as migrations build it and as an engine's catalog describes it:
 * what every backend must hold for the models to work (fields with their kinds, nullability and
 * stored defaults, keys, unique constraints, indexes and references), and nothing the ORM checks
 * itself (lengths, ranges, patterns, choices). Migrations (issue 14) are built on it: a schema is
 * made from the models (`schemaOf`), from the migrations' operations (`applyOperations`), or read
 * from an engine; `operationsBetween` writes the next migration, `schemaDifferences` reports drift.
 */
import type { FieldKind, JsonValue, OnDelete } from '../orm/fields';
import { MigrationError } from '../orm/errors';
import type { AnyModel } from '../orm/model';
import { ALL_ASPECTS, type SchemaAspect } from './target';

/** A stored default: a value (a datetime as its ISO text); a default computed by a function is the ORM's, not the schema's. */
export interface StoredDefault {
  readonly value: JsonValue;
}

/** One field as stored. */
export interface FieldSchema {
  readonly kind: FieldKind;
  readonly nullable: boolean;
  readonly default?: StoredDefault;
  /**
   * Read from an engine only: the column's type as the engine names it, when no field kind is
   * stored as that type (`kind` then says nothing); `schemaDifferences` reports it as it is.
   */
  readonly unmappedType?: string;
}

/** A reference as stored: the field holds the key of a record of `parent`. */
export interface ReferenceSchema {
  readonly field: string;
  readonly parent: string;
  readonly onDelete: OnDelete;
  /** Read from an engine only: its delete rule as the engine names it, when it is none of the `OnDelete` rules (`onDelete` then says nothing). */
  readonly unmappedOnDelete?: string;
}

/** One model as stored. */
export interface ModelSchema {
  readonly name: string;
  /** The database alias it lives in. */
  readonly database: string;
  /** Its fields, in declaration order. */
  readonly fields: Readonly<Record<string, FieldSchema>>;
  readonly primaryKey: readonly string[];
  /** Unique constraints other than the primary key, each a list of fields. */
  readonly unique: readonly (readonly string[])[];
  /** Secondary indexes (the `index` hint), each a list of fields. */
  readonly indexes: readonly (readonly string[])[];
  readonly references: readonly ReferenceSchema[];
}

/** Every model's stored shape, by model name. */
export type Schema = Readonly<Record<string, ModelSchema>>;

/** One change to a schema, as a migration states it; every backend applies each natively. */
export type MigrationOperation =
  | { readonly op: 'createModel'; readonly model: ModelSchema }
  | { readonly op: 'dropModel'; readonly model: string }
  /** `backfill` is what records stored before get when the field has no stored default (required for a required field). */
  | { readonly op: 'addField'; readonly model: string; readonly field: string; readonly schema: FieldSchema; readonly backfill?: JsonValue }
  | { readonly op: 'dropField'; readonly model: string; readonly field: string }
  | { readonly op: 'renameField'; readonly model: string; readonly from: string; readonly to: string }
  | {
      readonly op: 'alterField';
      readonly model: string;
      readonly field: string;
      readonly nullable?: boolean;
      /** A new stored default, or null for none. */
      readonly default?: StoredDefault | null;
    }
  | { readonly op: 'addIndex' | 'dropIndex' | 'addUnique' | 'dropUnique'; readonly model: string; readonly fields: readonly string[] }
  | { readonly op: 'addReference'; readonly model: string; readonly reference: ReferenceSchema }
  | { readonly op: 'dropReference'; readonly model: string; readonly field: string };

export { MigrationError };

/** The stored shape the models need. */
export function schemaOf(models: readonly AnyModel[]): Schema {
  return Object.fromEntries(models.map((model) => [model.name, modelSchema(model)]));
}

function modelSchema(model: AnyModel): ModelSchema {
  const fields: Record<string, FieldSchema> = {};
  for (const name of model.fieldNames) {
    const { kind, options } = model.fields[name]!;
    const stored = storedDefault(options.default);
    fields[name] = { kind, nullable: options.nullable === true, ...(stored !== undefined && { default: stored }) };
  }
  return {
    name: model.name,
    database: model.database,
    fields,
    primaryKey: [...model.primaryKey],
    unique: model.uniqueConstraints.map((group) => [...group]),
    indexes: model.fieldNames.filter((name) => model.fields[name]!.options.index === true).map((name) => [name]),
    references: model.references.map((r) => ({ field: r.field, parent: r.parent.name, onDelete: r.onDelete })),
  };
}

function storedDefault(value: unknown): StoredDefault | undefined {
  if (value === undefined || typeof value === 'function') return undefined;
  if (value instanceof Date) return { value: value.toISOString() };
  return { value: value as JsonValue };
}

/** The schema after the operations, in order; an operation that does not fit is a `MigrationError` naming it. */
export function applyOperations(schema: Schema, operations: readonly MigrationOperation[]): Schema {
  const models: Record<string, ModelSchema> = { ...schema };
  for (const [index, operation] of operations.entries()) {
    const where = `Operation ${index + 1} (${operation.op}${'model' in operation && typeof operation.model === 'string' ? ` ${operation.model}` : ''})`;
    const existing = (name: string): ModelSchema => {
      const found = models[name];
      if (found === undefined) throw new MigrationError(`${where}: there is no model ${name} at this point of the migrations.`);
      return found;
    };
    const field = (model: ModelSchema, name: string): FieldSchema => {
      const found = model.fields[name];
      if (found === undefined) throw new MigrationError(`${where}: ${model.name} has no field ${name} at this point of the migrations.`);
      return found;
    };
    switch (operation.op) {
      case 'createModel':
        if (models[operation.model.name] !== undefined)
          throw new MigrationError(`${where}: the model ${operation.model.name} exists already.`);
        models[operation.model.name] = operation.model;
        break;
      case 'dropModel':
        existing(operation.model);
        delete models[operation.model];
        break;
      case 'addField': {
        const model = existing(operation.model);
        if (model.fields[operation.field] !== undefined)
          throw new MigrationError(`${where}: ${model.name} has a field ${operation.field} already.`);
        models[model.name] = { ...model, fields: { ...model.fields, [operation.field]: operation.schema } };
        break;
      }
      case 'dropField': {
        const model = existing(operation.model);
        field(model, operation.field);
        if (model.primaryKey.includes(operation.field))
          throw new MigrationError(`${where}: ${operation.field} is part of ${model.name}'s primary key, which a migration cannot drop.`);
        const { [operation.field]: _dropped, ...fields } = model.fields;
        const without = (groups: readonly (readonly string[])[]): string[][] =>
          groups.filter((g) => !g.includes(operation.field)).map((g) => [...g]);
        models[model.name] = {
          ...model,
          fields,
          unique: without(model.unique),
          indexes: without(model.indexes),
          references: model.references.filter((r) => r.field !== operation.field),
        };
        break;
      }
      case 'renameField': {
        const model = existing(operation.model);
        field(model, operation.from);
        if (model.fields[operation.to] !== undefined)
          throw new MigrationError(`${where}: ${model.name} has a field ${operation.to} already.`);
        const rename = (name: string): string => (name === operation.from ? operation.to : name);
        models[model.name] = {
          ...model,
          fields: Object.fromEntries(Object.entries(model.fields).map(([name, schema]) => [rename(name), schema])),
          primaryKey: model.primaryKey.map(rename),
          unique: model.unique.map((g) => g.map(rename)),
          indexes: model.indexes.map((g) => g.map(rename)),
          references: model.references.map((r) => ({ ...r, field: rename(r.field) })),
        };
        break;
      }
      case 'alterField': {
        const model = existing(operation.model);
        const { default: _default, ...rest } = field(model, operation.field);
        const altered: FieldSchema = {
          ...rest,
          ...(operation.nullable !== undefined && { nullable: operation.nullable }),
          ...(operation.default === undefined
            ? _default !== undefined && { default: _default }
            : operation.default !== null && { default: operation.default }),
        };
        models[model.name] = { ...model, fields: { ...model.fields, [operation.field]: altered } };
        break;
      }
      case 'addIndex':
      case 'addUnique': {
        const model = existing(operation.model);
        for (const name of operation.fields) field(model, name);
        const key = operation.op === 'addIndex' ? 'indexes' : 'unique';
        if (model[key].some((g) => sameFields(g, operation.fields))) {
          throw new MigrationError(`${where}: ${model.name} has ${describeGroup(key, operation.fields)} already.`);
        }
        models[model.name] = { ...model, [key]: [...model[key], [...operation.fields]] };
        break;
      }
      case 'dropIndex':
      case 'dropUnique': {
        const model = existing(operation.model);
        const key = operation.op === 'dropIndex' ? 'indexes' : 'unique';
        if (!model[key].some((g) => sameFields(g, operation.fields))) {
          throw new MigrationError(`${where}: ${model.name} has no ${describeGroup(key, operation.fields)}.`);
        }
        models[model.name] = { ...model, [key]: model[key].filter((g) => !sameFields(g, operation.fields)) };
        break;
      }
      case 'addReference': {
        const model = existing(operation.model);
        field(model, operation.reference.field);
        existing(operation.reference.parent);
        if (model.references.some((r) => r.field === operation.reference.field)) {
          throw new MigrationError(`${where}: ${model.name}.${operation.reference.field} is a reference already.`);
        }
        models[model.name] = { ...model, references: [...model.references, operation.reference] };
        break;
      }
      case 'dropReference': {
        const model = existing(operation.model);
        if (!model.references.some((r) => r.field === operation.field)) {
          throw new MigrationError(`${where}: ${model.name}.${operation.field} is not a reference.`);
        }
        models[model.name] = { ...model, references: model.references.filter((r) => r.field !== operation.field) };
        break;
      }
    }
  }
  return models;
}

/**
 * The schema before each migration of a list and, last, after them all, from nothing: they are
 * data, so this needs no engine. An operation that does not fit is a `MigrationError` beginning
 * with its migration's label (`Migration 0002_x`, a file's path).
 */
export function replayMigrations(
  migrations: readonly { readonly label: string; readonly operations: readonly MigrationOperation[] }[],
): Schema[] {
  const schemas: Schema[] = [{}];
  for (const { label, operations } of migrations) {
    try {
      schemas.push(applyOperations(schemas.at(-1)!, operations));
    } catch (error) {
      throw new MigrationError(`${label}: ${(error as Error).message}`, { cause: error });
    }
  }
  return schemas;
}

/**
 * The operations that turn `from` into `to`: models created parents first, then fields, keys and
 * references changed, models dropped children first. A field that disappears and another that
 * appears are a drop and an add, never guessed to be a rename (write a renameField by hand:
 * it keeps the data). A required field added without a stored default gets no backfill here:
 * the writer of the migration must choose one.
 */
export function operationsBetween(from: Schema, to: Schema): MigrationOperation[] {
  const operations: MigrationOperation[] = [];
  const created = Object.values(to).filter((model) => from[model.name] === undefined);
  for (const model of parentsFirst(created, to)) operations.push({ op: 'createModel', model });
  for (const target of Object.values(to)) {
    const source = from[target.name];
    if (source === undefined) continue;
    const model = target.name;
    for (const reference of source.references) {
      const kept = target.references.find((r) => r.field === reference.field);
      if (kept === undefined || kept.parent !== reference.parent || kept.onDelete !== reference.onDelete)
        operations.push({ op: 'dropReference', model, field: reference.field });
    }
    for (const group of source.unique)
      if (!target.unique.some((g) => sameFields(g, group))) operations.push({ op: 'dropUnique', model, fields: group });
    for (const group of source.indexes)
      if (!target.indexes.some((g) => sameFields(g, group))) operations.push({ op: 'dropIndex', model, fields: group });
    for (const [field, schema] of Object.entries(target.fields)) {
      const before = source.fields[field];
      if (before === undefined) {
        operations.push({ op: 'addField', model, field, schema });
        continue;
      }
      const nullable = before.nullable !== schema.nullable ? { nullable: schema.nullable } : {};
      const changedDefault = JSON.stringify(before.default) !== JSON.stringify(schema.default) ? { default: schema.default ?? null } : {};
      if (Object.keys(nullable).length + Object.keys(changedDefault).length > 0)
        operations.push({ op: 'alterField', model, field, ...nullable, ...changedDefault });
    }
    for (const field of Object.keys(source.fields))
      if (target.fields[field] === undefined) operations.push({ op: 'dropField', model, field });
    for (const group of target.unique)
      if (!source.unique.some((g) => sameFields(g, group))) operations.push({ op: 'addUnique', model, fields: group });
    for (const group of target.indexes)
      if (!source.indexes.some((g) => sameFields(g, group))) operations.push({ op: 'addIndex', model, fields: group });
    for (const reference of target.references) {
      const before = source.references.find((r) => r.field === reference.field);
      if (before === undefined || before.parent !== reference.parent || before.onDelete !== reference.onDelete)
        operations.push({ op: 'addReference', model, reference });
    }
  }
  const dropped = Object.values(from).filter((model) => to[model.name] === undefined);
  for (const model of parentsFirst(dropped, from).reverse()) operations.push({ op: 'dropModel', model: model.name });
  return operations;
}

/**
 * What `actual` (read from an engine) lacks or has differently from `expected` (the models), one
 * line per model and field: "TodoItem.title: unique constraint (userId, title) missing in the database".
 * Only what the engine can tell (`sees`) is compared: tables and primary keys always. `where`
 * names what `actual` is in the lines (default `the database`; `the migrations` for what they build).
 */
export function schemaDifferences(
  expected: Schema,
  actual: Schema,
  sees: ReadonlySet<SchemaAspect> = ALL_ASPECTS,
  where = 'the database',
): string[] {
  const lines: string[] = [];
  for (const model of Object.values(expected)) {
    const found = actual[model.name];
    if (found === undefined) {
      lines.push(`${model.name}: the model's table is missing in ${where}`);
      continue;
    }
    if (!sameFields(found.primaryKey, model.primaryKey)) {
      lines.push(`${model.name}: primary key (${model.primaryKey.join(', ')}) expected, ${where} has (${found.primaryKey.join(', ')})`);
    }
    for (const [name, field] of sees.has('fields') ? Object.entries(model.fields) : []) {
      const stored = found.fields[name];
      if (stored === undefined) lines.push(`${model.name}.${name}: field missing in ${where}`);
      else {
        if (stored.unmappedType !== undefined)
          lines.push(`${model.name}.${name}: a ${field.kind} field, ${where} stores ${stored.unmappedType} (no field kind is stored so)`);
        else if (stored.kind !== field.kind) lines.push(`${model.name}.${name}: a ${field.kind} field, ${where} stores ${stored.kind}`);
        if (stored.nullable !== field.nullable)
          lines.push(
            `${model.name}.${name}: ${field.nullable ? 'nullable' : 'required'} in the model, ${stored.nullable ? 'nullable' : 'required (NOT NULL)'} in ${where}`,
          );
      }
    }
    for (const name of sees.has('fields') ? Object.keys(found.fields) : [])
      if (model.fields[name] === undefined) lines.push(`${model.name}.${name}: in ${where}, not in the model`);
    const groups = (kind: 'unique' | 'indexes', label: string): void => {
      if (!sees.has(kind)) return;
      for (const group of model[kind])
        if (!found[kind].some((g) => sameFields(g, group)))
          lines.push(`${model.name}.${group.at(-1)}: ${label} (${group.join(', ')}) missing in ${where}`);
      for (const group of found[kind])
        if (!model[kind].some((g) => sameFields(g, group)))
          lines.push(`${model.name}.${group.at(-1)}: ${label} (${group.join(', ')}) in ${where}, not in the model`);
    };
    groups('unique', 'unique constraint');
    groups('indexes', 'index');
    for (const reference of sees.has('references') ? model.references : []) {
      const stored = found.references.find((r) => r.field === reference.field);
      if (stored === undefined) lines.push(`${model.name}.${reference.field}: reference to ${reference.parent} missing in ${where}`);
      else if (stored.parent !== reference.parent || stored.onDelete !== reference.onDelete || stored.unmappedOnDelete !== undefined)
        lines.push(
          `${model.name}.${reference.field}: reference to ${reference.parent} (onDelete ${reference.onDelete}) expected, ${where} has ${stored.parent} (onDelete ${stored.unmappedOnDelete ?? stored.onDelete})`,
        );
    }
  }
  return lines;
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function describeGroup(key: 'indexes' | 'unique', fields: readonly string[]): string {
  return `${key === 'indexes' ? 'an index' : 'a unique constraint'} on (${fields.join(', ')})`;
}

/** The models in an order where each comes after the models it refers to (among those given). */
function parentsFirst(models: readonly ModelSchema[], schema: Schema): ModelSchema[] {
  const ordered: ModelSchema[] = [];
  const visiting = new Set<ModelSchema>();
  const visit = (model: ModelSchema): void => {
    if (ordered.includes(model) || visiting.has(model)) return; // a cycle (only a read schema can have one) keeps the given order
    visiting.add(model);
    for (const reference of model.references) {
      const parent = models.find((m) => m.name === reference.parent);
      if (parent !== undefined && schema[parent.name] !== undefined) visit(parent);
    }
    ordered.push(model);
  };
  for (const model of models) visit(model);
  return ordered;
}

/*
 * Models made from a schema: what a store holds, as models the ORM can use. The scenarios about
 * migrations (features/migrations.feature) store and read records through the models of the
 * schema their migrations built so far, so that each step sees the schema as it is at that point.
 */
import { field as fieldBuilder, type Field, type FieldMap } from '../orm/fields';
import { defineModel, type AnyModel } from '../orm/model';
import type { ModelSchema, Schema } from './schema';

/**
 * One model per model of the schema, by name, each made with the stored shape: kinds,
 * nullability, stored defaults, the primary key, unique constraints, single-field indexes and
 * references (parents made first). Nothing the ORM checks beyond the schema (lengths, ranges) is
 * known, so none is declared; an index over several fields has no model form and is left out.
 */
export function modelsOfSchema(schema: Schema): Map<string, AnyModel> {
  const made = new Map<string, AnyModel>();
  const make = (model: ModelSchema, visiting: ReadonlySet<string>): AnyModel => {
    const existing = made.get(model.name);
    if (existing !== undefined) return existing;
    const fields: FieldMap = {};
    for (const [name, stored] of Object.entries(model.fields)) {
      const options: Record<string, unknown> = {
        ...(model.primaryKey.includes(name) && { primaryKey: true }),
        ...(stored.nullable && { nullable: true }),
        ...(stored.default !== undefined && {
          default: stored.kind === 'datetime' ? new Date(stored.default.value as string) : stored.default.value,
        }),
        ...(model.unique.some((g) => g.length === 1 && g[0] === name) && { unique: true }),
        ...(model.indexes.some((g) => g.length === 1 && g[0] === name) && { index: true }),
      };
      const reference = model.references.find((r) => r.field === name);
      const parentSchema = reference === undefined || visiting.has(reference.parent) ? undefined : schema[reference.parent];
      if (reference !== undefined && parentSchema !== undefined) {
        const parent = make(parentSchema, new Set([...visiting, model.name]));
        const { primaryKey: _key, ...rest } = options;
        fields[name] = fieldBuilder.reference(parent, { ...rest, onDelete: reference.onDelete } as never) as Field;
      } else {
        fields[name] = (fieldBuilder[stored.kind] as (options: object) => Field)(options);
      }
    }
    const composite = model.unique.filter((g) => g.length > 1).map((g) => [...g]);
    const defined = defineModel(model.name, fields, {
      database: model.database,
      ...(composite.length > 0 && { unique: composite as never }),
    }) as unknown as AnyModel;
    made.set(model.name, defined);
    return defined;
  };
  for (const model of Object.values(schema)) make(model, new Set());
  return made;
}

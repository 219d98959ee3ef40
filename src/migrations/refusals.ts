/*
 * What a migration refuses because of the records stored, in the same words on every backend
 * (issue 14): each target finds the records its own way (a query, a scan, the rows in memory)
 * and refuses with these, before it changes anything of that operation.
 */
import type { JsonValue } from '../orm/fields';
import { MigrationError, type MigrationOperation } from './schema';

type AddField = Extract<MigrationOperation, { op: 'addField' }>;

/** The value records stored before get in an added field: its stored default, else the operation's backfill, else none. */
export function addedValue(operation: AddField): JsonValue | undefined {
  return operation.schema.default !== undefined ? operation.schema.default.value : operation.backfill;
}

/** Whether adding the field needs the stored records to be checked: a required field with neither default nor backfill. */
export function addNeedsValue(operation: AddField): boolean {
  return addedValue(operation) === undefined && !operation.schema.nullable;
}

/** A required field added to a model holding records, with nothing to give them. */
export function requiredWithoutValue(operation: AddField): MigrationError {
  return new MigrationError(
    `addField ${operation.model}.${operation.field}: ${operation.model} holds records and the field is required, ` +
      `so they need a value: give the field a stored default or the operation a backfill (or make the field nullable).`,
  );
}

/** A field made required while records hold null in it. */
export function nullsInRequired(model: string, field: string): MigrationError {
  return new MigrationError(
    `alterField ${model}.${field}: some ${model} records hold null in ${field}, so it cannot be made required: ` +
      `give them a value first (or keep the field nullable).`,
  );
}

/** A unique constraint added over records that share its values. */
export function duplicatesForUnique(model: string, fields: readonly string[]): MigrationError {
  return new MigrationError(
    `addUnique ${model}(${fields.join(', ')}): some ${model} records share the same ${fields.join(', ')}, so the constraint cannot hold: ` +
      `change or delete the duplicates first (in an earlier migration or by hand).`,
  );
}

/** A reference added while records name a parent that does not exist. */
export function orphansForReference(model: string, field: string, parent: string): MigrationError {
  return new MigrationError(
    `addReference ${model}.${field}: some ${model} records name a ${parent} that does not exist in ${field}, so the reference cannot hold: ` +
      `set those to null or to an existing ${parent}, or delete them, first.`,
  );
}

/** An operation this backend cannot perform at all. */
export function unsupported(operation: string, backend: string, why: string): MigrationError {
  return new MigrationError(`The operation ${operation} cannot be applied on the ${backend} backend: ${why}`);
}

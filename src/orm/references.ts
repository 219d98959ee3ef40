import { ReferenceIntegrityError } from './errors';
import type { Field } from './fields';
import { referencesTo, type AnyModel } from './model';
import type { Row } from './validation';
import { valuesEqual } from './values';

/** What deleting one record does, worked out before anything is written. */
export interface DeletePlan {
  /** The record asked for first, then every record `cascade` reaches, parents before children. */
  readonly deletes: readonly { readonly model: AnyModel; readonly row: Row }[];
  /** Records whose `setNull` reference is cleared (records that are deleted anyway are left out). */
  readonly nullify: readonly { readonly model: AnyModel; readonly row: Row; readonly field: string }[];
}

/** Finds the stored rows of `child` whose `field` holds `value`. */
export type FindChildren = (child: AnyModel, field: string, value: unknown) => Promise<Row[]>;

/**
 * Works out what deleting `row` of `model` does to the records referring to it, among `models`:
 * `restrict` children raise `ReferenceIntegrityError`, `cascade` children are deleted (and their
 * own children handled the same way), `setNull` children get the field set to null. Backends
 * without foreign keys (in-memory, DynamoDB) apply the plan; SQL engines do the same natively.
 */
export async function planDelete(model: AnyModel, row: Row, models: readonly AnyModel[], findChildren: FindChildren): Promise<DeletePlan> {
  const deletes: { model: AnyModel; row: Row }[] = [{ model, row }];
  const nullify: { model: AnyModel; row: Row; field: string }[] = [];
  const isDeleted = (m: AnyModel, r: Row): boolean => deletes.some((d) => d.model.name === m.name && sameKey(m, d.row, r));
  for (let i = 0; i < deletes.length; i += 1) {
    const { model: parent, row: parentRow } = deletes[i]!;
    const value = parentRow[parent.primaryKey[0] as string];
    for (const { child, reference } of referencesTo(parent, models)) {
      const rows = (await findChildren(child, reference.field, value)).filter((r) => !isDeleted(child, r));
      if (rows.length === 0) continue;
      if (reference.onDelete === 'restrict') {
        throw new ReferenceIntegrityError(child.name, reference.field, value, parent.name, 'restricted');
      }
      if (reference.onDelete === 'cascade') deletes.push(...rows.map((r) => ({ model: child, row: r })));
      else nullify.push(...rows.map((r) => ({ model: child, row: r, field: reference.field })));
    }
  }
  return { deletes, nullify: nullify.filter((n) => !isDeleted(n.model, n.row)) };
}

/** The references of a row that must name an existing parent: non-null, and (for an update) among the changed fields. */
export function referencesToCheck(
  model: AnyModel,
  row: Row,
  changed?: readonly string[],
): { field: string; parent: AnyModel; value: unknown }[] {
  return model.references
    .filter((r) => (changed === undefined || changed.includes(r.field)) && row[r.field] !== null && row[r.field] !== undefined)
    .map((r) => ({ field: r.field, parent: r.parent, value: row[r.field] }));
}

/** The primary key of a parent holding `value`. */
export function parentKey(parent: AnyModel, value: unknown): Row {
  return { [parent.primaryKey[0] as string]: value };
}

function sameKey(model: AnyModel, a: Row, b: Row): boolean {
  return model.primaryKey.every((f) => valuesEqual((model.fields[f] as Field).kind, a[f], b[f]));
}

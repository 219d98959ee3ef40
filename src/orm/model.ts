import { DEFAULT_DATABASE } from './databases';
import { ModelDefinitionError } from './errors';
import {
  field as fieldBuilders,
  type ChangesOf,
  type Field,
  type FieldKind,
  type FieldMap,
  type InputOf,
  type OnDelete,
  type RecordOf,
} from './fields';

/** Model-level options. */
export interface ModelOptions<F extends FieldMap = FieldMap> {
  /** Composite unique constraints: each entry lists fields whose combined values must be unique. */
  unique?: ReadonlyArray<ReadonlyArray<keyof F & string>>;
  /**
   * Delete only marks records, setting the added nullable datetime field `deletedAt`; reads leave
   * them out unless asked (README: "Soft deletes").
   */
  softDelete?: boolean;
  /** The database alias the model lives in (default `default`); see `defineDatabases`. */
  database?: string;
}

/** The field a soft-deletable model gains. */
export type DeletedAtField = Field<'datetime', Date | null, true, false>;

/** The field name soft deletes use. */
export const DELETED_AT = 'deletedAt';

/** One reference of a model: its field, the parent model and the delete rule. */
export interface ModelReference {
  readonly field: string;
  readonly parent: AnyModel;
  readonly onDelete: OnDelete;
}

/** A defined model: its name, fields, primary key and unique constraints. */
export interface Model<F extends FieldMap = FieldMap> {
  readonly name: string;
  readonly fields: Readonly<F>;
  /** Field names in declaration order. */
  readonly fieldNames: readonly (keyof F & string)[];
  /** Primary-key fields in declaration order (several form a composite key). */
  readonly primaryKey: readonly (keyof F & string)[];
  /** Every unique constraint: single-field ones in field order, then composite ones as declared. */
  readonly uniqueConstraints: readonly (readonly (keyof F & string)[])[];
  /** Whether delete marks records (`deletedAt`) instead of removing them. */
  readonly softDelete: boolean;
  /** The model's reference fields, in field order. */
  readonly references: readonly ModelReference[];
  /** The database alias the model lives in (`default` unless the model names another). */
  readonly database: string;
  /** Type-level only: the stored record. */
  readonly __record?: RecordOf<F>;
}

/** The stored record type of a model. */
export type RecordFor<M> = M extends Model<infer F> ? RecordOf<F> : never;
/** What create and upsert accept for a model. */
export type InputFor<M> = M extends Model<infer F> ? InputOf<F> : never;
/** What update accepts for a model. */
export type ChangesFor<M> = M extends Model<infer F> ? ChangesOf<F> : never;
/** A model without its field types, as the layers that handle any model see it. */
export type AnyModel = Model<FieldMap>;

/** The models in dependency order: every parent a model refers to comes before it (the input order otherwise). */
export function dependencyOrder(models: readonly AnyModel[]): AnyModel[] {
  const ordered: AnyModel[] = [];
  const visit = (model: AnyModel): void => {
    if (ordered.includes(model)) return;
    for (const reference of model.references) if (models.includes(reference.parent)) visit(reference.parent);
    ordered.push(model);
  };
  for (const model of models) visit(model);
  return ordered;
}

/**
 * Whether a value is a model made by `defineModel`, by its shape: a module of models may hold
 * its own copy of the package, whose models are not this copy's objects.
 */
export function isModel(value: unknown): value is AnyModel {
  return typeof value === 'object' && value !== null && 'fieldNames' in value && 'primaryKey' in value && 'name' in value;
}

/** The references, among these models, that point at `parent`. */
export function referencesTo(parent: AnyModel, models: Iterable<AnyModel>): { child: AnyModel; reference: ModelReference }[] {
  const found: { child: AnyModel; reference: ModelReference }[] = [];
  for (const child of models) {
    for (const reference of child.references) if (reference.parent.name === parent.name) found.push({ child, reference });
  }
  return found;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const KEY_KINDS: readonly FieldKind[] = ['string', 'integer'];
const RANGE_KINDS: readonly FieldKind[] = ['integer', 'float', 'datetime'];

const ON_DELETE: readonly OnDelete[] = ['restrict', 'cascade', 'setNull'];

/** Defines a model; checks the definition at once and throws `ModelDefinitionError` naming what to fix. */
export function defineModel<const F extends FieldMap>(
  name: string,
  fields: F,
  options: ModelOptions<F> & { softDelete: true },
): Model<F & { deletedAt: DeletedAtField }>;
export function defineModel<const F extends FieldMap>(name: string, fields: F, options?: ModelOptions<F>): Model<F>;
export function defineModel<const F extends FieldMap>(name: string, declared: F, options: ModelOptions<F> = {}): Model<F> {
  const problems: string[] = [];
  const softDelete = options.softDelete === true;
  if (softDelete && declared !== null && typeof declared === 'object' && DELETED_AT in declared) {
    problems.push(`it declares a field "${DELETED_AT}" and softDelete: true, which adds that field itself: remove one of them`);
  }
  const fields = (softDelete ? { ...declared, [DELETED_AT]: fieldBuilders.datetime({ nullable: true }) } : declared) as F;
  if (!IDENTIFIER.test(name))
    problems.push(`the model name ${JSON.stringify(name)} must start with a letter and hold only letters, digits and _`);
  const fieldNames = Object.keys(fields) as (keyof F & string)[];
  if (fieldNames.length === 0) problems.push('it declares no fields');
  for (const fieldName of fieldNames) problems.push(...checkField(fieldName, fields[fieldName] as Field));
  const primaryKey = fieldNames.filter((f) => fields[f]?.options?.primaryKey === true);
  if (primaryKey.length === 0)
    problems.push('it has no primary key: mark one field (or several, for a composite key) with primaryKey: true');
  const composite = (options.unique ?? []).map((group) => [...group]);
  for (const group of composite) {
    if (group.length === 0) problems.push('a composite unique constraint lists no fields');
    for (const f of group) if (!(f in fields)) problems.push(`the unique constraint [${group.join(', ')}] names the unknown field "${f}"`);
    if (new Set(group).size !== group.length) problems.push(`the unique constraint [${group.join(', ')}] repeats a field`);
  }
  const database = options.database ?? DEFAULT_DATABASE;
  if (typeof database !== 'string' || !/^[a-z][a-z0-9_]*$/.test(database) || database.includes('__')) {
    problems.push(
      `the database ${JSON.stringify(database)} must be an alias name: lower-case letters, digits and _ (not "__"), starting with a letter`,
    );
  }
  const references: ModelReference[] = [];
  for (const fieldName of fieldNames) {
    const target = fields[fieldName]?.options?.reference;
    if (target === undefined) continue;
    const where = `field "${fieldName}" (reference)`;
    const parent = target.model as AnyModel;
    if (parent === null || typeof parent !== 'object' || !Array.isArray(parent.primaryKey) || typeof parent.name !== 'string') {
      problems.push(`${where}: field.reference() takes a model made with defineModel()`);
      continue;
    }
    if (parent.primaryKey.length !== 1) {
      problems.push(
        `${where}: ${parent.name} has a composite primary key (${parent.primaryKey.join(', ')}); a reference needs a parent with a single-field key`,
      );
    }
    if (!ON_DELETE.includes(target.onDelete)) {
      problems.push(
        `${where}: onDelete must be one of ${ON_DELETE.map((o) => `'${o}'`).join(', ')} (got ${JSON.stringify(target.onDelete)})`,
      );
    }
    if (target.onDelete === 'setNull' && fields[fieldName]?.options.nullable !== true) {
      problems.push(`${where}: onDelete 'setNull' needs a nullable reference: add nullable: true, or choose 'restrict' or 'cascade'`);
    }
    if (fields[fieldName]?.options.primaryKey === true) problems.push(`${where}: a reference cannot be part of the primary key`);
    if (typeof parent.database === 'string' && parent.database !== database) {
      problems.push(
        `${where}: ${parent.name} lives in the database ${JSON.stringify(parent.database)} and ${name} in ${JSON.stringify(database)}; ` +
          `no engine enforces a reference between databases: keep both models in one database, or store the key in a plain field`,
      );
    }
    references.push({ field: fieldName, parent, onDelete: target.onDelete });
  }
  if (problems.length > 0) {
    throw new ModelDefinitionError(`Model ${name} is not defined correctly:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const singles = fieldNames.filter((f) => fields[f]?.options?.unique === true && !(primaryKey.length === 1 && primaryKey[0] === f));
  return Object.freeze({
    name,
    fields: Object.freeze({ ...fields }),
    fieldNames: Object.freeze(fieldNames),
    primaryKey: Object.freeze(primaryKey),
    uniqueConstraints: Object.freeze([...singles.map((f) => Object.freeze([f])), ...composite.map((g) => Object.freeze(g))]),
    softDelete,
    references: Object.freeze(references.map((r) => Object.freeze(r))),
    database,
  });
}

function checkField(name: string, definition: Field | undefined): string[] {
  if (definition === null || typeof definition !== 'object' || !('kind' in definition) || typeof definition.options !== 'object') {
    return [`field "${name}" must be made with field.string(), field.integer(), … (got ${typeof definition})`];
  }
  const problems: string[] = [];
  const { kind, options } = definition;
  const where = `field "${name}" (${kind})`;
  if (!IDENTIFIER.test(name) || name.includes('__')) {
    problems.push(
      `${where}: a field name must start with a letter, hold only letters, digits and _, and not contain "__" (it separates lookups)`,
    );
  }
  if (options.primaryKey === true) {
    if (!KEY_KINDS.includes(kind)) problems.push(`${where}: a primary key must be a string or integer field`);
    if (options.nullable === true) problems.push(`${where}: a primary key cannot be nullable`);
  }
  if (kind === 'json' && options.unique === true) problems.push(`${where}: json fields cannot be unique`);
  if (kind !== 'string' && (options.minLength !== undefined || options.maxLength !== undefined || options.pattern !== undefined)) {
    problems.push(`${where}: minLength, maxLength and pattern apply to string fields only`);
  }
  const bounds = (['ge', 'gt', 'le', 'lt'] as const).filter((b) => options[b] !== undefined);
  if (bounds.length > 0 && !RANGE_KINDS.includes(kind))
    problems.push(`${where}: ${bounds.join(', ')} apply to integer, float and datetime fields only`);
  for (const b of bounds) {
    const bound = options[b];
    const ok = kind === 'datetime' ? bound instanceof Date : typeof bound === 'number' && Number.isFinite(bound);
    if (RANGE_KINDS.includes(kind) && !ok) problems.push(`${where}: ${b} must be a ${kind === 'datetime' ? 'Date' : 'finite number'}`);
  }
  if ((options.autoNow === true || options.autoNowAdd === true) && kind !== 'datetime') {
    problems.push(`${where}: autoNow and autoNowAdd apply to datetime fields only`);
  }
  if (options.choices !== undefined && (!Array.isArray(options.choices) || options.choices.length === 0)) {
    problems.push(`${where}: choices must be a non-empty array`);
  }
  if (options.pattern !== undefined) {
    try {
      new RegExp(options.pattern);
    } catch (error) {
      problems.push(`${where}: pattern is not a valid regular expression (${(error as Error).message})`);
    }
  }
  return problems;
}

/*
 * The schema a `@schema-changes` scenario builds with migrations of its own (issue 14): each
 * step applies one more migration of one operation, through umzug and the store's migration
 * target, exactly as a project's migrations are applied; then the store is read back and must
 * hold what the migrations built, and the models of that schema serve the steps that follow
 * (`When I create a Note with:` uses the Note the migrations made so far).
 */
import pluralize from 'pluralize';
import type { Driver, ScenarioMigrations, StoreChoice } from '../drivers/driver';
import { driftOf } from '../migrations/drift';
import { migrate, type NamedMigration } from '../migrations/runner';
import { applyOperations, type FieldSchema, type MigrationOperation, type ModelSchema, type Schema } from '../migrations/schema';
import { modelsOfSchema } from '../migrations/schema-models';
import type { AnyModel } from '../orm';
import type { FieldKind, JsonValue, OnDelete } from '../orm/fields';
import { VerificationError } from './verification';

/** One migration a step states: what it does, in words, and its operation on the schema so far. */
export interface MigrationStep {
  readonly description: string;
  readonly operation: (schema: Schema) => MigrationOperation;
}

const KINDS: readonly FieldKind[] = ['string', 'integer', 'float', 'boolean', 'datetime', 'json'];
const ON_DELETE: Readonly<Record<string, OnDelete>> = { cascade: 'cascade', restrict: 'restrict', 'set null': 'setNull' };

/** A field's rules as a step writes them: `integer, required, default 3`, `string, nullable, unique`, `references Author on delete cascade`. */
interface FieldRules {
  readonly schema: FieldSchema;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly indexed: boolean;
  readonly reference?: { readonly parent: string; readonly onDelete: OnDelete };
  readonly backfill?: JsonValue;
}

/** A value written in a rule: JSON (`3`, `true`, `"x"`), else the text itself. */
function ruleValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

function parseRules(kindText: string, rulesText: string, schema: Schema): FieldRules {
  const terms = rulesText
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '');
  let kind = kindText.trim() as FieldKind;
  let nullable = false;
  let primaryKey = false;
  let unique = false;
  let indexed = false;
  let stored: { value: JsonValue } | undefined;
  let backfill: JsonValue | undefined;
  let reference: FieldRules['reference'];
  for (const term of terms) {
    const references = /^references (\w+)(?: on delete (cascade|restrict|set null))?$/.exec(term);
    if (term === 'primary key') primaryKey = true;
    else if (term === 'nullable') nullable = true;
    else if (term === 'required') nullable = false;
    else if (term === 'unique') unique = true;
    else if (term === 'indexed') indexed = true;
    else if (term.startsWith('default ')) stored = { value: ruleValue(term.slice('default '.length)) };
    else if (term.startsWith('backfill ')) backfill = ruleValue(term.slice('backfill '.length));
    else if (references !== null) {
      const parent = schema[references[1]!];
      if (parent === undefined) throw new VerificationError(`"${term}": the migrations have made no model ${references[1]} so far.`);
      reference = { parent: parent.name, onDelete: ON_DELETE[references[2] ?? 'restrict']! };
      kind = parent.fields[parent.primaryKey[0]!]!.kind;
    } else {
      throw new VerificationError(
        `"${term}" is not a field rule. Rules: primary key, nullable, required, unique, indexed, default <value>, backfill <value>, ` +
          `references <Model> [on delete cascade|restrict|set null].`,
      );
    }
  }
  if (!KINDS.includes(kind)) throw new VerificationError(`"${kindText}" is not a field kind: ${KINDS.join(', ')}.`);
  return {
    schema: { kind, nullable, ...(stored !== undefined && { default: stored }) },
    primaryKey,
    unique,
    indexed,
    ...(reference !== undefined && { reference }),
    ...(backfill !== undefined && { backfill }),
  };
}

/** The fields a step lists: `title`, `userId and title`, `userId, title`. */
function fieldList(text: string): string[] {
  return text
    .split(/,| and /)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** The migrations a scenario's steps can apply, each one operation. */
export const migrationSteps = {
  /** A model from a horizontal table: `field`, `kind` and, optionally, `rules`. */
  createModel(model: string, cells: readonly (readonly string[])[]): MigrationStep {
    return {
      description: `create the model ${model}`,
      operation: (schema) => {
        const [header = [], ...rows] = cells;
        if (!header.includes('field') || !header.includes('kind') || header.some((c) => !['field', 'kind', 'rules'].includes(c))) {
          throw new VerificationError(`A model's table has the columns field, kind and rules; it has ${header.join(', ')}.`);
        }
        const cell = (row: readonly string[], column: string): string => row[header.indexOf(column)] ?? '';
        const fields: Record<string, FieldSchema> = {};
        const created: ModelSchema = { name: model, database: 'default', fields, primaryKey: [], unique: [], indexes: [], references: [] };
        const primaryKey: string[] = [];
        const unique: string[][] = [];
        const indexes: string[][] = [];
        const references: { field: string; parent: string; onDelete: OnDelete }[] = [];
        for (const row of rows) {
          const name = cell(row, 'field');
          const rules = parseRules(cell(row, 'kind'), cell(row, 'rules'), schema);
          fields[name] = rules.schema;
          if (rules.primaryKey) primaryKey.push(name);
          if (rules.unique) unique.push([name]);
          if (rules.indexed) indexes.push([name]);
          if (rules.reference) references.push({ field: name, ...rules.reference });
        }
        return { op: 'createModel', model: { ...created, primaryKey, unique, indexes, references } };
      },
    };
  },
  dropModel: (model: string): MigrationStep => ({ description: `drop the model ${model}`, operation: () => ({ op: 'dropModel', model }) }),
  /** `kindAndRules`: the kind first, then rules (`integer, required, default 3`; `string, backfill "nobody"`). */
  addField(model: string, field: string, kindAndRules: string): MigrationStep {
    const [kind = '', ...rules] = kindAndRules.split(',');
    return {
      description: `add the field ${model}.${field}`,
      operation: (schema) => {
        const parsed = parseRules(kind, rules.join(','), schema);
        return {
          op: 'addField',
          model,
          field,
          schema: parsed.schema,
          ...(parsed.backfill !== undefined && { backfill: parsed.backfill }),
        };
      },
    };
  },
  dropField: (model: string, field: string): MigrationStep => ({
    description: `drop the field ${model}.${field}`,
    operation: () => ({ op: 'dropField', model, field }),
  }),
  renameField: (model: string, from: string, to: string): MigrationStep => ({
    description: `rename ${model}.${from} to ${to}`,
    operation: () => ({ op: 'renameField', model, from, to }),
  }),
  setNullable: (model: string, field: string, nullable: boolean): MigrationStep => ({
    description: `make ${model}.${field} ${nullable ? 'nullable' : 'required'}`,
    operation: () => ({ op: 'alterField', model, field, nullable }),
  }),
  setDefault: (model: string, field: string, value: string | undefined): MigrationStep => ({
    description: value === undefined ? `drop the default of ${model}.${field}` : `set the default of ${model}.${field} to ${value}`,
    operation: () => ({ op: 'alterField', model, field, default: value === undefined ? null : { value: ruleValue(value) } }),
  }),
  group: (op: 'addIndex' | 'dropIndex' | 'addUnique' | 'dropUnique', model: string, fields: string): MigrationStep => ({
    description: `${op.startsWith('add') ? 'add' : 'drop'} the ${op.endsWith('Index') ? 'index' : 'unique constraint'} of ${model} on ${fields}`,
    operation: () => ({ op, model, fields: fieldList(fields) }),
  }),
  addReference: (model: string, field: string, parent: string, onDelete: string): MigrationStep => ({
    description: `make ${model}.${field} a reference to ${parent}`,
    operation: () => {
      const rule = ON_DELETE[onDelete];
      if (rule === undefined) throw new VerificationError(`"${onDelete}" is not a delete rule: cascade, restrict or set null.`);
      return { op: 'addReference', model, reference: { field, parent, onDelete: rule } };
    },
  }),
  dropReference: (model: string, field: string): MigrationStep => ({
    description: `drop the reference ${model}.${field}`,
    operation: () => ({ op: 'dropReference', model, field }),
  }),
};

/** The scenario's own migrations on one store, and the models of the schema they built so far. */
export class ScenarioSchema {
  private schema: Schema = {};
  /** The models the migrations dropped, as they were: their tables must be gone. */
  private dropped: Record<string, ModelSchema> = {};
  private applied: NamedMigration[] = [];
  private models = new Map<string, AnyModel>();
  private opened: ScenarioMigrations | undefined;

  constructor(
    private readonly driver: Driver,
    private readonly choice: () => StoreChoice,
  ) {}

  /** The model of that name (or its plural) in the schema so far, if the migrations made one. */
  model(word: string): AnyModel | undefined {
    return this.models.get(word) ?? [...this.models.values()].find((model) => pluralize.plural(model.name) === word);
  }

  /**
   * Applies one more migration (`0003_add_the_field_note_priority`), which the store refuses or
   * applies whole: a refusal is thrown as the migration's own error, and nothing changes here.
   */
  async apply(step: MigrationStep): Promise<void> {
    const migrations = await this.migrations();
    const operation = step.operation(this.schema);
    const name = `${String(this.applied.length + 1).padStart(4, '0')}_${step.description
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')}`;
    const next = [...this.applied, { name, migration: { operations: [operation] } }];
    const ran = await migrate({ target: migrations.target, migrations: next });
    if (ran.join() !== name)
      throw new VerificationError(`Expected umzug to apply exactly ${name}, but it applied ${ran.join(', ') || 'nothing'}.`);
    this.applied = next;
    if (operation.op === 'dropModel') this.dropped[operation.model] = this.schema[operation.model]!;
    if (operation.op === 'createModel') delete this.dropped[operation.model.name];
    this.schema = applyOperations(this.schema, [operation]);
    this.models = modelsOfSchema(this.schema);
    await migrations.use([...this.models.values()]);
  }

  /** Checks that the store holds exactly what the migrations built (as far as its engine can tell). */
  async expectSchemaAsBuilt(): Promise<void> {
    const migrations = await this.migrations();
    const differences = await driftOf(migrations.target, this.schema);
    const left = Object.keys((await migrations.target.read(this.dropped)).schema);
    differences.push(...left.map((model) => `${model}: dropped by the migrations, but its table is still in the database`));
    if (differences.length > 0) {
      throw new VerificationError(
        `The ${this.driver.name} store does not hold what the migrations built:\n${differences.map((line) => `  - ${line}`).join('\n')}`,
      );
    }
  }

  /** The names umzug records as applied in the store. */
  async recorded(): Promise<string[]> {
    const migrations = await this.migrations();
    return [...(await migrations.target.storage().executed({ context: {} }))];
  }

  private async migrations(): Promise<ScenarioMigrations> {
    if (this.opened !== undefined) return this.opened;
    if (this.driver.scenarioMigrations === undefined) {
      throw new VerificationError(
        `The ${this.driver.name} driver cannot apply a scenario's own migrations (it has no scenarioMigrations).`,
      );
    }
    this.opened = await this.driver.scenarioMigrations(this.choice());
    return this.opened;
  }
}

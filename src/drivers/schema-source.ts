/*
 * A store's schema at start (issue 14), the same for every driver: `sync` as always, or the
 * migrations applied through the store's migration target, or a template another tool built
 * (copied by the driver before this runs). Then, for migrations and templates, before the first
 * scenario: what the migrations build and what the store holds are both compared with what the
 * models need, and any difference stops the run once, naming each.
 */
import { checkDrift, SchemaDriftError } from '../migrations/drift';
import { migrate, schemasBefore, type NamedMigration } from '../migrations/runner';
import { MigrationError, schemaDifferences, schemaOf, type MigrationOperation } from '../migrations/schema';
import { ALL_ASPECTS, type MigrationTarget } from '../migrations/target';
import { DEFAULT_DATABASE, type Database } from '../orm';
import type { DriverContext } from './driver';

/**
 * Refuses a template for a backend whose store is not an SQL database (a template is copied by
 * the SQL drivers when they create their database, before `prepareSchema`).
 */
export function refuseTemplate(context: DriverContext, backend: string): void {
  if (context.schema?.kind === 'template') {
    throw new Error(
      `A schema template (${context.schema.template}) is an existing SQL database or file; the ${backend} backend builds its schema with sync or migrations.`,
    );
  }
}

/** Builds the store's schema from the context's source, checks it, and syncs the models into the database (creating nothing that the check found). */
export async function prepareSchema(context: DriverContext, target: MigrationTarget, database: Database): Promise<void> {
  const source = context.schema ?? { kind: 'sync' };
  if (source.kind === 'sync') {
    await database.sync(...context.models);
    return;
  }
  const alias = context.store?.alias ?? DEFAULT_DATABASE;
  const store = context.store === undefined ? `the ${target.backend} store` : `the ${target.backend} store of ${storeLabel(context)}`;
  const expected = schemaOf(context.models);
  if (source.kind === 'migrations') {
    const migrations = migrationsFor(alias, source.migrations);
    await migrate({ target, migrations });
    // The store read back; what its engine cannot tell (DynamoDB: unique constraints, references,
    // fields) is checked in what the migration files build; every difference is named at once.
    const stored = await target.read(expected);
    const differences = schemaDifferences(expected, stored.schema, stored.sees);
    const unseen = new Set([...ALL_ASPECTS].filter((aspect) => !stored.sees.has(aspect)));
    const written = unseen.size === 0 ? [] : schemaDifferences(expected, schemasBefore(migrations).at(-1)!, unseen, 'the migrations');
    const files = `the migrations in ${source.folder} (for ${alias})`;
    if (differences.length > 0 || written.length > 0) {
      const where = written.length === 0 ? store : differences.length === 0 ? files : `${store} and ${files}`;
      throw new SchemaDriftError(where, [...differences, ...written], DRIFT_HINT);
    }
  } else {
    await checkDrift(
      target,
      expected,
      `${store} (copied from ${source.template})`,
      `No scenario ran. The template ${source.template} is not what the models need: bring it up to date with your migration tool, or change the models.`,
    );
  }
  // Registers the models with the backend; every table exists (the check said so), so nothing is created.
  await database.sync(...context.models);
}

const DRIFT_HINT =
  'No scenario ran. Write a migration for each difference (parity migrations make <name> writes it from the models), then run again.';

function storeLabel(context: DriverContext): string {
  const { alias, tenant } = context.store!;
  return tenant === undefined ? alias : `${alias}@${tenant}`;
}

/**
 * The migrations as one alias's store applies them: every migration (so that the record of
 * applied ones is the same in every store), each with only the operations on that alias's models.
 */
export function migrationsFor(alias: string, migrations: readonly NamedMigration[]): NamedMigration[] {
  const aliasOf = new Map<string, string>();
  return migrations.map(({ name, migration }) => {
    const operations = migration.operations.filter((operation: MigrationOperation) => {
      if (operation.op === 'createModel') aliasOf.set(operation.model.name, operation.model.database);
      const model = operation.op === 'createModel' ? operation.model.name : operation.model;
      return (aliasOf.get(model) ?? DEFAULT_DATABASE) === alias;
    });
    return { name, migration: { operations } };
  });
}

/** Where a `@schema-changes` scenario's migrations are recorded, in its store: a table (or the in-memory record) of its own. */
export const SCENARIO_MIGRATIONS = 'parity_scenario_migrations';

/**
 * The tables a `@schema-changes` scenario's migrations create, for its driver to drop when it
 * ends. Its migrations may not create a model the run uses: those tables are the run's.
 */
export class ScenarioTables {
  private readonly made: string[] = [];

  constructor(private readonly runModels: readonly { readonly name: string }[]) {}

  /** The tables created, in order. */
  created(): string[] {
    return [...this.made];
  }

  /** The target, noting each model its migrations create (before creating it). */
  watch(target: MigrationTarget): MigrationTarget {
    return {
      backend: target.backend,
      storage: () => target.storage(),
      read: (expected) => target.read(expected),
      apply: async (schema, operations) => {
        for (const operation of operations) {
          if (operation.op !== 'createModel') continue;
          const name = operation.model.name;
          if (this.runModels.some((model) => model.name === name)) {
            throw new MigrationError(
              `createModel ${name}: the run's models already have a ${name}, whose table a scenario's migrations may not touch: name the scenario's model otherwise.`,
            );
          }
          if (!this.made.includes(name)) this.made.push(name);
        }
        await target.apply(schema, operations);
      },
    };
  }
}

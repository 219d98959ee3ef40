/*
 * Runs migrations on one store through umzug (issue 14): umzug keeps what ran in the target's
 * storage (Sequelize's table on SQL, a table of our own on DynamoDB, memory for in-memory) and
 * runs what did not, in order; each migration's `up` has the target apply its operations.
 */
import { Umzug } from 'umzug';
import { loadMigrations, type Migration } from './files';
import { MigrationError, replayMigrations, type Schema } from './schema';
import type { MigrationTarget } from './target';

/** A migration by name, as the folder's files give them. */
export interface NamedMigration {
  readonly name: string;
  readonly migration: Migration;
}

/** What to migrate and how. */
export interface MigrateOptions {
  /** The store (`sqlTarget(sequelize)`, `dynamoDbTarget(…)`, `inMemoryTarget(backend)`). */
  readonly target: MigrationTarget;
  /** The folder of migration files (loaded with `loadMigrations`), or the migrations themselves, in order. */
  readonly folder?: string;
  readonly migrations?: readonly NamedMigration[];
}

/** Applies the migrations not applied yet, in order, and returns their names (none when the store is up to date). */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const { target } = options;
  const migrations = await given(options);
  const before = schemasBefore(migrations);
  const umzug = new Umzug({
    migrations: migrations.map(({ name, migration }, i) => ({
      name,
      up: async () => {
        try {
          await target.apply(before[i]!, migration.operations);
        } catch (error) {
          throw new MigrationError(`Migration ${name} was not applied on ${target.backend}: ${(error as Error).message}`, { cause: error });
        }
      },
    })),
    context: {},
    storage: target.storage(),
    logger: undefined,
  });
  try {
    return (await umzug.up()).map((applied) => applied.name);
  } catch (error) {
    // umzug wraps what a migration threw; the migration's own error says what to do.
    const cause = (error as { cause?: unknown }).cause;
    throw cause instanceof MigrationError ? cause : error;
  }
}

/** The schema each migration starts from: what all the earlier ones build, applied or not (they are data); last, what they all build. */
export function schemasBefore(migrations: readonly NamedMigration[]): Schema[] {
  return replayMigrations(migrations.map(({ name, migration }) => ({ label: `Migration ${name}`, operations: migration.operations })));
}

async function given(options: MigrateOptions): Promise<NamedMigration[]> {
  if (options.migrations !== undefined) return [...options.migrations];
  if (options.folder !== undefined)
    return (await loadMigrations(options.folder)).map(({ file, migration }) => ({ name: file.name, migration }));
  throw new MigrationError('migrate needs the migrations: give `folder` (where the migration files are) or `migrations`.');
}

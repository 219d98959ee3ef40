/*
 * Runs migrations on an SQL database through umzug (issue 14): umzug keeps what ran in Sequelize's
 * table (SequelizeStorage, `SequelizeMeta` by default) and runs what did not, in order; each
 * migration's `up` applies its operations with the SQL editor, in one transaction. PostgreSQL's DDL
 * is transactional, so a migration that fails leaves nothing behind; so is SQLite's, with foreign
 * key enforcement turned off around the transaction (it cannot change inside one) so that rebuilding
 * a parent table leaves its children's rows alone, and the keys checked before the commit.
 */
import type * as SequelizeModule from 'sequelize';
import type { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { loadPeer } from '../peers';
import { loadMigrations, type Migration } from './files';
import { applyOperations, MigrationError, type Schema } from './schema';
import { applySqlOperations } from './sql-editor';

const { QueryTypes } = loadPeer<typeof SequelizeModule>('sequelize', 'The SQL migrations (parity migrations)');

/** What to migrate and how. */
export interface MigrateOptions {
  readonly sequelize: Sequelize;
  /** The folder of migration files (loaded with `loadMigrations`), or the migrations themselves, in order. */
  readonly folder?: string;
  readonly migrations?: readonly { readonly name: string; readonly migration: Migration }[];
  /** The table a model (by name) is stored in, as given to the Sequelize backend; default: the model's name. */
  readonly tableName?: (model: string) => string;
  /** umzug's table of applied migrations; default: `SequelizeMeta`. */
  readonly storageTable?: string;
}

/** Applies the migrations not applied yet, in order, and returns their names (none when the database is up to date). */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const { sequelize } = options;
  const migrations = await given(options);
  // Each migration starts from the schema all the earlier ones build, applied or not: they are data.
  const before: Schema[] = [];
  let schema: Schema = {};
  for (const { name, migration } of migrations) {
    before.push(schema);
    try {
      schema = applyOperations(schema, migration.operations);
    } catch (error) {
      throw new MigrationError(`Migration ${name}: ${(error as Error).message}`, { cause: error });
    }
  }
  const umzug = new Umzug({
    migrations: migrations.map(({ name, migration }, i) => ({
      name,
      up: async () => {
        try {
          await inTransaction(sequelize, (transaction) =>
            applySqlOperations(sequelize, before[i]!, migration.operations, {
              ...(options.tableName && { tableName: options.tableName }),
              ...(transaction && { transaction }),
            }),
          );
        } catch (error) {
          throw new MigrationError(`Migration ${name} was not applied: ${(error as Error).message}`, { cause: error });
        }
      },
    })),
    context: {},
    storage: new SequelizeStorage({ sequelize, ...(options.storageTable !== undefined && { tableName: options.storageTable }) }),
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

async function given(options: MigrateOptions): Promise<{ name: string; migration: Migration }[]> {
  if (options.migrations !== undefined) return [...options.migrations];
  if (options.folder !== undefined)
    return (await loadMigrations(options.folder)).map(({ file, migration }) => ({ name: file.name, migration }));
  throw new MigrationError('migrate needs the migrations: give `folder` (where the migration files are) or `migrations`.');
}

/**
 * Runs `work` in one transaction. On SQLite it is BEGIN/COMMIT on the connection itself, with
 * foreign keys off meanwhile, then checked before the commit, and restored as they were.
 */
async function inTransaction(
  sequelize: Sequelize,
  work: (transaction: SequelizeModule.Transaction | undefined) => Promise<unknown>,
): Promise<void> {
  if (sequelize.getDialect() !== 'sqlite') {
    await sequelize.transaction(async (transaction) => work(transaction));
    return;
  }
  const [state] = await sequelize.query<{ foreign_keys: number }>('PRAGMA foreign_keys', { type: QueryTypes.SELECT });
  await sequelize.query('PRAGMA foreign_keys = OFF');
  try {
    await sequelize.query('BEGIN');
    try {
      await work(undefined);
      const broken = await sequelize.query<{ table: string; parent: string }>('PRAGMA foreign_key_check', { type: QueryTypes.SELECT });
      if (broken.length > 0) {
        const first = broken[0]!;
        throw new MigrationError(
          `the migration leaves ${broken.length} record(s) of ${first.table} referencing a missing ${first.parent}: ` +
            `fix or delete them in an earlier migration.`,
        );
      }
      await sequelize.query('COMMIT');
    } catch (error) {
      await sequelize.query('ROLLBACK');
      throw error;
    }
  } finally {
    if (state?.foreign_keys === 1) await sequelize.query('PRAGMA foreign_keys = ON');
  }
}

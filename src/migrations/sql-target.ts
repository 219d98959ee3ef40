/*
 * The migration target of an SQL store (SQLite, PostgreSQL) through Sequelize: operations applied
 * by the SQL editor in one transaction per migration, umzug's record of them in Sequelize's own
 * table (SequelizeStorage, `SequelizeMeta` by default), the schema read back from the catalogs.
 * PostgreSQL's DDL is transactional, so a migration that fails leaves nothing behind; so is
 * SQLite's, with foreign key enforcement turned off around the transaction (it cannot change
 * inside one) so that rebuilding a parent table leaves its children's rows alone, and the keys
 * checked before the commit.
 */
import type * as SequelizeModule from 'sequelize';
import type { Sequelize } from 'sequelize';
import { SequelizeStorage } from 'umzug';
import { loadPeer } from '../peers';
import { MigrationError } from './schema';
import { readSqlSchema } from './sql-catalog';
import { applySqlOperations } from './sql-editor';
import { ALL_ASPECTS, type MigrationTarget } from './target';

const { QueryTypes } = loadPeer<typeof SequelizeModule>('sequelize', 'The SQL migrations (parity migrations)');

/** Where an SQL store's tables are: as the Sequelize backend was given them. */
export interface SqlTargetOptions {
  /** The table a model (by name) is stored in; default: the model's name, as the backend's default. */
  readonly tableName?: (model: string) => string;
  /** umzug's table of applied migrations; default: `SequelizeMeta`. */
  readonly storageTable?: string;
}

/** The migration target of the database a Sequelize connection opens. */
export function sqlTarget(sequelize: Sequelize, options: SqlTargetOptions = {}): MigrationTarget {
  const tableName = options.tableName;
  return {
    backend: sequelize.getDialect(),
    async apply(schema, operations) {
      await inTransaction(sequelize, (transaction) =>
        applySqlOperations(sequelize, schema, operations, { ...(tableName && { tableName }), ...(transaction && { transaction }) }),
      );
    },
    // Sequelize keeps one model per name: another table needs another model name, or umzug would reuse SequelizeMeta's.
    storage: () =>
      new SequelizeStorage({
        sequelize,
        ...(options.storageTable !== undefined && { tableName: options.storageTable, modelName: options.storageTable }),
      }),
    async read(expected) {
      const schema = await readSqlSchema(sequelize, expected, { ...(tableName && { tableName: (model) => tableName(model.name) }) });
      return { schema, sees: ALL_ASPECTS };
    },
  };
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

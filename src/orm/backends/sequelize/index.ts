import type { Sequelize } from 'sequelize';
import { SequelizeBackend, type SequelizeBackendOptions } from './sequelize-backend';

export { SequelizeBackend, type SequelizeBackendOptions };
export { postgresDialect, sqliteDialect, type SqlDialect } from './dialects';

/** Creates a backend over a Sequelize instance whose dialect is `sqlite` or `postgres`. */
export function createSequelizeBackend(sequelize: Sequelize, options?: SequelizeBackendOptions): SequelizeBackend {
  return new SequelizeBackend(sequelize, options);
}
export { sqlTarget, type SqlTargetOptions } from '../../../migrations/sql-target';
export { readSqlSchema } from '../../../migrations/sql-catalog';

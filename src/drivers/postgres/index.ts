import type { DriverFactory } from '../driver';
import { PostgresDriver } from './postgres-driver';

export { startPostgresEngine, POSTGRES_IMAGE } from './engine';

/** Makes the PostgreSQL driver. */
export const createPostgresDriver: DriverFactory = () => new PostgresDriver();

import type { DriverFactory } from '../driver';
import { SqliteDriver } from './sqlite-driver';

/** Makes the SQLite driver. */
export const createSqliteDriver: DriverFactory = () => new SqliteDriver();

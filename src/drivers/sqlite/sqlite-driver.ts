import type * as SequelizeModule from 'sequelize';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { Capability } from '../../orm';
import type { DriverContext } from '../driver';
import { registerCleanup } from '../cleanup';
import { loadPeer } from '../../peers';
import { SqlDriver } from '../sql/sql-driver';

/**
 * SQLite through Sequelize: an in-memory database per worker, or with PARITY_SQLITE_FILE a file
 * the driver creates (one per worker) and deletes at the end; it never opens a file it did not create.
 */
export class SqliteDriver extends SqlDriver {
  readonly name = 'sqlite';
  private file: string | undefined;
  private unregisterFile: (() => void) | undefined;

  protected async connect(context: DriverContext): Promise<Sequelize> {
    const requested = process.env.PARITY_SQLITE_FILE;
    if (requested) {
      const { dir, name, ext } = path.parse(path.resolve(requested));
      const file = path.join(dir, `${name}${context.workerId === '0' ? '' : `-worker${context.workerId}`}${ext}`);
      if (existsSync(file)) {
        throw new Error(
          `PARITY_SQLITE_FILE names ${file}, which already exists. The framework only uses SQLite files it creates itself ` +
            `(and deletes them afterwards): remove the file or name a new one.`,
        );
      }
      this.file = file;
      // Ctrl-C or SIGTERM mid-run removes it too.
      this.unregisterFile = registerCleanup({
        name: `the SQLite file ${file}`,
        stop: async () => removeDatabaseFile(file),
        kill: () => removeDatabaseFile(file),
      });
    }
    const { Sequelize } = loadPeer<typeof SequelizeModule>('sequelize', 'The sqlite backend');
    const dialectModule = loadPeer<object>('sqlite3', 'The sqlite backend');
    const sequelize = new Sequelize({ dialect: 'sqlite', dialectModule, storage: this.file ?? ':memory:', logging: false });
    await sequelize.authenticate();
    return sequelize;
  }

  protected async disconnect(): Promise<void> {
    this.unregisterFile?.();
    this.unregisterFile = undefined;
    if (this.file !== undefined) removeDatabaseFile(this.file);
    this.file = undefined;
  }

  protected engineCapabilities(): Capability[] {
    return this.file === undefined && !process.env.PARITY_SQLITE_FILE ? ['large-items'] : ['persistence', 'large-items'];
  }

  protected emptyTable(table: string): string {
    return `DELETE FROM ${table}`;
  }
}

/** Removes a database file the driver created, with the journal SQLite keeps beside it during a transaction. */
function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

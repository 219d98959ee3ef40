import type * as SequelizeModule from 'sequelize';
import { constants, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
 * With a schema template (PARITY_SCHEMA_TEMPLATE, an SQLite file another tool built), each worker
 * works on a copy of it (in PARITY_SQLITE_FILE's place, else in a temporary folder): the template is only read.
 */
export class SqliteDriver extends SqlDriver {
  readonly name = 'sqlite';
  private file: string | undefined;
  /** The folder of a template's copy, when the driver made one. */
  private folder: string | undefined;
  private unregisterFile: (() => void) | undefined;

  protected async connect(context: DriverContext): Promise<Sequelize> {
    const requested = process.env.PARITY_SQLITE_FILE;
    const template = context.schema?.kind === 'template' ? path.resolve(context.schema.template) : undefined;
    if (template !== undefined && !existsSync(template)) {
      throw new Error(
        `PARITY_SCHEMA_TEMPLATE names the SQLite file ${template}, which does not exist: name the file your migration tool built.`,
      );
    }
    if (template !== undefined && !requested) {
      // A copy of the template, in a folder of the driver's own: the template itself is only read.
      this.folder = mkdtempSync(path.join(tmpdir(), 'parity-sqlite-'));
      this.file = path.join(this.folder, `worker${context.workerId}.sqlite`);
      const folder = this.folder;
      this.unregisterFile = registerCleanup({
        name: `the SQLite copy of ${template}`,
        stop: async () => rmSync(folder, { recursive: true, force: true }),
        kill: () => rmSync(folder, { recursive: true, force: true }),
      });
    } else if (requested) {
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
    if (template !== undefined) copyFileSync(template, this.file!, constants.COPYFILE_EXCL);
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
    if (this.folder !== undefined) rmSync(this.folder, { recursive: true, force: true });
    this.file = undefined;
    this.folder = undefined;
  }

  protected engineCapabilities(): Capability[] {
    return this.file === undefined && !process.env.PARITY_SQLITE_FILE
      ? ['large-items', 'migrations', 'migrate-key-fields']
      : ['persistence', 'large-items', 'migrations', 'migrate-key-fields'];
  }

  protected emptyTable(table: string): string {
    return `DELETE FROM ${table}`;
  }
}

/** Removes a database file the driver created, with the journal SQLite keeps beside it during a transaction. */
function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

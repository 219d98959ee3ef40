import type * as SequelizeModule from 'sequelize';
import { createHash, randomBytes } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import type { Capability } from '../../orm';
import { registerCleanup } from '../cleanup';
import type { DriverContext, StartedEngine } from '../driver';
import { loadPeer } from '../../peers';
import { SqlDriver } from '../sql/sql-driver';
import { CONNECT_TIMEOUT_VARIABLE, engineTimeouts } from '../timeouts';
import { redact, startPostgresEngine } from './engine';

/**
 * PostgreSQL through Sequelize. Each worker creates its own database (`parity_test_<run>_w<worker>`)
 * on the server PARITY_POSTGRES_URL names, or on one it starts itself, and drops it at the end.
 * It never writes to, empties or drops a database it did not create.
 */
export class PostgresDriver extends SqlDriver {
  readonly name = 'postgres';
  private engine: StartedEngine | undefined;
  private admin: Sequelize | undefined;
  private databaseName: string | undefined;
  private unregisterDatabase: (() => void) | undefined;

  protected async connect(context: DriverContext): Promise<Sequelize> {
    const { Sequelize } = loadPeer<typeof SequelizeModule>('sequelize', 'The postgres backend');
    const dialectModule = loadPeer<object>('pg', 'The postgres backend');
    // A server shared by the run's stores; else the URL given; else this worker starts (and later stops) its own.
    const shared = context.engine?.env.PARITY_POSTGRES_URL;
    if (!shared && !process.env.PARITY_POSTGRES_URL) this.engine = await startPostgresEngine();
    const url = shared || process.env.PARITY_POSTGRES_URL || (this.engine?.env.PARITY_POSTGRES_URL as string);
    const timeouts = engineTimeouts();
    // Without these, a server that accepts connections but never answers hangs the run (pg waits forever).
    const options = {
      dialect: 'postgres' as const,
      dialectModule,
      logging: false,
      dialectOptions: { connectionTimeoutMillis: timeouts.connectMs, query_timeout: timeouts.requestMs },
    };
    this.admin = new Sequelize(url, { ...options, pool: { max: 1 } });
    try {
      await this.admin.authenticate();
    } catch (error) {
      throw new Error(
        `Cannot connect to PostgreSQL at ${redact(url)} within ${timeouts.connectMs / 1000} s: ${(error as Error).message}. ` +
          `Check that ${this.engine?.description ?? context.engine?.description ?? 'the server PARITY_POSTGRES_URL names'} runs and answers ` +
          `(${CONNECT_TIMEOUT_VARIABLE} gives a slow one more seconds).`,
        { cause: error },
      );
    }
    // PARITY_RUN_ID names the run (lower-case letters, digits and _), so a tool can find what it made.
    const run = (process.env.PARITY_RUN_ID ?? `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`)
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_');
    const database = databaseName(`parity_test_${run}_w${context.workerId.replace(/\W/g, '')}`);
    await this.admin.query(`CREATE DATABASE "${database}" TEMPLATE template0 ENCODING 'UTF8'`);
    this.databaseName = database;
    // Ctrl-C or SIGTERM mid-run drops it too (registered only once created: never drop another's database).
    this.unregisterDatabase = registerCleanup({ name: `the database ${database} on ${redact(url)}`, stop: () => this.dropDatabase() });
    const target = new URL(url);
    target.pathname = `/${database}`;
    const sequelize = new Sequelize(target.toString(), { ...options, pool: { max: 2 } });
    await sequelize.authenticate();
    return sequelize;
  }

  protected async disconnect(): Promise<void> {
    try {
      await this.dropDatabase();
    } finally {
      await this.admin?.close().catch(() => undefined);
      this.admin = undefined;
      await this.engine?.stop();
      this.engine = undefined;
    }
  }

  /** Drops the database this worker created, once (FORCE ends the connections still open on it). */
  private async dropDatabase(): Promise<void> {
    const database = this.databaseName;
    this.databaseName = undefined;
    this.unregisterDatabase?.();
    this.unregisterDatabase = undefined;
    if (database !== undefined) await this.admin?.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }

  protected engineCapabilities(): Capability[] {
    return ['persistence', 'large-items'];
  }

  protected emptyTable(table: string): string {
    return `TRUNCATE ${table} CASCADE`; // a table that foreign keys refer to can only be truncated with them
  }
}

/** PostgreSQL keeps 63 bytes of a name: a longer one is shortened, keeping it unique with a hash of the whole. */
function databaseName(name: string): string {
  if (name.length <= 63) return name;
  return `${name.slice(0, 50)}_${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

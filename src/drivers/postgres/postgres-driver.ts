import type * as SequelizeModule from 'sequelize';
import { createHash, randomBytes } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { migrate, type NamedMigration } from '../../migrations/runner';
import { sqlTarget } from '../../migrations/sql-target';
import { DEFAULT_DATABASE, type Capability } from '../../orm';
import { migrationsFor } from '../schema-source';
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
  /** The migrations' template databases this driver made. */
  private readonly templates: string[] = [];
  private unregisterTemplates: (() => void) | undefined;

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
    await this.createDatabase(database, context, url, options);
    this.databaseName = database;
    // Ctrl-C or SIGTERM mid-run drops it too (registered only once created: never drop another's database).
    this.unregisterDatabase = registerCleanup({ name: `the database ${database} on ${redact(url)}`, stop: () => this.dropDatabase() });
    const target = new URL(url);
    target.pathname = `/${database}`;
    const sequelize = new Sequelize(target.toString(), { ...options, pool: { max: 2 } });
    await sequelize.authenticate();
    return sequelize;
  }

  /**
   * Creates the worker's database: empty (from template0), or copied from the migrations'
   * template database (made by the first store that needs it, under a lock), or from the
   * template database the run names (read, never written).
   */
  private async createDatabase(
    database: string,
    context: DriverContext,
    url: string,
    options: ConstructorParameters<typeof SequelizeModule.Sequelize>[1],
  ): Promise<void> {
    const admin = this.admin!;
    const source = context.schema;
    if (source?.kind === 'template') {
      const template = templateDatabase(source.template, url);
      await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template.replace(/"/g, '""')}"`).catch((error: unknown) => {
        throw new Error(
          `Could not copy the template database ${template} (PARITY_SCHEMA_TEMPLATE) on ${redact(url)}: ${(error as Error).message}. ` +
            'It must exist on the same server, and no one else may be connected to it while it is copied.',
          { cause: error },
        );
      });
      return;
    }
    if (source?.kind !== 'migrations' || !postgresTemplates()) {
      await admin.query(`CREATE DATABASE "${database}" TEMPLATE template0 ENCODING 'UTF8'`);
      return;
    }
    const alias = context.store?.alias ?? DEFAULT_DATABASE;
    const migrations = migrationsFor(alias, source.migrations);
    const template = databaseName(`parity_test_tmpl_${createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 16)}`);
    // One store at a time, across the run's processes: the first makes the template, the others copy it.
    const lock = templateLock(template);
    await admin.query(`SELECT pg_advisory_lock(${lock})`);
    try {
      const [found] = await admin.query(`SELECT 1 FROM pg_database WHERE datname = '${template}'`);
      if ((found as unknown[]).length === 0) await this.makeTemplate(template, migrations, url, options);
      await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(${lock})`);
    }
  }

  /** Makes the migrations' template database: created, migrated, closed (a copy needs it unused). */
  private async makeTemplate(
    template: string,
    migrations: readonly NamedMigration[],
    url: string,
    options: ConstructorParameters<typeof SequelizeModule.Sequelize>[1],
  ): Promise<void> {
    const { Sequelize } = loadPeer<typeof SequelizeModule>('sequelize', 'The postgres backend');
    await this.admin!.query(`CREATE DATABASE "${template}" TEMPLATE template0 ENCODING 'UTF8'`);
    this.templates.push(template);
    this.unregisterTemplates ??= registerCleanup({ name: `the template databases on ${redact(url)}`, stop: () => this.dropTemplates() });
    const target = new URL(url);
    target.pathname = `/${template}`;
    const sequelize = new Sequelize(target.toString(), { ...options, pool: { max: 1 } });
    try {
      await migrate({ target: sqlTarget(sequelize), migrations });
    } finally {
      await sequelize.close();
    }
  }

  /** Drops the template databases this driver made (a store opened later makes its own again, under the lock). */
  private async dropTemplates(): Promise<void> {
    const templates = this.templates.splice(0);
    this.unregisterTemplates?.();
    this.unregisterTemplates = undefined;
    // Under the template's lock: another store (of this run or another) may have found it and be about to copy it.
    for (const template of templates) {
      const lock = templateLock(template);
      await this.admin?.query(`SELECT pg_advisory_lock(${lock})`);
      try {
        await this.admin?.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      } finally {
        await this.admin?.query(`SELECT pg_advisory_unlock(${lock})`);
      }
    }
  }

  protected async disconnect(): Promise<void> {
    try {
      await this.dropDatabase();
      await this.dropTemplates();
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
    return ['persistence', 'large-items', 'migrate-key-fields'];
  }

  protected emptyTable(table: string): string {
    return `TRUNCATE ${table} CASCADE`; // a table that foreign keys refer to can only be truncated with them
  }
}

/**
 * Whether a run with migrations migrates once into a template database that each store copies
 * (PARITY_POSTGRES_TEMPLATE: `on`, the default) or migrates each store's database (`off`).
 */
export function postgresTemplates(): boolean {
  const chosen = process.env.PARITY_POSTGRES_TEMPLATE ?? 'on';
  if (chosen !== 'on' && chosen !== 'off') {
    throw new Error(
      `PARITY_POSTGRES_TEMPLATE must be "on" (migrate once into a template database) or "off" (migrate each store), not ${JSON.stringify(chosen)}.`,
    );
  }
  return chosen === 'on';
}

/** The database a PARITY_SCHEMA_TEMPLATE names: a name, or a URL of a database on the run's server. */
function templateDatabase(template: string, url: string): string {
  if (!/^postgres(ql)?:\/\//.test(template)) return template;
  const named = new URL(template);
  const server = new URL(url);
  if (named.host !== server.host) {
    throw new Error(
      `PARITY_SCHEMA_TEMPLATE names a database on ${named.host}, but the run's PostgreSQL is ${server.host}: ` +
        'PostgreSQL copies a template only on its own server. Name a database on that server.',
    );
  }
  return decodeURIComponent(named.pathname.slice(1));
}

/** The advisory lock a template database is made, copied and dropped under (one number a name, the same in every process). */
function templateLock(template: string): number {
  return Number.parseInt(createHash('sha256').update(template).digest('hex').slice(0, 8), 16) | 0;
}

/** PostgreSQL keeps 63 bytes of a name: a longer one is shortened, keeping it unique with a hash of the whole. */
function databaseName(name: string): string {
  if (name.length <= 63) return name;
  return `${name.slice(0, 50)}_${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

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
    // One connection, never evicted while idle: a template's advisory lock lives as long as its session.
    this.admin = new Sequelize(url, { ...options, pool: { max: 1, min: 1 } });
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
    // (admin holds one connection: the advisory lock and the statements under it share a session.)
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
    await this.locked(template, async () => {
      const [found] = await admin.query(`SELECT 1 FROM pg_database WHERE datname = '${template}'`);
      // Whoever uses the template drops it at the end (a store opened later makes it again), so
      // that one left by a killed run goes with the next run that uses it.
      this.dropAtStop(template, url);
      if ((found as unknown[]).length === 0) await this.makeTemplate(template, migrations, url, options);
      await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
    });
  }

  /** Notes a template database to drop when this driver stops, also on Ctrl-C. */
  private dropAtStop(template: string, url: string): void {
    if (!this.templates.includes(template)) this.templates.push(template);
    this.unregisterTemplates ??= registerCleanup({ name: `the template databases on ${redact(url)}`, stop: () => this.dropTemplates() });
  }

  /** Runs `work` holding the server-wide advisory lock of a template database's name. */
  private async locked(template: string, work: () => Promise<void>): Promise<void> {
    const lock = Number.parseInt(createHash('sha256').update(template).digest('hex').slice(0, 8), 16) | 0;
    await this.admin!.query(`SELECT pg_advisory_lock(${lock})`);
    try {
      await work();
    } finally {
      await this.admin!.query(`SELECT pg_advisory_unlock(${lock})`);
    }
  }

  /**
   * Makes the migrations' template database: built under another name and renamed once migrated
   * and closed (a copy needs it unused), so that a run stopped midway never leaves a template
   * that looks complete; a half-built one such a run left is dropped first.
   */
  private async makeTemplate(
    template: string,
    migrations: readonly NamedMigration[],
    url: string,
    options: ConstructorParameters<typeof SequelizeModule.Sequelize>[1],
  ): Promise<void> {
    const { Sequelize } = loadPeer<typeof SequelizeModule>('sequelize', 'The postgres backend');
    const building = `${template}_building`;
    await this.admin!.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await this.admin!.query(`CREATE DATABASE "${building}" TEMPLATE template0 ENCODING 'UTF8'`);
    const target = new URL(url);
    target.pathname = `/${building}`;
    const sequelize = new Sequelize(target.toString(), { ...options, pool: { max: 1 } });
    try {
      await migrate({ target: sqlTarget(sequelize), migrations });
    } finally {
      await sequelize.close();
    }
    await this.admin!.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
  }

  /** Drops the template databases this driver used (and any half-built form), under their lock; a store opened later makes its own again. */
  private async dropTemplates(): Promise<void> {
    const templates = this.templates.splice(0);
    this.unregisterTemplates?.();
    this.unregisterTemplates = undefined;
    for (const template of templates) {
      await this.locked(template, async () => {
        await this.admin?.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
        await this.admin?.query(`DROP DATABASE IF EXISTS "${template}_building" WITH (FORCE)`);
      });
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
    return ['persistence', 'large-items', 'migrations', 'migrate-key-fields'];
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

/** PostgreSQL keeps 63 bytes of a name: a longer one is shortened, keeping it unique with a hash of the whole. */
function databaseName(name: string): string {
  if (name.length <= 63) return name;
  return `${name.slice(0, 50)}_${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

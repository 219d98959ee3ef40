import type { Sequelize, Transaction } from 'sequelize';
import { Database, dependencyOrder, type AnyModel, type Capability, type Row } from '../../orm';
import { SequelizeBackend } from '../../orm/backends/sequelize';
import { quote } from '../../orm/backends/sequelize/sql-compiler';
import type { DriverContext } from '../driver';
import { OrmDriver } from '../orm-driver';

/** How scenarios are kept apart on a SQL engine. */
export type SqlIsolation = 'transaction' | 'truncate';

/** The isolation chosen with PARITY_SQL_ISOLATION (default: transaction). */
export function sqlIsolation(): SqlIsolation {
  const chosen = process.env.PARITY_SQL_ISOLATION ?? 'transaction';
  if (chosen !== 'transaction' && chosen !== 'truncate') {
    throw new Error(`PARITY_SQL_ISOLATION must be "transaction" or "truncate", not ${JSON.stringify(chosen)}.`);
  }
  return chosen;
}

/**
 * What the SQLite and PostgreSQL drivers share: the Sequelize backend, and per-scenario isolation
 * either by a transaction rolled back at the end (each write in a savepoint, so an expected
 * failure does not abort it) or by emptying every table before the scenario.
 */
export abstract class SqlDriver extends OrmDriver {
  private backend: SequelizeBackend | undefined;
  private transaction: Transaction | undefined;
  private context: DriverContext | undefined;
  private readonly isolation = sqlIsolation();

  /** Opens the Sequelize connection to this worker's own, empty database. */
  protected abstract connect(context: DriverContext): Promise<Sequelize>;
  /** Releases what `connect` set up (drops the database it created, stops a server it started). */
  protected abstract disconnect(): Promise<void>;
  /** Capabilities of this engine as configured. */
  protected abstract engineCapabilities(): Capability[];
  /** SQL emptying one (quoted) table. */
  protected abstract emptyTable(table: string): string;

  get capabilities(): ReadonlySet<Capability | string> {
    return new Set(this.engineCapabilities());
  }

  async start(context: DriverContext): Promise<void> {
    this.context = context;
    const sequelize = await this.connect(context);
    this.backend = new SequelizeBackend(sequelize, { capabilities: this.engineCapabilities() });
    await new Database(this.backend, { clock: context.clock }).sync(...context.models);
  }

  async stop(): Promise<void> {
    try {
      await this.transaction?.rollback();
      await this.backend?.close();
    } finally {
      this.transaction = undefined;
      this.backend = undefined;
      this.use(undefined);
      await this.disconnect();
    }
  }

  async beginScenario(): Promise<void> {
    const { backend, context } = this.started();
    if (this.isolation === 'truncate') {
      // Children before parents, so that no foreign key refuses the emptying.
      for (const model of dependencyOrder(context.models).reverse())
        await backend.sequelize.query(this.emptyTable(quote(backend.table(model))));
      this.use(new Database(backend, { clock: context.clock }));
      return;
    }
    this.transaction = await backend.sequelize.transaction();
    this.use(new Database(backend.within(this.transaction), { clock: context.clock }));
  }

  async endScenario(): Promise<void> {
    const transaction = this.transaction;
    this.transaction = undefined;
    this.use(undefined);
    await transaction?.rollback();
  }

  async storedRows(model: AnyModel): Promise<Row[]> {
    const { backend } = this.started();
    const [rows] = await backend.sequelize.query(`SELECT ${backend.columns(model)} FROM ${quote(backend.table(model))}`, {
      transaction: this.transaction,
    });
    return (rows as Record<string, unknown>[]).map((raw) => backend.decodeRow(model, raw));
  }

  private started(): { backend: SequelizeBackend; context: DriverContext } {
    if (this.backend === undefined || this.context === undefined) throw new Error(`The ${this.name} driver has not been started.`);
    return { backend: this.backend, context: this.context };
  }
}

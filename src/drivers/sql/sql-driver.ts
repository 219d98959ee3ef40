import type { Sequelize, Transaction } from 'sequelize';
import { Database, dependencyOrder, type AnyModel, type Capability, type Row } from '../../orm';
import { SequelizeBackend } from '../../orm/backends/sequelize';
import { quote } from '../../orm/backends/sequelize/sql-compiler';
import { sqlTarget } from '../../migrations/sql-target';
import type { DriverContext, ScenarioMigrations, ScenarioScope } from '../driver';
import { OrmDriver } from '../orm-driver';
import { prepareSchema, ScenarioTables, SCENARIO_MIGRATIONS } from '../schema-source';

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
  /** Whether the run's tables hold nothing a scenario wrote outside a transaction (truncate isolation, @schema-changes). */
  private emptied = true;
  /** The tables a `@schema-changes` scenario's migrations created, dropped when it ends. */
  private scenarioTables: ScenarioTables | undefined;

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
    await prepareSchema(context, sqlTarget(sequelize), new Database(this.backend, { clock: context.clock }));
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

  async beginScenario(scope: ScenarioScope = {}): Promise<void> {
    const { backend, context } = this.started();
    if (this.isolation === 'truncate' || scope.schemaChanges === true) {
      if (!this.emptied) await this.emptyTables(); // the last scenario's end did not get to it
      this.emptied = false;
      if (scope.schemaChanges === true) this.scenarioTables = new ScenarioTables(context.models);
      this.use(new Database(backend, { clock: context.clock }));
      return;
    }
    this.transaction = await backend.sequelize.transaction();
    this.use(new Database(backend.within(this.transaction), { clock: context.clock }));
  }

  async endScenario(): Promise<void> {
    const transaction = this.transaction;
    const scenarioTables = this.scenarioTables;
    this.transaction = undefined;
    this.scenarioTables = undefined;
    this.use(undefined);
    await transaction?.rollback();
    if (scenarioTables !== undefined) {
      // What the scenario's migrations made goes, then what it wrote in the run's own tables.
      this.backend?.forget(scenarioTables.created());
      await this.dropTables([...scenarioTables.created().reverse(), SCENARIO_MIGRATIONS]);
    }
    // Emptied at the end, not the start: a store the next scenario does not touch must be empty
    // for the leak check (and a fresh store has nothing to empty).
    if (!this.emptied) {
      await this.emptyTables();
      this.emptied = true;
    }
  }

  async scenarioMigrations(): Promise<ScenarioMigrations> {
    const { backend } = this.started();
    if (this.scenarioTables === undefined)
      throw new Error(`The ${this.name} driver gives a scenario migrations of its own only when it is tagged @schema-changes.`);
    return {
      target: this.scenarioTables.watch(sqlTarget(backend.sequelize, { storageTable: SCENARIO_MIGRATIONS })),
      use: (models) => this.syncModels(models),
    };
  }

  /** Empties the run's tables, children before parents, so that no foreign key refuses the emptying. */
  private async emptyTables(): Promise<void> {
    const { backend, context } = this.started();
    for (const model of dependencyOrder(context.models).reverse())
      await backend.sequelize.query(this.emptyTable(quote(backend.table(model))));
  }

  /** Drops these tables where they exist (a scenario's own: never one of the run's models). */
  private async dropTables(tables: readonly string[]): Promise<void> {
    const { backend } = this.started();
    const sqlite = backend.sequelize.getDialect() === 'sqlite';
    // SQLite would delete a dropped parent's children row by row, and refuse it where they remain.
    if (sqlite) await backend.sequelize.query('PRAGMA foreign_keys = OFF');
    try {
      for (const table of tables) await backend.sequelize.query(`DROP TABLE IF EXISTS ${quote(table)}${sqlite ? '' : ' CASCADE'}`);
    } finally {
      if (sqlite) await backend.sequelize.query('PRAGMA foreign_keys = ON');
    }
  }

  async storedRows(model: AnyModel): Promise<Row[]> {
    const { backend } = this.started();
    // Inside the scenario's transaction, which sees its own writes; decoded by the model's field kinds.
    return (this.transaction === undefined ? backend : backend.within(this.transaction)).storedRows(model);
  }

  private started(): { backend: SequelizeBackend; context: DriverContext } {
    if (this.backend === undefined || this.context === undefined) throw new Error(`The ${this.name} driver has not been started.`);
    return { backend: this.backend, context: this.context };
  }
}

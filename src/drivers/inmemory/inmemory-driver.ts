import { Database, type AnyModel, type Capability, type Row } from '../../orm';
import { InMemoryBackend } from '../../orm/backends/inmemory';
import { forgetInMemoryRecord, inMemoryTarget } from '../../migrations/inmemory-target';
import type { DriverContext, ScenarioMigrations, ScenarioScope } from '../driver';
import { OrmDriver } from '../orm-driver';
import { prepareSchema, refuseTemplate, ScenarioTables, SCENARIO_MIGRATIONS } from '../schema-source';

/** Runs the specification on the in-memory reference backend; each scenario starts with empty tables. */
export class InMemoryDriver extends OrmDriver {
  readonly name = 'inmemory';
  private backend: InMemoryBackend | undefined;
  private models: readonly AnyModel[] = [];
  private scenarioTables: ScenarioTables | undefined;

  get capabilities(): ReadonlySet<Capability | string> {
    return this.backend?.capabilities ?? new InMemoryBackend().capabilities;
  }

  async start(context: DriverContext): Promise<void> {
    refuseTemplate(context, this.name);
    this.backend = new InMemoryBackend();
    this.models = context.models;
    const database = new Database(this.backend, { clock: context.clock });
    await prepareSchema(context, inMemoryTarget(this.backend), database);
    this.use(database);
  }

  async stop(): Promise<void> {
    await this.backend?.close();
    this.backend = undefined;
    this.use(undefined);
  }

  async beginScenario(scope: ScenarioScope = {}): Promise<void> {
    this.backend?.truncate();
    if (scope.schemaChanges === true) this.scenarioTables = new ScenarioTables(this.models);
  }

  async endScenario(): Promise<void> {
    const backend = this.backend;
    if (backend !== undefined && this.scenarioTables !== undefined) {
      for (const table of this.scenarioTables.created()) backend.dropTable(table);
      forgetInMemoryRecord(backend, SCENARIO_MIGRATIONS);
    }
    this.scenarioTables = undefined;
    backend?.truncate();
  }

  async scenarioMigrations(): Promise<ScenarioMigrations> {
    if (this.backend === undefined || this.scenarioTables === undefined)
      throw new Error('The inmemory driver gives a scenario migrations of its own only when it is tagged @schema-changes.');
    return {
      target: this.scenarioTables.watch(inMemoryTarget(this.backend, SCENARIO_MIGRATIONS)),
      use: (models) => this.syncModels(models),
    };
  }

  async storedRows(model: AnyModel): Promise<Row[]> {
    if (this.backend === undefined) throw new Error('The inmemory driver has not been started.');
    return this.backend.storedRows(model);
  }
}

import { Database, type AnyModel, type Capability, type Row } from '../../orm';
import { InMemoryBackend } from '../../orm/backends/inmemory';
import type { DriverContext } from '../driver';
import { OrmDriver } from '../orm-driver';

/** Runs the specification on the in-memory reference backend; each scenario starts with empty tables. */
export class InMemoryDriver extends OrmDriver {
  readonly name = 'inmemory';
  private backend: InMemoryBackend | undefined;

  get capabilities(): ReadonlySet<Capability | string> {
    return this.backend?.capabilities ?? new InMemoryBackend().capabilities;
  }

  async start(context: DriverContext): Promise<void> {
    this.backend = new InMemoryBackend();
    const database = new Database(this.backend, { clock: context.clock });
    await database.sync(...context.models);
    this.use(database);
  }

  async stop(): Promise<void> {
    await this.backend?.close();
    this.backend = undefined;
    this.use(undefined);
  }

  async beginScenario(): Promise<void> {
    this.backend?.truncate();
  }

  async endScenario(): Promise<void> {
    this.backend?.truncate();
  }

  async storedRows(model: AnyModel): Promise<Row[]> {
    if (this.backend === undefined) throw new Error('The inmemory driver has not been started.');
    return this.backend.storedRows(model);
  }
}

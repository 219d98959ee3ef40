import { Database, type AnyModel, type Capability, type Row } from 'parity-orm';
import { OrmDriver, type DriverContext, type DriverFactory } from 'parity-orm/testing';
import { DocStoreBackend } from './docstore-backend';

/** Runs parity-orm's specification on the docstore backend: operations go through the ORM, each scenario starts empty. */
export class DocStoreDriver extends OrmDriver {
  readonly name = 'docstore';
  private backend: DocStoreBackend | undefined;

  get capabilities(): ReadonlySet<Capability | string> {
    return (this.backend ?? new DocStoreBackend()).capabilities;
  }

  async start(context: DriverContext): Promise<void> {
    this.backend = new DocStoreBackend();
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

  /** The stored documents, parsed here rather than by the backend's read path. */
  async storedRows(model: AnyModel): Promise<Row[]> {
    if (this.backend === undefined) throw new Error('The docstore driver has not been started.');
    return this.backend.documents(model).map((document) => {
      const stored = JSON.parse(document) as Row;
      for (const [name, field] of Object.entries(model.fields)) {
        if (field.kind === 'datetime' && typeof stored[name] === 'string') stored[name] = new Date(stored[name]);
      }
      return stored;
    });
  }
}

/** Makes the docstore driver, for `registerDriver('docstore', createDocStoreDriver)`. */
export const createDocStoreDriver: DriverFactory = () => new DocStoreDriver();

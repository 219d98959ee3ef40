import type { AnyModel, Capability, Database, QueryBuilder, Row } from '../orm';
import type { Driver, DriverContext, Operation, OperationData, OperationResult, QuerySpec } from './driver';

/**
 * The part every driver shares: operations run through the ORM's public API on a `Database`.
 * A driver for a new backend extends this and supplies start/stop, isolation and raw reads.
 */
export abstract class OrmDriver implements Driver {
  abstract readonly name: string;
  abstract readonly capabilities: ReadonlySet<Capability | string>;
  private database: Database | undefined;

  abstract start(context: DriverContext): Promise<void>;
  abstract stop(): Promise<void>;
  abstract beginScenario(): Promise<void>;
  abstract endScenario(): Promise<void>;
  abstract storedRows(model: AnyModel): Promise<Row[]>;

  /** Syncs models into the database operations run on (a `@schema-changes` scenario's, as its migrations left them). */
  protected async syncModels(models: readonly AnyModel[]): Promise<void> {
    if (this.database === undefined) throw new Error(`The ${this.name} driver has not been started.`);
    await this.database.sync(...models);
  }

  /** Sets the database that operations run on (call from `start`). */
  protected use(database: Database | undefined): void {
    this.database = database;
  }

  async execute<K extends Operation['kind']>(operation: Extract<Operation, { kind: K }>): Promise<OperationResult<OperationData[K]>> {
    try {
      return (await this.run(operation as Operation)) as OperationResult<OperationData[K]>;
    } catch (error) {
      return { success: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  private async run(operation: Operation): Promise<OperationResult> {
    if (this.database === undefined) throw new Error(`The ${this.name} driver has not been started.`);
    const repository = this.database.repository(operation.model);
    switch (operation.kind) {
      case 'create':
        return record(await repository.create(operation.data));
      case 'get': {
        const found = await repository.get(operation.key, { withDeleted: operation.withDeleted === true });
        return found === undefined ? { success: true, data: undefined } : record(found);
      }
      case 'update':
        return record(await repository.update(operation.key, operation.changes));
      case 'delete':
        await repository.delete(operation.key);
        return { success: true };
      case 'upsert':
        return record(await repository.upsert(operation.data));
      case 'restore':
        return record(await repository.restore(operation.key));
      case 'forceDelete':
        await repository.forceDelete(operation.key);
        return { success: true };
      case 'query':
        return { success: true, data: await build(repository.query(), operation.query).all() };
      case 'count':
        return { success: true, data: await build(repository.query(), operation.query).count() };
      case 'exists':
        return { success: true, data: await build(repository.query(), operation.query).exists() };
      case 'page':
        return { success: true, data: await build(repository.query(), operation.query).page(operation.size, operation.cursor) };
    }
  }
}

function record(row: Row): OperationResult {
  return { success: true, data: row, instance: row };
}

function build<Q extends QueryBuilder<AnyModel>>(query: Q, spec: QuerySpec): QueryBuilder<AnyModel> {
  let built: QueryBuilder<AnyModel> = query;
  if (spec.filter !== undefined) built = built.filter(spec.filter);
  for (const lookups of spec.exclude ?? []) built = built.exclude(lookups);
  if (spec.orderBy !== undefined) built = built.orderBy(...spec.orderBy);
  if (spec.offset !== undefined) built = built.offset(spec.offset);
  if (spec.limit !== undefined) built = built.limit(spec.limit);
  if (spec.deleted === 'include') built = built.withDeleted();
  if (spec.deleted === 'only') built = built.onlyDeleted();
  return built;
}

import type { Backend, Capability } from './backends/backend';
import { systemClock, type Clock } from './clock';
import { Database } from './database';
import { currentTenant, storeName, type DatabaseLayout, type StoreAddress } from './databases';
import { DatabaseLayoutError } from './errors';
import type { AnyModel } from './model';
import type { Condition, FindSpec } from './query';
import { Repository } from './repository';
import type { Row } from './validation';

/** Options for several databases. */
export interface DatabasesOptions {
  /** The aliases (`defineDatabases`). */
  readonly layout: DatabaseLayout;
  /**
   * Opens the backend of one store: a reserved alias's (`{ alias: 'central' }`) or a tenant's
   * store of a template alias (`{ alias: 'default', tenant: 'acme' }`). Called once per store,
   * the first time it is needed, after the stores of its dependencies.
   */
  open(store: StoreAddress): Backend | Promise<Backend>;
  /** Where `autoNowAdd`/`autoNow` read the time (default: the system clock). */
  readonly clock?: Clock;
}

/** Which store a repository reaches: through an alias (the model's own or a mirror of it) and for a tenant. */
export interface StoreChoice {
  /** An alias to go through instead of the model's own: a mirror of it, such as a replica. */
  readonly database?: string;
  /** The tenant, instead of the one `withTenant` set for the current async chain. */
  readonly tenant?: string;
}

/**
 * Several databases: each model lives in the alias it is bound to; a template alias has one store
 * per tenant. A repository finds its store on every call, from the model's alias and the tenant
 * of the calling async chain (`withTenant`) or the one it was given, so one repository serves
 * every tenant, and two chains working for different tenants at once never see each other's data.
 * A store is opened the first time it is needed: a reserved alias's stores first, each after its
 * dependencies; the first use of a tenant opens its store of every template alias, in order.
 */
export class Databases {
  readonly clock: Clock;
  readonly layout: DatabaseLayout;
  readonly #open: DatabasesOptions['open'];
  readonly #stores = new Map<string, Promise<Database>>();
  readonly #opened: StoreAddress[] = [];
  readonly #checked = new Set<AnyModel>();

  constructor(options: DatabasesOptions) {
    this.layout = options.layout;
    this.#open = options.open;
    this.clock = options.clock ?? systemClock;
  }

  /** The repository of a model; by default it follows the model's alias and the current tenant. */
  repository<M extends AnyModel>(model: M, choice: StoreChoice = {}): Repository<M> {
    this.check(model, choice.database);
    return new Repository(model, new RoutingBackend(this, choice), this.clock, async () => undefined);
  }

  /** The database of one store, opening it (and what it depends on) if it is not open yet. */
  database(store: StoreAddress): Promise<Database> {
    const address = this.layout.store(store.alias, store.tenant);
    const found = this.#stores.get(storeName(address));
    if (found !== undefined) return found;
    return this.openInOrder(address);
  }

  /** The stores opened so far, in the order they were opened. */
  opened(): StoreAddress[] {
    return [...this.#opened];
  }

  /** Closes every store opened. */
  async close(): Promise<void> {
    const stores = [...this.#stores.values()];
    this.#stores.clear();
    this.#opened.length = 0;
    const results = await Promise.allSettled(stores.map(async (store) => (await store).close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /** The store a call on a model reaches. */
  async storeFor(model: AnyModel, choice: StoreChoice): Promise<Database> {
    return this.database({ alias: choice.database ?? model.database, tenant: choice.tenant ?? currentTenant() });
  }

  private check(model: AnyModel, through: string | undefined): void {
    if (!this.#checked.has(model)) {
      this.layout.checkModels([model]);
      this.#checked.add(model);
    }
    if (through !== undefined && this.layout.storeAlias(through) !== model.database) {
      throw new DatabaseLayoutError(
        `${model.name} lives in the database ${model.database}, which ${through} is not (nor a mirror of it): ` +
          `go through ${model.database} or one of its mirrors.`,
      );
    }
  }

  private async openInOrder(address: StoreAddress): Promise<Database> {
    // A tenant's first use opens its store of every template alias; each store opens after its dependencies.
    const wanted = address.tenant === undefined ? [address] : this.layout.templates().map((alias) => ({ alias, tenant: address.tenant }));
    for (const store of wanted) {
      for (const dependency of this.layout.dependencies(store.alias)) await this.database({ alias: dependency });
      await this.openOne(store);
    }
    return this.#stores.get(storeName(address))!;
  }

  private openOne(address: StoreAddress): Promise<Database> {
    const name = storeName(address);
    let store = this.#stores.get(name);
    if (store === undefined) {
      store = Promise.resolve(this.#open(address)).then((backend) => {
        this.#opened.push(address);
        return new Database(backend, { clock: this.clock });
      });
      store.catch(() => this.#stores.delete(name));
      this.#stores.set(name, store);
    }
    return store;
  }
}

/** A backend that passes every call to the store of the model's alias and the tenant of the moment. */
class RoutingBackend implements Backend {
  readonly name = 'databases';
  readonly capabilities: ReadonlySet<Capability> = new Set();

  constructor(
    private readonly databases: Databases,
    private readonly choice: StoreChoice,
  ) {}

  private async target(model: AnyModel): Promise<Backend> {
    const database = await this.databases.storeFor(model, this.choice);
    await database.prepare(model);
    return database.backend;
  }

  async sync(models: readonly AnyModel[]): Promise<void> {
    for (const model of models) await this.target(model);
  }
  async insert(model: AnyModel, row: Row): Promise<void> {
    return (await this.target(model)).insert(model, row);
  }
  async get(model: AnyModel, key: Row): Promise<Row | undefined> {
    return (await this.target(model)).get(model, key);
  }
  async update(model: AnyModel, key: Row, changes: Row): Promise<Row> {
    return (await this.target(model)).update(model, key, changes);
  }
  async upsert(model: AnyModel, row: Row, keep: readonly string[]): Promise<Row> {
    return (await this.target(model)).upsert(model, row, keep);
  }
  async delete(model: AnyModel, key: Row): Promise<void> {
    return (await this.target(model)).delete(model, key);
  }
  async find(model: AnyModel, spec: FindSpec): Promise<Row[]> {
    return (await this.target(model)).find(model, spec);
  }
  async count(model: AnyModel, where: Condition): Promise<number> {
    return (await this.target(model)).count(model, where);
  }
  async exists(model: AnyModel, where: Condition): Promise<boolean> {
    return (await this.target(model)).exists(model, where);
  }
  async close(): Promise<void> {
    // The stores belong to the Databases, which closes them.
  }
}

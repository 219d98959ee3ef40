import {
  DEFAULT_DATABASE,
  DatabaseLayoutError,
  SINGLE_DATABASE,
  UndeclaredDatabaseError,
  storeName,
  storeSlug,
  type AnyModel,
  type Capability,
  type DatabaseLayout,
  type Row,
  type StoreAddress,
} from '../orm';
import type {
  Driver,
  DriverContext,
  EngineStarter,
  Leak,
  Operation,
  OperationData,
  OperationResult,
  ScenarioMigrations,
  ScenarioScope,
  StartedEngine,
  StoreChoice,
} from './driver';

/** What the multi-database driver is made of. */
export interface DatabasesDriverOptions {
  /** The run's name for the backend, as in profiles, tags and the matrix (`postgres`, `postgres+dynamodb`). */
  readonly name: string;
  /** The project's database aliases (default: one reserved `default`). */
  readonly layout?: DatabaseLayout;
  /** The backend each alias with a store runs on; aliases not named run on `base`. */
  readonly base: string;
  readonly backends?: Readonly<Record<string, string>>;
  /** Makes a driver of one backend (the driver registry's `createDriver`). */
  readonly create: (backend: string) => Promise<Driver>;
  /** The engine starter of a backend, if it has one (shared by the stores on that backend). */
  readonly engine: (backend: string) => Promise<EngineStarter | undefined>;
}

/** One backend of the run, for skipping by tags: its name and capabilities. */
export interface InvolvedBackend {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability | string>;
}

interface Store {
  readonly address: StoreAddress;
  readonly name: string;
  readonly driver: Driver;
  readonly models: readonly AnyModel[];
}

/**
 * The driver the Cucumber layer runs on: one driver of a backend per store (the `default` store,
 * each reserved alias, each tenant's store of each template alias), each with its own storage,
 * behind one `Driver`. Operations are routed by the model's alias (or the alias they go through)
 * and their tenant; a scenario may touch only the aliases it declares. A store's driver starts
 * the first time the store is needed, after the stores it depends on; its isolation begins the
 * first time the scenario touches it. After the scenario, every store it did not touch is checked
 * to be still empty (`leaks`): a record there was written to the wrong store.
 * With one database (no layout declared) it is one driver, exactly as the backend's own.
 */
export class DatabasesDriver implements Driver {
  readonly name: string;
  private readonly layout: DatabaseLayout;
  private readonly backendOf: (alias: string) => string;
  private readonly probes = new Map<string, Driver>();
  private readonly engines = new Map<string, Promise<StartedEngine | undefined>>();
  private readonly stores = new Map<string, Promise<Store>>();
  private readonly opened: Store[] = [];
  private readonly creations: StoreAddress[] = [];
  private context: DriverContext | undefined;
  private declared: ReadonlySet<string> = new Set([DEFAULT_DATABASE]);
  private schemaChanges = false;
  private readonly begun = new Map<string, Store>();

  private constructor(private readonly options: DatabasesDriverOptions) {
    this.name = options.name;
    this.layout = options.layout ?? SINGLE_DATABASE;
    const mapped = options.backends ?? {};
    for (const alias of Object.keys(mapped)) {
      if (!this.layout.has(alias))
        throw new DatabaseLayoutError(
          `The profile puts the database ${JSON.stringify(alias)} on ${mapped[alias]}, but no such alias is declared. Declared aliases: ${this.layout.aliases.join(', ')}.`,
        );
      if (this.layout.storeAlias(alias) !== alias)
        throw new DatabaseLayoutError(
          `The profile puts ${alias} on ${mapped[alias]}, but ${alias} is a mirror: it has no store of its own (it uses ${this.layout.storeAlias(alias)}'s).`,
        );
    }
    this.backendOf = (alias) => mapped[alias] ?? options.base;
  }

  /** Makes the driver; an unknown backend name fails here, listing the known ones. */
  static async create(options: DatabasesDriverOptions): Promise<DatabasesDriver> {
    const driver = new DatabasesDriver(options);
    for (const alias of driver.layout.creationOrder) {
      const backend = driver.backendOf(alias);
      if (!driver.probes.has(backend)) driver.probes.set(backend, await options.create(backend));
    }
    return driver;
  }

  /** The capabilities every backend of the run has. */
  get capabilities(): ReadonlySet<Capability | string> {
    const [first, ...rest] = [...this.probes.values()].map((probe) => probe.capabilities);
    return new Set([...(first ?? [])].filter((capability) => rest.every((set) => set.has(capability))));
  }

  /** The backends the aliases a scenario declares run on, each with its capabilities. */
  backendsFor(databases: readonly string[]): InvolvedBackend[] {
    const names = new Set(
      databases.filter((alias) => this.layout.has(alias)).map((alias) => this.backendOf(this.layout.storeAlias(alias))),
    );
    return [...names].map((name) => ({ name, capabilities: this.probes.get(name)!.capabilities }));
  }

  /** The declared aliases, for messages and checks. */
  get aliases(): string[] {
    return this.layout.aliases;
  }

  /** The stores started in this run, in the order they were created (a store dropped after a leak and made again appears twice). */
  created(): StoreAddress[] {
    return [...this.creations];
  }

  /** The aliases a store's alias depends on. */
  dependencies(alias: string): readonly string[] {
    return this.layout.dependencies(alias);
  }

  async start(context: DriverContext): Promise<void> {
    this.layout.checkModels(context.models);
    this.context = context;
    // Reserved stores first, in dependency order: their failures surface before the first scenario.
    for (const alias of this.layout.creationOrder) if (!this.layout.isTemplate(alias)) await this.open({ alias });
  }

  async stop(): Promise<void> {
    const failures: unknown[] = [];
    const stores = await Promise.allSettled(this.stores.values());
    this.stores.clear();
    this.begun.clear();
    for (const store of stores.reverse()) {
      if (store.status === 'fulfilled') await store.value.driver.stop().catch((error: unknown) => failures.push(error));
    }
    for (const started of this.engines.values())
      await (await started.catch(() => undefined))?.stop().catch((error: unknown) => failures.push(error));
    this.engines.clear();
    this.opened.length = 0;
    if (failures.length > 0) throw failures[0];
  }

  async beginScenario(scope: ScenarioScope = {}): Promise<void> {
    const declared = scope.databases ?? [DEFAULT_DATABASE];
    const unknown = declared.filter((alias) => !this.layout.has(alias));
    if (unknown.length > 0) {
      throw new DatabaseLayoutError(
        `The scenario declares the database${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not declared. ` +
          `Declared aliases: ${this.layout.aliases.join(', ')}.`,
      );
    }
    this.declared = new Set(declared);
    this.schemaChanges = scope.schemaChanges === true;
    this.begun.clear();
    // The reserved stores it declares begin now, as one store's driver always did; a tenant's store when first touched.
    try {
      for (const alias of this.declared) if (!this.layout.isTemplate(alias)) await this.touch({ alias: this.layout.storeAlias(alias) });
    } catch (error) {
      await this.endScenario().catch(() => undefined); // what had begun ends: no transaction is left open
      throw error;
    }
  }

  async endScenario(): Promise<void> {
    const begun = [...this.begun.values()];
    this.begun.clear();
    const results = await Promise.allSettled(begun.map((store) => store.driver.endScenario()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /**
   * Records in stores the scenario did not touch: written there by mistake (a driver that reached
   * the wrong tenant's store). Such a store is dropped, and made again when next needed.
   */
  async leaks(): Promise<Leak[]> {
    const untouched = this.opened.filter((store) => !this.begun.has(store.name));
    const found = await Promise.all(
      untouched.map(async (store) => {
        // Every model at once: the reads are independent, and the engines answer them side by side.
        const rows = await Promise.all(store.models.map((model) => store.driver.storedRows(model)));
        return rows.flatMap((found, index): Leak[] => found.map((row) => ({ store: store.name, model: store.models[index]!, row })));
      }),
    );
    const leaked = found.flat();
    for (const name of new Set(leaked.map((leak) => leak.store))) await this.discard(name);
    return leaked;
  }

  async execute<K extends Operation['kind']>(operation: Extract<Operation, { kind: K }>): Promise<OperationResult<OperationData[K]>> {
    let store: StoreAddress;
    try {
      store = this.route(operation.model, operation);
    } catch (error) {
      return { success: false, error: error as Error };
    }
    const { driver } = await this.touch(store);
    return driver.execute(operation);
  }

  async storedRows(model: AnyModel, choice: StoreChoice = {}): Promise<Row[]> {
    const { driver } = await this.touch(this.route(model, choice));
    return driver.storedRows(model);
  }

  async scenarioMigrations(choice: StoreChoice = {}): Promise<ScenarioMigrations> {
    const alias = choice.database ?? DEFAULT_DATABASE;
    if (!this.layout.has(alias)) this.layout.declaration(alias); // names the declared aliases
    if (!this.declared.has(alias)) {
      throw new UndeclaredDatabaseError(
        `The scenario migrates the database ${alias}, which it does not declare; it declares ${[...this.declared].join(', ')}. ` +
          `Tag it @databases-${[...this.declared, alias].join(',')} to use it.`,
      );
    }
    const { driver } = await this.touch(this.layout.store(this.layout.storeAlias(alias), choice.tenant));
    if (driver.scenarioMigrations === undefined) {
      throw new Error(`The ${driver.name} driver cannot apply a scenario's own migrations: it has no scenarioMigrations.`);
    }
    return driver.scenarioMigrations();
  }

  /** The store an operation reaches: the alias must be declared by the scenario, and a template alias needs a tenant. */
  private route(model: AnyModel, choice: StoreChoice): StoreAddress {
    const alias = choice.database ?? model.database;
    if (!this.layout.has(alias)) this.layout.declaration(alias); // names the declared aliases
    if (this.layout.storeAlias(alias) !== model.database) {
      throw new DatabaseLayoutError(
        `${model.name} lives in the database ${model.database}, which ${alias} is not (nor a mirror of it): go through ${model.database} or one of its mirrors.`,
      );
    }
    if (!this.declared.has(alias)) {
      const wanted = [...this.declared, alias].join(',');
      throw new UndeclaredDatabaseError(
        `The scenario touched the database ${alias} (${model.name}${alias === model.database ? ' lives there' : ` lives in ${model.database}`}), ` +
          `which it does not declare; it declares ${[...this.declared].join(', ')}. Tag it @databases-${wanted} to use it.`,
      );
    }
    return this.layout.store(alias, choice.tenant);
  }

  /** The store, begun for this scenario (its isolation starts on first touch). */
  private async touch(address: StoreAddress): Promise<Store> {
    const name = storeName(address);
    const begun = this.begun.get(name);
    if (begun !== undefined) return begun;
    const store = await this.open(address);
    await store.driver.beginScenario(this.schemaChanges ? { schemaChanges: true } : {});
    this.begun.set(name, store);
    return store;
  }

  /** The store's driver, started (with the stores it depends on, and a tenant's other template stores) if it was not. */
  private async open(address: StoreAddress): Promise<Store> {
    const existing = this.stores.get(storeName(address));
    if (existing !== undefined) return existing;
    const wanted = address.tenant === undefined ? [address] : this.layout.templates().map((alias) => ({ alias, tenant: address.tenant }));
    for (const store of wanted) {
      for (const dependency of this.layout.dependencies(store.alias)) await this.open({ alias: dependency });
      await this.openOne(store);
    }
    return this.stores.get(storeName(address))!;
  }

  private openOne(address: StoreAddress): Promise<Store> {
    const name = storeName(address);
    let opening = this.stores.get(name);
    if (opening === undefined) {
      opening = this.startStore(address);
      opening.catch(() => this.stores.delete(name));
      this.stores.set(name, opening);
    }
    return opening;
  }

  private async startStore(address: StoreAddress): Promise<Store> {
    const context = this.context;
    if (context === undefined) throw new Error(`The ${this.name} driver has not been started.`);
    const backend = this.backendOf(address.alias);
    const single = this.layout === SINGLE_DATABASE;
    // With one store, the backend's driver finds its engine itself, as it always has; with several, they share one.
    const engine = single ? undefined : await this.engine(backend);
    const driver =
      this.probes.get(backend) !== undefined && !this.probeUsed(backend) ? this.claimProbe(backend) : await this.options.create(backend);
    const models = context.models.filter((model) => model.database === address.alias);
    const name = storeName(address);
    const isDefault = address.alias === DEFAULT_DATABASE && address.tenant === undefined;
    try {
      await driver.start({
        models,
        clock: context.clock,
        workerId: isDefault ? context.workerId : `${context.workerId}_${storeSlug(address)}`,
        ...(!isDefault && { store: address }),
        ...(engine !== undefined && { engine }),
        ...(context.schema !== undefined && { schema: context.schema }),
      });
    } catch (error) {
      await driver.stop().catch(() => undefined);
      // The default store is the backend's own (as it always was); another store says which it is.
      if (isDefault) throw error;
      throw new Error(`The ${backend} store of ${name} could not be started: ${(error as Error).message}`, { cause: error });
    }
    const store: Store = { address, name, driver, models };
    this.opened.push(store);
    this.creations.push(address);
    return store;
  }

  private readonly claimed = new Set<string>();

  private probeUsed(backend: string): boolean {
    return this.claimed.has(backend);
  }

  /** The first store of a backend uses the driver made to read its capabilities. */
  private claimProbe(backend: string): Driver {
    this.claimed.add(backend);
    return this.probes.get(backend)!;
  }

  private engine(backend: string): Promise<StartedEngine | undefined> {
    let started = this.engines.get(backend);
    if (started === undefined) {
      started = this.options.engine(backend).then((starter) => starter?.());
      started.catch(() => this.engines.delete(backend));
      this.engines.set(backend, started);
    }
    return started;
  }

  /** Drops a store (after a leak): its driver stops, and the store is made afresh when next needed. */
  private async discard(name: string): Promise<void> {
    const store = this.opened.find((s) => s.name === name);
    if (store === undefined) return;
    this.opened.splice(this.opened.indexOf(store), 1);
    this.stores.delete(name);
    await store.driver.stop();
  }
}

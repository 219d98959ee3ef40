import type { NamedMigration } from '../migrations/runner';
import type { MigrationTarget } from '../migrations/target';
import type { AnyModel, Capability, ControllableClock, KeyInput, Lookups, Page, Row, StoreAddress } from '../orm';

/** What a query operation asks for; every part is optional. */
export interface QuerySpec {
  /** Lookups every record must match (`{ age__gte: 30 }`). */
  readonly filter?: Lookups;
  /** Each entry drops the records matching all of its lookups. */
  readonly exclude?: readonly Lookups[];
  /** Field names, `-field` for descending. */
  readonly orderBy?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
  /** Soft-deleted records too (`include`) or only them (`only`); left out by default. */
  readonly deleted?: 'include' | 'only';
}

/**
 * Which store an operation reaches, when a project has several databases: the tenant (for a
 * template alias) and an alias to go through instead of the model's own (a mirror of it).
 * A driver of one store ignores both; the multi-database driver routes by them.
 */
export interface StoreChoice {
  readonly tenant?: string | undefined;
  readonly database?: string | undefined;
}

/** One operation the acceptance layer asks a backend to perform. */
export type Operation = StoreChoice &
  (
    | { readonly kind: 'create'; readonly model: AnyModel; readonly data: Row }
    | { readonly kind: 'get'; readonly model: AnyModel; readonly key: KeyInput; readonly withDeleted?: boolean }
    | { readonly kind: 'update'; readonly model: AnyModel; readonly key: KeyInput; readonly changes: Row }
    | { readonly kind: 'delete'; readonly model: AnyModel; readonly key: KeyInput }
    | { readonly kind: 'upsert'; readonly model: AnyModel; readonly data: Row }
    | { readonly kind: 'restore'; readonly model: AnyModel; readonly key: KeyInput }
    | { readonly kind: 'forceDelete'; readonly model: AnyModel; readonly key: KeyInput }
    | { readonly kind: 'query'; readonly model: AnyModel; readonly query: QuerySpec }
    | { readonly kind: 'count'; readonly model: AnyModel; readonly query: QuerySpec }
    | { readonly kind: 'exists'; readonly model: AnyModel; readonly query: QuerySpec }
    | { readonly kind: 'page'; readonly model: AnyModel; readonly query: QuerySpec; readonly size: number; readonly cursor: string | null }
  );

/** What each operation returns as `data`. */
export interface OperationData {
  create: Row;
  get: Row | undefined;
  update: Row;
  delete: undefined;
  upsert: Row;
  restore: Row;
  forceDelete: undefined;
  query: Row[];
  count: number;
  exists: boolean;
  page: Page<Row>;
}

/** The outcome of an operation: never thrown, always returned. */
export interface OperationResult<T = unknown> {
  readonly success: boolean;
  /** The operation's answer (a record, records, a count, a page, …) when it succeeded. */
  readonly data?: T;
  /** The error the ORM raised when it failed. */
  readonly error?: Error;
  /** The single record the operation produced or read, when there is one. */
  readonly instance?: Row;
}

/**
 * Where a store's schema comes from (issue 14): the ORM's `sync` (the default); the migrations,
 * run once per store (on PostgreSQL into a template database the stores are copied from); or an
 * existing database another tool built, copied and never written (a PostgreSQL database on the
 * same server, or an SQLite file). With migrations or a template, the schema is checked against
 * the models before the first scenario (`SchemaDriftError`, one line per difference).
 */
export type SchemaSource =
  | { readonly kind: 'sync' }
  | { readonly kind: 'migrations'; readonly folder: string; readonly migrations: readonly NamedMigration[] }
  | { readonly kind: 'template'; readonly template: string };

/** What a driver is given when it starts. */
export interface DriverContext {
  /** Every model the specification uses. */
  readonly models: readonly AnyModel[];
  /** The clock the ORM must read, which scenarios freeze and advance. */
  readonly clock: ControllableClock;
  /**
   * Distinguishes the driver's storage from every other driver's of the run: parallel workers
   * (`'0'`, `'1'`, …) and, with several databases, each store (`'0_central'`, `'0_clinic__acme'`).
   * Only letters, digits and `_`, so it fits database, file and table names.
   */
  readonly workerId: string;
  /** The store this driver serves, with several databases (undefined: the only one, `default`). */
  readonly store?: StoreAddress;
  /**
   * An engine already started for this backend and shared by the run's drivers (several stores
   * on one PostgreSQL server): use its `env` rather than starting one. Undefined: find or start one.
   */
  readonly engine?: StartedEngine;
  /** Where the schema comes from (undefined: `sync`). */
  readonly schema?: SchemaSource;
}

/** A `@schema-changes` scenario's migrations on one store. */
export interface ScenarioMigrations {
  /** Where its migrations apply, with their own record. */
  readonly target: MigrationTarget;
  /** Hands the backend the models of the schema as the migrations left it, for the steps that follow. */
  use(models: readonly AnyModel[]): Promise<void>;
}

/** What a scenario declares before it begins. */
export interface ScenarioScope {
  /** The database aliases the scenario may touch (`@databases-default,central`; default: `default`). */
  readonly databases?: readonly string[];
  /**
   * The scenario applies migrations of its own (`@schema-changes`): its store is not kept apart
   * by a transaction (DDL would end or join it) but emptied, and every table its migrations
   * created is dropped when it ends, with their record of applied migrations.
   */
  readonly schemaChanges?: boolean;
}

/** A record found in a store the scenario did not use: it was written there by mistake. */
export interface Leak {
  /** The store (`central`, `clinic@acme`). */
  readonly store: string;
  readonly model: AnyModel;
  readonly row: Row;
}

/**
 * How the acceptance layer runs operations on one backend and keeps scenarios apart.
 * One driver serves a whole run (or one parallel worker): `start` once, then for each scenario
 * `beginScenario`, any number of `execute`/`storedRows`, `endScenario`; `stop` at the end.
 */
export interface Driver {
  /** The backend name, as in profiles and tags (`inmemory`, `postgres`, …). */
  readonly name: string;
  /** The backend's declared capabilities, matched against `@requires-<capability>` tags. */
  readonly capabilities: ReadonlySet<Capability | string>;
  /** Starts (or connects to) the backend and prepares storage for the models. */
  start(context: DriverContext): Promise<void>;
  /** Stops whatever `start` started; safe to call when `start` failed or never ran. */
  stop(): Promise<void>;
  /** Gives the scenario empty storage (a driver of one store ignores the scope). */
  beginScenario(scope?: ScenarioScope): Promise<void>;
  /** Ends the scenario; nothing it wrote may be seen by the next one. */
  endScenario(): Promise<void>;
  /** Runs one operation through the ORM, returning its outcome rather than throwing. */
  execute<K extends Operation['kind']>(operation: Extract<Operation, { kind: K }>): Promise<OperationResult<OperationData[K]>>;
  /** The model's rows as stored, read directly rather than through the ORM's read path. */
  storedRows(model: AnyModel, choice?: StoreChoice): Promise<Row[]>;
  /**
   * For a scenario that began with `schemaChanges`: the migration target of its store, with a
   * record of applied migrations of its own. A backend without one cannot run such scenarios.
   */
  scenarioMigrations?(choice?: StoreChoice): Promise<ScenarioMigrations>;
  /** With several databases: the stores created in this run, in order (a driver of one store has none). */
  created?(): StoreAddress[];
  /** With several databases: the aliases an alias depends on. */
  dependencies?(alias: string): readonly string[];
}

/** Makes a driver; registered by backend name with `registerDriver`. */
export type DriverFactory = () => Driver | Promise<Driver>;

/**
 * A database engine a driver runs on, started once and shared: a PostgreSQL server, DynamoDB
 * Local. The parity run starts each engine once and hands its `env` to every run of that backend.
 */
export interface StartedEngine {
  /** Environment variables that point the driver at this engine (`PARITY_POSTGRES_URL`, …). */
  readonly env: Readonly<Record<string, string>>;
  /** How the engine was had, for messages: "embedded PostgreSQL 18 on 127.0.0.1:54329". */
  readonly description: string;
  /** Stops what was started (nothing, for an engine the user provided). */
  stop(): Promise<void>;
}

/** Starts (or finds) a backend's engine; fails with an error naming every route and how to enable it. */
export type EngineStarter = () => Promise<StartedEngine>;

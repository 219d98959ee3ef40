import { BACKEND_NAME } from '../backend-names';
import { parityContext, type ParityContext } from '../context';
import type { Driver, DriverFactory, EngineStarter } from './driver';

/** The built-in drivers, each loaded only when asked for, so a run never loads another backend's SDK. */
const builtIn: Readonly<Record<string, () => Promise<DriverFactory>>> = Object.freeze({
  inmemory: async () => (await import('./inmemory')).createInMemoryDriver,
  dynamodb: async () => (await import('./dynamodb')).createDynamoDbDriver,
  sqlite: async () => (await import('./sqlite')).createSqliteDriver,
  postgres: async () => (await import('./postgres')).createPostgresDriver,
});

/** Backends whose engine runs outside the process, each with a lazily loaded starter. */
const engines: Readonly<Record<string, () => Promise<EngineStarter>>> = Object.freeze({
  dynamodb: async () => (await import('./dynamodb/engine')).startDynamoDbEngine,
  postgres: async () => (await import('./postgres/engine')).startPostgresEngine,
});

/** The drivers registered by name (the built-in ones need no registering). */
export class DriverRegistry {
  readonly #registered = new Map<string, DriverFactory>();

  register(name: string, factory: DriverFactory): void {
    if (!BACKEND_NAME.test(name)) {
      throw new Error(
        `Cannot register the driver ${JSON.stringify(name)}: a backend name is lower-case letters, digits and dashes, starting with a letter.`,
      );
    }
    this.#registered.set(name, factory);
  }

  /** The names of every driver that can be created. */
  known(): string[] {
    return [...new Set([...Object.keys(builtIn), ...this.#registered.keys()])].sort();
  }

  /** Creates the driver registered under a name; an unknown name lists the known ones. */
  async create(name: string): Promise<Driver> {
    const factory = this.#registered.get(name) ?? (await builtIn[name]?.());
    if (factory === undefined) {
      throw new Error(
        `There is no backend named ${JSON.stringify(name)}. Known backends: ${this.known().join(', ')}. ` +
          `Pick one with --profile <name> or PARITY_BACKEND=<name>, or add one with registerDriver('${name}', factory) in features/support/.`,
      );
    }
    return factory();
  }
}

/** The context's driver registry. */
export function driverRegistry(context: ParityContext = parityContext()): DriverRegistry {
  return context.slot('drivers', () => new DriverRegistry());
}

/** Registers a driver under a backend name, so profiles and `PARITY_BACKEND` can select it. */
export function registerDriver(name: string, factory: DriverFactory): void {
  driverRegistry().register(name, factory);
}

/** The names of every driver that can be created. */
export function knownDrivers(): string[] {
  return driverRegistry().known();
}

/** Creates the driver registered under a name; an unknown name lists the known ones. */
export async function createDriver(name: string): Promise<Driver> {
  return driverRegistry().create(name);
}

/** The engine starter of a backend, or undefined when the backend needs no separate engine. */
export async function engineStarter(name: string): Promise<EngineStarter | undefined> {
  return engines[name]?.();
}

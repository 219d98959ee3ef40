import { Faker, base, en } from '@faker-js/faker';
import { processState } from '../context';
import type { AnyModel, Row } from '../orm';

/** Where `create` stores records: the DSL's `createAndVerify` (so it works on every backend), or anything shaped like it. */
export interface FactoryStore {
  /** Creates a record, checks it was stored, and returns it as stored. */
  createAndVerify(model: AnyModel, data: Row): Promise<Row>;
}

/** What `resetFactories` sets for the next scenario. */
export interface FactoryScopeOptions {
  /** Seeds faker: the same seed gives the same fake data (see `scenarioSeed`). */
  readonly seed: number;
  /** The store `create` uses when it is given none (the World passes the scenario's DSL). */
  readonly store?: FactoryStore;
  /** Where each factory-created record is described (the World passes Cucumber's `log`, so reports show the data). */
  readonly log?: (text: string) => void;
}

/** The instant faker's dates are relative to, so `faker.date.past()` is repeatable too. */
export const FAKER_REFERENCE_DATE = new Date('2025-01-01T00:00:00.000Z');

/** Anything whose sequence restarts: every factory `defineFactory` made. */
interface Rewindable {
  rewindSequence(): void;
}

/**
 * What every factory shares within one scenario: a seeded faker, the default store and the log.
 * One per process; Cucumber runs one scenario at a time per process (or parallel worker).
 */
class FactoryScope {
  readonly faker = new Faker({ locale: [en, base] });
  store: FactoryStore | undefined;
  log: ((text: string) => void) | undefined;
  readonly factories = new Set<Rewindable>();

  constructor() {
    this.reset({ seed: scenarioSeed('') });
  }

  reset(options: FactoryScopeOptions): void {
    this.faker.seed(options.seed);
    this.faker.setDefaultRefDate(FAKER_REFERENCE_DATE);
    for (const factory of this.factories) factory.rewindSequence();
    this.store = options.store;
    this.log = options.log;
  }
}

/** The default PARITY_SEED. */
export const DEFAULT_SEED = 'parity';

/**
 * A scenario's faker seed: a 32-bit FNV-1a hash of PARITY_SEED (default `parity`) and the
 * scenario's identity (the World uses `<feature file>:<scenario name>`), so each scenario gets its
 * own repeatable data whatever order or worker it runs in.
 */
export function scenarioSeed(scenario: string, seed: string = process.env.PARITY_SEED || DEFAULT_SEED): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}\n${scenario}`) {
    hash ^= char.codePointAt(0) as number;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The process's factory scope (one per process, however many copies of the package are loaded). */
export const factoryScope = processState('factory-scope', () => new FactoryScope());

/** Starts a scenario's test data afresh: every sequence back to 1, faker re-seeded, the store and log set. */
export function resetFactories(options: FactoryScopeOptions): void {
  factoryScope.reset(options);
}

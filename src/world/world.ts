import { World, setDefaultTimeout, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import type { DslWorld } from '../dsl';
import { ScenarioDsl } from '../dsl';
import { currentRun } from './run';

/** The parameters a profile passes in `worldParameters`. */
export interface ParityParameters {
  /** The backend to run on; `PARITY_BACKEND` overrides it. */
  backend?: string;
}

/** One scenario's world: the DSL bound to this run's driver and clock. */
export class ParityWorld extends World<ParityParameters> implements DslWorld {
  readonly dsl: ScenarioDsl;
  /** Whether the driver began this scenario's isolation (skipped scenarios never do). */
  begun = false;

  constructor(options: IWorldOptions<ParityParameters>) {
    super(options);
    const { driver, clock } = currentRun();
    this.dsl = new ScenarioDsl(driver, clock);
  }
}

setWorldConstructor(ParityWorld);
// Real engines answer in milliseconds, but a shared machine can stall; a hung call still fails.
setDefaultTimeout(30_000);

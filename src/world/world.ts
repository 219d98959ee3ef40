import { World, setDefaultTimeout, setWorldConstructor } from '@cucumber/cucumber';
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
  /** Whether the driver began this scenario's isolation (skipped scenarios never do). */
  begun = false;
  private scenarioDsl: ScenarioDsl | undefined;

  /** The scenario's DSL, made on first use: a dry run (`cucumber-js --dry-run`) makes worlds but starts no backend. */
  get dsl(): ScenarioDsl {
    if (this.scenarioDsl === undefined) {
      const { driver, clock } = currentRun();
      this.scenarioDsl = new ScenarioDsl(driver, clock);
    }
    return this.scenarioDsl;
  }
}

setWorldConstructor(ParityWorld);
// Real engines answer in milliseconds, but a shared machine can stall; a hung call still fails.
setDefaultTimeout(30_000);

import { After, AfterAll, Before, BeforeAll } from '@cucumber/cucumber';
import { createDriver, type Driver } from '../drivers';
import { resetFactories, scenarioSeed } from '../factories';
import { registeredModels } from './models';
import { currentRun, setCurrentRun } from './run';
import { skipReason } from './tags';
import type { ParityParameters, ParityWorld } from './world';

let driver: Driver | undefined;

/** Picks the backend (PARITY_BACKEND, else the profile's worldParameters.backend, else inmemory) and starts it once. */
BeforeAll({ timeout: 300_000 }, async function (this: { parameters: ParityParameters }) {
  const name = process.env.PARITY_BACKEND || this.parameters.backend || 'inmemory';
  try {
    driver = await createDriver(name);
  } catch (error) {
    setCurrentRun(undefined, error as Error);
    throw error;
  }
  try {
    setCurrentRun(driver);
    await driver.start({ models: registeredModels(), clock: currentRun().clock, workerId: process.env.CUCUMBER_WORKER_ID ?? '0' });
  } catch (error) {
    const failure = new Error(`The ${name} backend could not be started: ${(error as Error).message}`, { cause: error });
    setCurrentRun(undefined, failure);
    await driver?.stop().catch(() => undefined);
    driver = undefined;
    throw failure;
  }
});

/** Skips, with the reason, scenarios whose tags exclude this backend; gives the others empty storage and a running clock. */
Before(async function (this: ParityWorld, { pickle }) {
  const { driver: active, clock } = currentRun();
  const reason = skipReason(
    pickle.tags.map((t) => t.name),
    active.name,
    active.capabilities,
  );
  if (reason !== undefined) {
    this.log(reason);
    return 'skipped';
  }
  clock.reset();
  // Every scenario's factory data starts afresh (sequences at 1, faker seeded from PARITY_SEED and the scenario), whatever ran before it.
  resetFactories({ seed: scenarioSeed(`${pickle.uri}:${pickle.name}`), store: this.dsl, log: (text) => this.log(text) });
  await active.beginScenario();
  this.begun = true;
  return undefined;
});

After(async function (this: ParityWorld) {
  if (this.begun) await currentRun().driver.endScenario();
});

AfterAll({ timeout: 120_000 }, async function () {
  await driver?.stop();
  driver = undefined;
  setCurrentRun(undefined);
});

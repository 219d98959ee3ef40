import { After, AfterAll, Before, BeforeAll } from '@cucumber/cucumber';
import { createDriver, engineStarter, type Leak } from '../drivers';
import { DatabasesDriver } from '../drivers/databases-driver';
import { describeRow } from '../dsl/verification';
import { DatabaseLayoutError } from '../orm';
import { backendPlan, declaredDatabases, registeredDatabases, runTenant } from './databases';
import { bindDsl, hasDsl, ScenarioDsl } from '../dsl';
import { resetFactories, scenarioSeed } from '../factories';
import { registeredModels } from './models';
import { ENGINE_DESCRIPTION_VARIABLE, lostEngine } from '../drivers/engine-watch';
import { timeLimit } from '../drivers/timeouts';
import {
  compromiseRun,
  currentRun,
  EnvironmentError,
  NOT_RUN_LOG,
  reportCompromise,
  runCompromise,
  setCurrentRun,
  startedDriver,
} from './run';
import { runSchema } from './schema';
import { SCHEMA_CHANGES_TAG, skipReason } from './tags';
import type { ParityParameters } from './world';

/** What the hooks use of the World: Cucumber's own, or any World of a project's. */
interface HookWorld {
  readonly parameters: ParityParameters;
  log(text: string): void;
}

/**
 * Picks the backend (PARITY_BACKEND, else the profile's worldParameters.backend, else inmemory),
 * with the aliases a mixed run puts on other backends, and starts it once: one driver per store.
 */
BeforeAll({ timeout: 300_000 }, async function (this: { parameters: ParityParameters }) {
  const name = process.env.PARITY_BACKEND || this.parameters.backend || 'inmemory';
  let driver;
  try {
    const plan = backendPlan(name, this.parameters);
    driver = await DatabasesDriver.create({ ...plan, layout: registeredDatabases(), create: createDriver, engine: engineStarter });
  } catch (error) {
    setCurrentRun(undefined, error as Error);
    throw error;
  }
  try {
    setCurrentRun(driver);
    await driver.start({
      models: registeredModels(),
      clock: currentRun().clock,
      workerId: process.env.CUCUMBER_WORKER_ID ?? '0',
      schema: await runSchema(this.parameters),
    });
  } catch (error) {
    const failure = new Error(`The ${name} backend could not be started: ${(error as Error).message}`, { cause: error });
    setCurrentRun(undefined, failure);
    await driver.stop().catch(() => undefined);
    throw failure;
  }
});

/**
 * The run's environment failure, if any: recorded earlier, or found now in a watched engine that
 * has gone (checking is cheap: whether a process still exists).
 */
function environmentFailure(): EnvironmentError | undefined {
  const recorded = runCompromise();
  if (recorded !== undefined) return recorded;
  const lost = lostEngine();
  if (lost === undefined) return undefined;
  return compromiseRun(
    new EnvironmentError(
      `${lost.name} has gone mid-run (${lost.reason}), so the ${currentRun().driver.name} backend cannot go on. ` +
        `The scenarios after this one are not run. Find out why the engine stopped (killed? out of memory?) and run again.`,
    ),
  );
}

/** The environment failure of a driver call that keeps scenarios apart, naming the engine when a watched one has gone. */
async function isolationFailure(step: string, error: unknown): Promise<EnvironmentError> {
  // A dying engine's connections can fail before its exit is seen: give the watch a moment.
  for (let i = 0; i < 20 && lostEngine() === undefined; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  const lost = environmentFailure();
  if (lost !== undefined) return lost;
  const reason = ((error as Error)?.message ?? String(error)).split('\n')[0];
  const engine = process.env[ENGINE_DESCRIPTION_VARIABLE]; // an engine another process (the parity run) started
  return compromiseRun(
    new EnvironmentError(
      `The ${currentRun().driver.name} backend${engine ? ` on ${engine}` : ''} could not ${step}: ${reason}. Its engine has probably stopped or become ` +
        `unreachable, so the scenarios after this one are not run. Check the engine, then run again.`,
      { cause: error },
    ),
  );
}

// How long beginning or ending a scenario may take: longer than an engine call with its retries
// (PARITY_REQUEST_TIMEOUT), and shorter than the hooks' own timeout, so that a stalled engine
// compromises the run once, rather than timing out the hooks of every scenario.
const ISOLATION_TIMEOUT_MS = 60_000;
const ISOLATION_HOOK_TIMEOUT_MS = ISOLATION_TIMEOUT_MS + 30_000;

/** Runs a driver call that keeps scenarios apart, failing if it does not finish in time. */
async function isolation(call: () => Promise<void>): Promise<void> {
  await timeLimit(call(), ISOLATION_TIMEOUT_MS, `it did not finish within ${ISOLATION_TIMEOUT_MS / 1000} s`);
}

/** Skips, with the reason, scenarios whose tags exclude this backend (or all of them once the environment failed); gives the others empty storage and a running clock. */
Before({ timeout: ISOLATION_HOOK_TIMEOUT_MS }, async function (this: HookWorld, { pickle }) {
  const { driver: active, clock } = currentRun();
  const failure = environmentFailure();
  if (failure !== undefined) {
    if (reportCompromise()) throw failure;
    this.log(`${NOT_RUN_LOG}the environment failed earlier in this run: ${failure.message.split('. ')[0]}.`);
    return 'skipped';
  }
  const tags = pickle.tags.map((t) => t.name);
  const databases = declaredDatabases(tags);
  // A mixed run skips by the backends of the databases the scenario uses.
  const reason = active
    .backendsFor(databases)
    .map((backend) => skipReason(tags, backend.name, backend.capabilities))
    .find((found) => found !== undefined);
  if (reason !== undefined) {
    this.log(reason);
    return 'skipped';
  }
  clock.reset();
  const dsl = new ScenarioDsl(active, clock, runTenant(this.parameters));
  // Every scenario's factory data starts afresh (sequences at 1, faker seeded from PARITY_SEED and the scenario), whatever ran before it.
  resetFactories({ seed: scenarioSeed(`${pickle.uri}:${pickle.name}`), store: dsl, log: (text) => this.log(text) });
  try {
    await isolation(() => active.beginScenario({ databases, schemaChanges: tags.includes(SCHEMA_CHANGES_TAG) }));
  } catch (error) {
    if (error instanceof DatabaseLayoutError) throw error; // the scenario's own mistake, not the environment's
    const failure = await isolationFailure("prepare the scenario's storage", error);
    reportCompromise();
    throw failure;
  }
  // Bound once the storage is ready: After ends the isolation of exactly the scenarios that began it.
  bindDsl(this, dsl);
  return undefined;
});

/** Ends the scenario's isolation; an engine that went during the scenario is reported here, on the scenario it broke. */
After({ timeout: ISOLATION_HOOK_TIMEOUT_MS }, async function (this: HookWorld) {
  if (!hasDsl(this)) return;
  let failure: EnvironmentError | undefined;
  let leaks: Leak[] = [];
  try {
    const { driver } = currentRun();
    // Before ending: the stores the scenario did not touch must still be empty.
    await isolation(async () => {
      leaks = await driver.leaks();
      await driver.endScenario();
    });
  } catch (error) {
    failure = await isolationFailure('clean up after the scenario', error);
  }
  failure ??= environmentFailure();
  if (failure !== undefined && reportCompromise()) throw failure;
  if (leaks.length > 0) throw leakError(leaks);
});

/** The failure of a scenario that wrote to stores it did not use, naming each store and record. */
function leakError(leaks: readonly Leak[]): Error {
  const lines = leaks.slice(0, 10).map((leak) => `  - ${leak.store}: ${leak.model.name} ${describeRow(leak.row)}`);
  if (leaks.length > 10) lines.push(`  - … and ${leaks.length - 10} more`);
  return new Error(
    `A write crossed over into a store this scenario did not use (a tenant or database it never touched), ` +
      `so the driver reached the wrong store:\n${lines.join('\n')}\nThose stores were dropped; they are made afresh when next needed.`,
  );
}

/** Stops the backend; after an environment failure, a stop that fails too is only noted (the failure was reported). */
AfterAll({ timeout: 120_000 }, async function () {
  const driver = startedDriver();
  try {
    // After an environment failure the engine may not answer at all: what it holds is given up on
    // in time (cleanup.ts still stops an engine this process started, at exit).
    const stopping = driver?.stop();
    if (runCompromise() === undefined) await stopping;
    else await timeLimit(stopping ?? Promise.resolve(), 30_000, 'it did not stop within 30 s');
  } catch (error) {
    if (runCompromise() === undefined) throw error;
    process.stderr.write(
      `After the environment failure, the ${driver?.name} backend could not be stopped cleanly: ${(error as Error).message}\n`,
    );
  } finally {
    setCurrentRun(undefined);
  }
});

import { parityContext } from '../context';
import type { DatabasesDriver } from '../drivers/databases-driver';
import { ControllableClock } from '../orm';

interface Run {
  readonly driver: DatabasesDriver;
  readonly clock: ControllableClock;
}

/** How the hooks' log of a scenario they did not run after an environment failure begins (the parity matrix counts it as not run). */
export const NOT_RUN_LOG = 'Not run: ';

/**
 * The environment, not the behaviour under test, has failed: the engine is gone or its storage
 * cannot be prepared (Serenity/JS's "test compromised"). It is reported once; the scenarios after
 * it are skipped, so that the run ends promptly with its reports intact.
 */
export class EnvironmentError extends Error {
  readonly code = 'PARITY_ENVIRONMENT';
  override readonly name = 'EnvironmentError';
}

/** The run of this process (or parallel worker): its driver and clock, or why it could not start, and its environment failure. */
class RunState {
  run: Run | undefined;
  startFailure: Error | undefined;
  compromise: { readonly error: EnvironmentError; reported: boolean } | undefined;
}

function state(): RunState {
  return parityContext().slot('run', () => new RunState());
}

/** Records the driver this process (run or parallel worker) uses. */
export function setCurrentRun(driver: DatabasesDriver | undefined, failure?: Error): void {
  const current = state();
  current.run = driver === undefined ? undefined : { driver, clock: new ControllableClock() };
  current.startFailure = failure;
  if (driver !== undefined) current.compromise = undefined;
}

/** The driver and clock of this process; fails with the start-up error when the backend could not start. */
export function currentRun(): Run {
  const { run, startFailure } = state();
  if (run !== undefined) return run;
  throw (
    startFailure ??
    new Error("No backend was started for this run: Parity's BeforeAll hook did not run (import 'parity-orm/cucumber' in a support file).")
  );
}

/** The driver this process started, if it did (the hooks stop it at the end). */
export function startedDriver(): DatabasesDriver | undefined {
  return state().run?.driver;
}

/** Records the run's environment failure; the first one recorded stands, and is returned. */
export function compromiseRun(error: EnvironmentError): EnvironmentError {
  const current = state();
  current.compromise ??= { error, reported: false };
  return current.compromise.error;
}

/** The run's environment failure, if any. */
export function runCompromise(): EnvironmentError | undefined {
  return state().compromise?.error;
}

/** Whether the environment failure still has to be reported (true once, then false). */
export function reportCompromise(): boolean {
  const { compromise } = state();
  if (compromise === undefined || compromise.reported) return false;
  compromise.reported = true;
  return true;
}

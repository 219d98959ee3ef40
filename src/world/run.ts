import type { Driver } from '../drivers';
import { ControllableClock } from '../orm';

interface Run {
  readonly driver: Driver;
  readonly clock: ControllableClock;
}

let run: Run | undefined;
let startFailure: Error | undefined;

/** Records the driver this process (run or parallel worker) uses. */
export function setCurrentRun(driver: Driver | undefined, failure?: Error): void {
  run = driver === undefined ? undefined : { driver, clock: new ControllableClock() };
  startFailure = failure;
}

/** The driver and clock of this process; fails with the start-up error when the backend could not start. */
export function currentRun(): Run {
  if (run !== undefined) return run;
  throw startFailure ?? new Error('No backend was started for this run: the BeforeAll hook of src/world did not run.');
}

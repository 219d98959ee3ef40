/*
 * The test-layer benchmark's scenarios as a plain node:test file calling the DSL directly (no
 * Cucumber, no Gherkin): the driver a Cucumber run starts, on PARITY_BACKEND, each scenario a test. Writes
 * each test's milliseconds, as JSON, to the file PARITY_BENCH_TIMES names.
 */
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { DatabasesDriver } from '../../src/drivers/databases-driver';
import { runScenario, SCENARIOS, startRun } from './scenarios';

let driver: DatabasesDriver;
const times: number[] = [];

before(async () => {
  driver = await startRun(process.env.PARITY_BACKEND ?? 'inmemory');
});

after(async () => {
  await driver.stop();
  writeFileSync(process.env.PARITY_BENCH_TIMES!, JSON.stringify(times));
});

for (let i = 0; i < SCENARIOS; i += 1) {
  test(`User ${i}`, async () => {
    const started = process.hrtime.bigint();
    await runScenario(driver, i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  });
}

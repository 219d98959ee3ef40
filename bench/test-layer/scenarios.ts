/*
 * The work of the test-layer benchmark's scenarios, written once for both routes: as Gherkin
 * (`feature`, run by Cucumber with Parity's steps) and as the same DSL calls (`runScenario`, run
 * by node:test directly), so that the difference between the two is what the Gherkin layer adds.
 */
import { specDatabases, specModels, tenantModels, User } from '../../features/models';
import { createDriver, engineStarter } from '../../src/drivers';
import { DatabasesDriver } from '../../src/drivers/databases-driver';
import { ScenarioDsl } from '../../src/dsl';
import { ControllableClock } from '../../src/orm';

/** How many scenarios each route runs. */
export const SCENARIOS = 100;

/** Scenario i's rows: a user created, read back, found by a query, updated and counted. */
function cells(i: number): { create: string[][]; read: string[][]; query: string[][]; update: string[][] } {
  return {
    create: [
      ['id', `u${i}`],
      ['email', `user${i}@example.com`],
      ['name', `User ${i}`],
      ['age', String(20 + (i % 50))],
    ],
    read: [
      ['name', `User ${i}`],
      ['age', String(20 + (i % 50))],
    ],
    query: [
      ['age__gte', '18'],
      ['order by', 'name'],
    ],
    update: [['name', `Renamed ${i}`]],
  };
}

/** The Gherkin of every scenario, as one feature. */
export function feature(): string {
  const table = (rows: string[][]): string => rows.map((row) => `      | ${row.join(' | ')} |`).join('\n');
  const scenarios = Array.from({ length: SCENARIOS }, (_, i) => {
    const c = cells(i);
    return [
      `  Scenario: User ${i}`,
      `    When I create a User with:\n${table(c.create)}`,
      `    Then the User "u${i}" exists with:\n${table(c.read)}`,
      `    When I query Users with:\n${table(c.query)}`,
      `    Then I get 1 User`,
      `    When I update the User "u${i}" with:\n${table(c.update)}`,
      `    Then there is 1 User`,
    ].join('\n');
  });
  return `Feature: The test layer's own cost\n\n${scenarios.join('\n\n')}\n`;
}

/**
 * The driver a Cucumber run of the specification's support files starts (src/world/hooks.ts):
 * every model of the specification, its databases, one store per alias, on one backend.
 */
export async function startRun(backend: string, workerId = '0'): Promise<DatabasesDriver> {
  const driver = await DatabasesDriver.create({
    name: backend,
    base: backend,
    layout: specDatabases,
    create: createDriver,
    engine: engineStarter,
  });
  await driver.start({ models: [...specModels, ...tenantModels], clock: new ControllableClock(), workerId });
  return driver;
}

/** Begins a scenario as the Before hook does, runs `work`, then checks for leaks and ends it as the After hook does. */
export async function isolated(driver: DatabasesDriver, work: () => Promise<void>): Promise<void> {
  await driver.beginScenario({ databases: ['default'] });
  let leaks;
  try {
    await work();
  } finally {
    leaks = await driver.leaks();
    await driver.endScenario();
  }
  if (leaks.length > 0) throw new Error(`A scenario of the benchmark leaked ${leaks.length} record(s).`);
}

/** Scenario i as DSL calls, isolated by the driver exactly as the hooks do. */
export async function runScenario(driver: DatabasesDriver, i: number): Promise<void> {
  const clock = new ControllableClock();
  const c = cells(i);
  await isolated(driver, async () => {
    const dsl = new ScenarioDsl(driver, clock);
    await dsl.createFrom(User, c.create);
    await dsl.expectRecord(User, `u${i}`, c.read);
    await dsl.queryFrom(User, c.query);
    dsl.expectResultCount(1, User);
    await dsl.updateFrom(User, `u${i}`, c.update);
    await dsl.expectCount(User, 1);
  });
}

import { createDriver, engineStarter, type Driver, type Leak, type OperationResult } from '../drivers';
import { DatabasesDriver } from '../drivers/databases-driver';
import { describeRow } from '../dsl/verification';
import { ControllableClock, type AnyModel, type DatabaseLayout, type Page, type Row } from '../orm';
import type { Field } from '../orm/fields';
import { valuesEqual } from '../orm/values';
import { FUZZ_EPOCH, storeChoice, touchedDatabases, type EmptyStore, type FuzzStep, type Outcome } from './steps';

/** The most pages a walk follows before it is taken to be looping. */
const MAX_PAGES = 200;

/** A backend the differential tester runs sequences on: its driver and the clock it reads. */
export interface FuzzTarget {
  readonly name: string;
  readonly models: readonly AnyModel[];
  readonly clock: ControllableClock;
  /**
   * The databases of the multi-tenant pass: the driver is then a `DatabasesDriver` with one store
   * of the backend per alias and tenant, as the Cucumber layer runs it. Undefined: one store.
   */
  readonly databases?: DatabaseLayout;
  /** Replaced by `restartTarget`. */
  driver: Driver;
}

/** Starts a backend's driver once for many sequences (with `databases`, one driver per store, started as each is first needed). */
export async function startTarget(name: string, models: readonly AnyModel[], databases?: DatabaseLayout): Promise<FuzzTarget> {
  const clock = new ControllableClock();
  const target = { name, models, clock, ...(databases !== undefined && { databases }) };
  return { ...target, driver: await startDriver(target) };
}

/** Stops a backend's driver and starts a new one: after its isolation failed, its store cannot be trusted. */
export async function restartTarget(target: FuzzTarget): Promise<void> {
  await target.driver.stop().catch(() => undefined);
  target.driver = await startDriver(target);
}

async function startDriver({ name, models, clock, databases }: Omit<FuzzTarget, 'driver'>): Promise<Driver> {
  const driver =
    databases === undefined
      ? await createDriver(name)
      : await DatabasesDriver.create({ name, base: name, layout: databases, create: createDriver, engine: engineStarter });
  try {
    await driver.start({ models, clock, workerId: `fuzz${process.pid}` });
  } catch (error) {
    await driver.stop().catch(() => undefined);
    throw new Error(`The ${name} backend could not be started: ${(error as Error).message}`, { cause: error });
  }
  return driver;
}

/** Each step's outcome, and what went wrong in setting up or emptying the store, if anything did. */
export interface SequenceRun {
  readonly outcomes: Outcome[];
  /** The driver could not give the sequence a fresh store, or could not empty it afterwards. */
  readonly isolationError?: string;
  /** Records found, after the sequence, in stores it did not touch (a write that reached the wrong tenant or alias). */
  readonly leaks?: readonly Leak[];
}

/**
 * Runs a sequence on a fresh, isolated store (one scenario of the driver), returning each step's
 * outcome; a store that cannot be set up or emptied is reported, not thrown, since it is itself a
 * difference from the reference (a scenario's cleanup would fail the same way). With several
 * databases the sequence declares the aliases it touches, and afterwards the stores it did not
 * touch must still be empty, as the Cucumber layer checks after each scenario.
 */
export async function runSequence(target: FuzzTarget, steps: readonly FuzzStep[]): Promise<SequenceRun> {
  const { driver, clock } = target;
  clock.freeze(FUZZ_EPOCH);
  const outcomes: Outcome[] = [];
  let isolationError: string | undefined;
  let leaks: Leak[] = [];
  try {
    await (target.databases === undefined ? driver.beginScenario() : driver.beginScenario({ databases: touchedDatabases(steps) }));
  } catch (error) {
    return { outcomes, isolationError: `starting the sequence failed: ${(error as Error).message}` };
  }
  try {
    for (const step of steps) outcomes.push(await runStep(driver, clock, step));
  } finally {
    try {
      leaks = await leaksOf(driver);
    } catch (error) {
      isolationError = `looking into the stores the sequence did not touch failed: ${(error as Error).message}`;
    }
    try {
      await driver.endScenario();
    } catch (error) {
      isolationError ??= `emptying the store after the sequence failed: ${(error as Error).message}`;
    }
  }
  return { outcomes, ...(isolationError !== undefined && { isolationError }), ...(leaks.length > 0 && { leaks }) };
}

/** The records in stores the sequence did not touch; a driver of one store has none to look at. */
async function leaksOf(driver: Driver): Promise<Leak[]> {
  return driver instanceof DatabasesDriver ? driver.leaks() : [];
}

/**
 * The stores a run leaked into, each model once: a scenario checks them empty at its end, since
 * the Cucumber layer's own leak check sees only stores made earlier in its run.
 */
export function leakedStores(run: SequenceRun): EmptyStore[] {
  const stores = new Map<string, EmptyStore>();
  for (const { store, model } of run.leaks ?? []) {
    // A store's name is `alias` or `alias@tenant` (storeName); neither part holds an @.
    const tenant = store.split('@')[1];
    stores.set(`${store} ${model.name}`, { model, ...(tenant !== undefined && { tenant }) });
  }
  return [...stores.values()];
}

async function runStep(driver: Driver, clock: ControllableClock, step: FuzzStep): Promise<Outcome> {
  if (step.kind === 'advance') {
    clock.advance(step.seconds * 1000);
    return { ok: true, value: null };
  }
  if (step.kind === 'createMany') {
    const created: unknown[] = [];
    for (const [at, data] of step.rows.entries()) {
      const result = await driver.execute({ kind: 'create', model: step.model, data, ...storeChoice(step) });
      if (!result.success) return { ...failure(result.error), at };
      created.push(result.data);
    }
    return { ok: true, value: created };
  }
  if (step.kind === 'walk') {
    const pages: Row[][] = [];
    let cursor: string | null = null;
    do {
      const result: OperationResult<Page<Row>> = await driver.execute({
        kind: 'page',
        model: step.model,
        query: step.query,
        size: step.size,
        cursor,
        ...storeChoice(step),
      });
      if (!result.success || result.data === undefined) return failure(result.error);
      pages.push(result.data.items);
      cursor = result.data.nextCursor;
    } while (cursor !== null && pages.length < MAX_PAGES);
    return { ok: true, value: pages };
  }
  const result = await driver.execute(step);
  return result.success ? { ok: true, value: result.data } : failure(result.error);
}

function failure(error: Error | undefined): Extract<Outcome, { ok: false }> {
  const named = error as (Error & { violations?: { field: string; rule: string }[]; fields?: string[] }) | undefined;
  const detail = named?.violations?.map((v) => `${v.field}:${v.rule}`).join(', ') ?? named?.fields?.join(', ') ?? '';
  return { ok: false, error: named?.name ?? 'Error', detail, message: named?.message ?? '' };
}

/**
 * Where and how two runs of one sequence differ, or undefined when they agree on every step and
 * both stores were set up and emptied; a store that was not is a difference at the last step.
 */
export function firstDifference(
  steps: readonly FuzzStep[],
  expected: SequenceRun,
  actual: SequenceRun,
): { index: number; description: string } | undefined {
  for (let index = 0; index < steps.length; index += 1) {
    const step = steps[index] as FuzzStep;
    const [before, after] = [expected.outcomes[index], actual.outcomes[index]];
    // A side has no outcome when its store could not be set up.
    if (before === undefined || after === undefined) {
      if (before === after) continue;
      return { index, description: (after === undefined ? actual : expected).isolationError ?? 'the step did not run on one side' };
    }
    const description = differs(step, before, after);
    if (description !== undefined) return { index, description };
  }
  if (actual.isolationError !== expected.isolationError)
    return {
      index: steps.length - 1,
      description: `${actual.isolationError ?? 'no isolation error'} (the reference: ${expected.isolationError ?? 'none'})`,
    };
  const [leaked, expectedLeaks] = [(actual.leaks ?? []).map(describeLeak), (expected.leaks ?? []).map(describeLeak)];
  if (leaked.join('\n') !== expectedLeaks.join('\n'))
    return {
      index: steps.length - 1,
      description: `after the sequence, the stores it did not touch hold ${listed(leaked)} (on the reference: ${listed(expectedLeaks)}): a write reached the wrong store`,
    };
  return undefined;
}

function differs(step: FuzzStep, expected: Outcome, actual: Outcome): string | undefined {
  if (!expected.ok || !actual.ok) {
    if (expected.ok !== actual.ok) return `${show(expected)} on the reference, ${show(actual)} here`;
    if (!expected.ok && !actual.ok && (expected.error !== actual.error || expected.detail !== actual.detail || expected.at !== actual.at)) {
      return `${show(expected)} on the reference, ${show(actual)} here`;
    }
    return undefined;
  }
  if (step.kind === 'advance') return undefined;
  const model = step.model;
  const same = sameValue(model, expected.value, actual.value);
  return same ? undefined : `the reference gave ${brief(expected.value)}, this backend ${brief(actual.value)}`;
}

function describeLeak(leak: Leak): string {
  return `${leak.store}: ${leak.model.name} ${describeRow(leak.row)}`;
}

/** Leaked records for a message: a few of them, and how many more (a wide cascade leaks a hundred). */
function listed(leaks: readonly string[]): string {
  if (leaks.length === 0) return 'nothing';
  const shown = leaks.slice(0, 3).join('; ');
  return leaks.length > 3 ? `${shown}; and ${leaks.length - 3} more` : shown;
}

function show(outcome: Outcome): string {
  if (outcome.ok) return 'success';
  const at = outcome.at === undefined ? '' : ` at record ${outcome.at + 1}`;
  return `${outcome.error}${outcome.detail ? ` (${outcome.detail})` : ''}${at}: ${oneLine(outcome.message)}`;
}

/** A value as JSON, cut short: answers may hold a hundred records of kilobytes each. */
function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 2000 ? `${text.slice(0, 1997)}...` : text;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/** Compares answers: records field by field with each field's own equality, lists in order. */
function sameValue(model: AnyModel, a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(model, item, b[i]));
  }
  if (isRow(a) || isRow(b)) {
    if (!isRow(a) || !isRow(b)) return false;
    return model.fieldNames.every((f) => valuesEqual((model.fields[f] as Field).kind, a[f], b[f]));
  }
  return Object.is(a, b) || (a === undefined && b === undefined);
}

function isRow(value: unknown): value is Row {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

import { createDriver, type Driver, type OperationResult } from '../drivers';
import { ControllableClock, type AnyModel, type Page, type Row } from '../orm';
import type { Field } from '../orm/fields';
import { valuesEqual } from '../orm/values';
import { FUZZ_EPOCH, type FuzzStep, type Outcome } from './steps';

/** The most pages a walk follows before it is taken to be looping. */
const MAX_PAGES = 200;

/** A backend the differential tester runs sequences on: its driver and the clock it reads. */
export interface FuzzTarget {
  readonly name: string;
  readonly models: readonly AnyModel[];
  readonly clock: ControllableClock;
  /** Replaced by `restartTarget`. */
  driver: Driver;
}

/** Starts a backend's driver once for many sequences. */
export async function startTarget(name: string, models: readonly AnyModel[]): Promise<FuzzTarget> {
  const clock = new ControllableClock();
  return { name, models, clock, driver: await startDriver(name, models, clock) };
}

/** Stops a backend's driver and starts a new one: after its isolation failed, its store cannot be trusted. */
export async function restartTarget(target: FuzzTarget): Promise<void> {
  await target.driver.stop().catch(() => undefined);
  target.driver = await startDriver(target.name, target.models, target.clock);
}

async function startDriver(name: string, models: readonly AnyModel[], clock: ControllableClock): Promise<Driver> {
  const driver = await createDriver(name);
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
}

/**
 * Runs a sequence on a fresh, isolated store (one scenario of the driver), returning each step's
 * outcome; a store that cannot be set up or emptied is reported, not thrown, since it is itself a
 * difference from the reference (a scenario's cleanup would fail the same way).
 */
export async function runSequence(target: FuzzTarget, steps: readonly FuzzStep[]): Promise<SequenceRun> {
  const { driver, clock } = target;
  clock.freeze(FUZZ_EPOCH);
  const outcomes: Outcome[] = [];
  let isolationError: string | undefined;
  try {
    await driver.beginScenario();
  } catch (error) {
    return { outcomes, isolationError: `starting the sequence failed: ${(error as Error).message}` };
  }
  try {
    for (const step of steps) outcomes.push(await runStep(driver, clock, step));
  } finally {
    try {
      await driver.endScenario();
    } catch (error) {
      isolationError = `emptying the store after the sequence failed: ${(error as Error).message}`;
    }
  }
  return isolationError === undefined ? { outcomes } : { outcomes, isolationError };
}

async function runStep(driver: Driver, clock: ControllableClock, step: FuzzStep): Promise<Outcome> {
  if (step.kind === 'advance') {
    clock.advance(step.seconds * 1000);
    return { ok: true, value: null };
  }
  if (step.kind === 'createMany') {
    const created: unknown[] = [];
    for (const [at, data] of step.rows.entries()) {
      const result = await driver.execute({ kind: 'create', model: step.model, data });
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

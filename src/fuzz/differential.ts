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
  readonly driver: Driver;
  readonly clock: ControllableClock;
}

/** Starts a backend's driver once for many sequences. */
export async function startTarget(name: string, models: readonly AnyModel[]): Promise<FuzzTarget> {
  const driver = await createDriver(name);
  const clock = new ControllableClock();
  try {
    await driver.start({ models, clock, workerId: `fuzz${process.pid}` });
  } catch (error) {
    await driver.stop().catch(() => undefined);
    throw new Error(`The ${name} backend could not be started: ${(error as Error).message}`, { cause: error });
  }
  return { name, driver, clock };
}

/** Runs a sequence on a fresh, isolated store (one scenario of the driver), returning each step's outcome. */
export async function runSequence(target: FuzzTarget, steps: readonly FuzzStep[]): Promise<Outcome[]> {
  const { driver, clock } = target;
  clock.freeze(FUZZ_EPOCH);
  await driver.beginScenario();
  try {
    const outcomes: Outcome[] = [];
    for (const step of steps) outcomes.push(await runStep(driver, clock, step));
    return outcomes;
  } finally {
    await driver.endScenario();
  }
}

async function runStep(driver: Driver, clock: ControllableClock, step: FuzzStep): Promise<Outcome> {
  if (step.kind === 'advance') {
    clock.advance(step.seconds * 1000);
    return { ok: true, value: null };
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

function failure(error: Error | undefined): Outcome {
  const named = error as (Error & { violations?: { field: string; rule: string }[]; fields?: string[] }) | undefined;
  const detail = named?.violations?.map((v) => `${v.field}:${v.rule}`).join(', ') ?? named?.fields?.join(', ') ?? '';
  return { ok: false, error: named?.name ?? 'Error', detail, message: named?.message ?? '' };
}

/** Where and how two runs of one sequence differ, or undefined when they agree on every step. */
export function firstDifference(
  steps: readonly FuzzStep[],
  expected: readonly Outcome[],
  actual: readonly Outcome[],
): { index: number; description: string } | undefined {
  for (let index = 0; index < steps.length; index += 1) {
    const step = steps[index] as FuzzStep;
    const description = differs(step, expected[index] as Outcome, actual[index] as Outcome);
    if (description !== undefined) return { index, description };
  }
  return undefined;
}

function differs(step: FuzzStep, expected: Outcome, actual: Outcome): string | undefined {
  if (!expected.ok || !actual.ok) {
    if (expected.ok !== actual.ok) return `${show(expected)} on the reference, ${show(actual)} here`;
    if (!expected.ok && !actual.ok && (expected.error !== actual.error || expected.detail !== actual.detail)) {
      return `${show(expected)} on the reference, ${show(actual)} here`;
    }
    return undefined;
  }
  if (step.kind === 'advance') return undefined;
  const model = step.model;
  const same = sameValue(model, expected.value, actual.value);
  return same ? undefined : `the reference gave ${JSON.stringify(expected.value)}, this backend ${JSON.stringify(actual.value)}`;
}

function show(outcome: Outcome): string {
  return outcome.ok ? 'success' : `${outcome.error}${outcome.detail ? ` (${outcome.detail})` : ''}`;
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

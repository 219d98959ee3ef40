import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineStarter, registerCleanup } from '../drivers';
import type { StartedEngine } from '../drivers/driver';
import type { AnyModel } from '../orm';
import { ALL_LIMITS, sequenceArb, type Limits } from './arbitraries';
import { firstDifference, restartTarget, runSequence, startTarget, type FuzzTarget, type SequenceRun } from './differential';
import { writeFeature, writeScenario } from './scenario-writer';
import type { FuzzStep } from './steps';

/** What to fuzz, and for how long. */
export interface FuzzOptions {
  /** The backends compared with the reference. */
  readonly backends: readonly string[];
  /** The models sequences use. */
  readonly models: readonly AnyModel[];
  /** Sequences per backend. */
  readonly runs: number;
  /** The seed; the same seed gives the same sequences. */
  readonly seed: number;
  /** Stop a backend's search after this long (the runs done so far count). */
  readonly timeLimitMs?: number;
  /** The longest sequence (a wide cascade counts as one step). */
  readonly maxSteps?: number;
  /** The engine-limit classes to generate (default: all of them). */
  readonly limits?: Limits;
  /** The reference backend (default: inmemory). */
  readonly reference?: string;
  /** Where found scenarios are written (default: reports/fuzz). */
  readonly reportDir?: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** One backend's verdict. */
export interface FuzzResult {
  readonly backend: string;
  readonly seed: number;
  readonly runs: number;
  readonly durationMs: number;
  readonly interrupted: boolean;
  /** The first difference found, shrunk, as a ready-to-paste scenario. */
  readonly difference?: { readonly description: string; readonly scenario: string; readonly file: string; readonly path: string };
}

/**
 * Runs random operation sequences on the reference and on each backend, each on a fresh store,
 * comparing every step's outcome; a difference is shrunk to a minimal sequence and written as a
 * Gherkin scenario that asserts the reference's behaviour. A backend with an engine outside the
 * process gets it started once (as the parity run does), so a restart of its driver is cheap.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzResult[]> {
  const log = options.log ?? (() => undefined);
  const reference = await startTarget(options.reference ?? 'inmemory', options.models);
  const results: FuzzResult[] = [];
  try {
    for (const backend of options.backends) {
      results.push(
        await withEngine(backend, async () => {
          const target = await startTarget(backend, options.models);
          try {
            return await fuzzOne(reference, target, options, log);
          } finally {
            await target.driver.stop();
          }
        }),
      );
    }
  } finally {
    await reference.driver.stop();
  }
  return results;
}

/** Runs `body` with the backend's engine started (if it has one) and the environment pointing at it. */
async function withEngine<T>(backend: string, body: () => Promise<T>): Promise<T> {
  const starter = await engineStarter(backend);
  if (starter === undefined) return body();
  let engine: StartedEngine;
  try {
    engine = await starter();
  } catch (error) {
    throw new Error(`The ${backend} backend could not be started: ${(error as Error).message}`, { cause: error });
  }
  const unregister = registerCleanup({ name: `the ${backend} engine (${engine.description})`, stop: () => engine.stop() });
  const saved = Object.fromEntries(Object.keys(engine.env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, engine.env);
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    unregister();
    await engine.stop();
  }
}

async function fuzzOne(reference: FuzzTarget, target: FuzzTarget, options: FuzzOptions, log: (line: string) => void): Promise<FuzzResult> {
  const started = Date.now();
  const compare = async (steps: FuzzStep[]): Promise<void> => {
    const expected = await run(reference, steps);
    const actual = await run(target, steps);
    const difference = firstDifference(steps, expected, actual);
    if (difference !== undefined)
      throw new Error(`step ${difference.index + 1} (${steps[difference.index]?.kind}): ${difference.description}`);
  };
  // fast-check's time limit stops waiting for a sequence, not the sequence: wait for it before the drivers are used again.
  let running: Promise<unknown> = Promise.resolve();
  const property = fc.asyncProperty(sequenceArb(options.models, options.maxSteps ?? 20, options.limits ?? ALL_LIMITS), (steps) => {
    const comparison = running.then(() => compare(steps));
    running = comparison.catch(() => undefined);
    return comparison;
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    ...(options.timeLimitMs === undefined ? {} : { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false }),
  });
  await running;
  const durationMs = Date.now() - started;
  const base = { backend: target.name, seed: options.seed, runs: details.numRuns, durationMs, interrupted: details.interrupted };
  if (!details.failed || details.counterexample === null) {
    log(
      `${target.name}: ${details.numRuns} sequences agree with ${reference.name} (seed ${options.seed}, ${(durationMs / 1000).toFixed(1)} s${details.interrupted ? ', time budget reached' : ''})`,
    );
    return base;
  }
  const [steps] = details.counterexample as [FuzzStep[]];
  const expected = await run(reference, steps);
  const actual = await run(target, steps);
  const difference = firstDifference(steps, expected, actual);
  const cut = difference === undefined ? steps.length : difference.index + 1;
  const description = difference?.description ?? String(details.errorInstance);
  const title = `${target.name} agrees with ${reference.name} on ${steps[cut - 1]?.kind ?? 'a sequence'} (fuzz seed ${options.seed}, path ${details.counterexamplePath})`;
  const scenario = writeScenario(title, steps.slice(0, cut), expected.outcomes.slice(0, cut));
  const dir = options.reportDir ?? path.join('reports', 'fuzz');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${target.name}-seed-${options.seed}.feature`);
  writeFileSync(
    file,
    writeFeature(`Found by npm run fuzz -- --backends ${target.name} --seed ${options.seed}: ${oneLine(description)}`, [scenario]),
  );
  log(
    `${target.name}: DIFFERENCE after ${details.numRuns} sequences (seed ${options.seed}, path ${details.counterexamplePath}): ${description}\n\n${scenario}\n(written to ${file})`,
  );
  return { ...base, difference: { description, scenario, file, path: details.counterexamplePath ?? '' } };
}

/** Runs a sequence; a backend whose store could not be set up or emptied is restarted, so the next sequence starts clean. */
async function run(target: FuzzTarget, steps: readonly FuzzStep[]): Promise<SequenceRun> {
  const result = await runSequence(target, steps);
  if (result.isolationError !== undefined) await restartTarget(target);
  return result;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { engineStarter, registerCleanup } from '../drivers';
import type { StartedEngine } from '../drivers/driver';
import { checkTenant, type AnyModel, type DatabaseLayout } from '../orm';
import { ALL_LIMITS, sequenceArb, tenancyFor, type Limits, type Tenancy } from './arbitraries';
import { firstDifference, leakedStores, restartTarget, runSequence, startTarget, type FuzzTarget, type SequenceRun } from './differential';
import { writeFeature, writeScenario } from './scenario-writer';
import type { FuzzStep } from './steps';

/** The tenants of the multi-tenant pass, unless it names others. */
export const FUZZ_TENANTS: readonly string[] = ['acme', 'globex'];

/** The multi-tenant pass: sequences over several database aliases and two tenants. */
export interface TenantPass {
  /** The models its sequences use: of at least two aliases, one of them a template (one store per tenant). */
  readonly models: readonly AnyModel[];
  /** The project's databases, as `defineDatabases` declares them. */
  readonly databases: DatabaseLayout;
  /** The tenants steps work for (default: acme and globex). */
  readonly tenants?: readonly string[];
}

/** What to fuzz, and for how long. */
export interface FuzzOptions {
  /** The backends compared with the reference. */
  readonly backends: readonly string[];
  /** The models of the single-database pass, every sequence on one store (none: no such pass). */
  readonly models?: readonly AnyModel[];
  /**
   * The multi-tenant pass (none: no such pass), after the single-database one on each backend:
   * each sequence interleaves tenants and aliases, through the driver of several databases on
   * the backend and on the reference, and the stores it leaves alone must stay empty.
   */
  readonly multiTenant?: TenantPass;
  /** Sequences per backend and pass. */
  readonly runs: number;
  /** The seed; the same seed gives the same sequences. */
  readonly seed: number;
  /** Stop a backend's search (in each pass) after this long (the runs done so far count). */
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

/** The passes of the fuzzer. */
export type PassName = 'single' | 'multi-tenant';

/** One backend's verdict in one pass. */
export interface FuzzResult {
  readonly backend: string;
  readonly pass: PassName;
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
 * Gherkin scenario that asserts the reference's behaviour. Each backend runs the single-database
 * pass, then the multi-tenant one (whichever the options ask for); one result per backend and
 * pass. A backend with an engine outside the process gets it started once for both (as the
 * parity run does), so a restart of its driver is cheap.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzResult[]> {
  const log = options.log ?? (() => undefined);
  const passes = passesOf(options);
  const references: FuzzTarget[] = [];
  const results: FuzzResult[] = [];
  try {
    for (const pass of passes) references.push(await startTarget(options.reference ?? 'inmemory', pass.models, pass.databases));
    for (const backend of options.backends) {
      const found = await withEngine(backend, async () => {
        const verdicts: FuzzResult[] = [];
        for (const [index, pass] of passes.entries()) {
          const target = await startTarget(backend, pass.models, pass.databases);
          try {
            verdicts.push(await fuzzOne(references[index] as FuzzTarget, target, pass, options, log));
          } finally {
            await target.driver.stop();
          }
        }
        return verdicts;
      });
      results.push(...found);
    }
  } finally {
    for (const reference of references) await reference.driver.stop();
  }
  return results;
}

/** One pass as the search runs it: its models and, for the multi-tenant pass, the databases and how steps spread over them. */
interface Pass {
  readonly name: PassName;
  readonly models: readonly AnyModel[];
  readonly databases?: DatabaseLayout;
  readonly tenancy?: Tenancy;
}

/** The passes the options ask for, single-database first; a multi-tenant pass that could not cross stores is refused, saying why. */
function passesOf(options: FuzzOptions): Pass[] {
  const passes: Pass[] = [];
  if (options.models !== undefined) passes.push({ name: 'single', models: options.models });
  if (options.multiTenant !== undefined) {
    const { models, databases, tenants = FUZZ_TENANTS } = options.multiTenant;
    checkTenantPass(models, databases, tenants);
    passes.push({ name: 'multi-tenant', models, databases, tenancy: tenancyFor(databases, tenants) });
  }
  if (passes.length === 0) throw new Error('Nothing to fuzz: give the models of the single-database pass, the multi-tenant pass, or both.');
  return passes;
}

function checkTenantPass(models: readonly AnyModel[], databases: DatabaseLayout, tenants: readonly string[]): void {
  tenants.forEach(checkTenant);
  if (new Set(tenants).size < 2) throw new Error(`The multi-tenant pass needs two tenants or more, not ${JSON.stringify(tenants)}.`);
  databases.checkModels(models);
  const aliases = [...new Set(models.map((model) => model.database))];
  if (aliases.length < 2 || !aliases.some((alias) => databases.isTemplate(alias))) {
    throw new Error(
      `The multi-tenant pass needs models in at least two database aliases, one of them a template (one store per tenant); ` +
        `these models are in ${aliases.join(', ') || 'none'}. Bind models to more aliases (defineModel(..., { database: '...' })).`,
    );
  }
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

async function fuzzOne(
  reference: FuzzTarget,
  target: FuzzTarget,
  pass: Pass,
  options: FuzzOptions,
  log: (line: string) => void,
): Promise<FuzzResult> {
  const started = Date.now();
  // The runs of the last sequence that differed: shrinking ends on it, and running it again may not
  // show the difference again (a leak check drops the store it found records in).
  let lastDiffering: { steps: FuzzStep[]; expected: SequenceRun; actual: SequenceRun } | undefined;
  const compare = async (steps: FuzzStep[]): Promise<void> => {
    const expected = await run(reference, steps);
    const actual = await run(target, steps);
    const difference = firstDifference(steps, expected, actual);
    if (difference === undefined) return;
    lastDiffering = { steps, expected, actual };
    throw new Error(`step ${difference.index + 1} (${steps[difference.index]?.kind}): ${difference.description}`);
  };
  // fast-check's time limit stops waiting for a sequence, not the sequence: wait for it before the drivers are used again.
  let running: Promise<unknown> = Promise.resolve();
  const sequences = sequenceArb(pass.models, options.maxSteps ?? 20, options.limits ?? ALL_LIMITS, pass.tenancy);
  const property = fc.asyncProperty(sequences, (steps) => {
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
  const base = {
    backend: target.name,
    pass: pass.name,
    seed: options.seed,
    runs: details.numRuns,
    durationMs,
    interrupted: details.interrupted,
  };
  const who = pass.name === 'single' ? target.name : `${target.name} (${pass.name})`;
  if (!details.failed || details.counterexample === null) {
    log(
      `${who}: ${details.numRuns} sequences agree with ${reference.name} (seed ${options.seed}, ${(durationMs / 1000).toFixed(1)} s${details.interrupted ? ', time budget reached' : ''})`,
    );
    return base;
  }
  const [steps] = details.counterexample as [FuzzStep[]];
  const { expected, actual } =
    lastDiffering?.steps === steps ? lastDiffering : { expected: await run(reference, steps), actual: await run(target, steps) };
  const difference = firstDifference(steps, expected, actual);
  const cut = difference === undefined ? steps.length : difference.index + 1;
  const description = difference?.description ?? String(details.errorInstance);
  const across = pass.name === 'single' ? '' : ' across tenants';
  const title = `${target.name} agrees with ${reference.name}${across} on ${steps[cut - 1]?.kind ?? 'a sequence'} (fuzz seed ${options.seed}, path ${details.counterexamplePath})`;
  // Where the whole sequence is kept, the stores this backend leaked into are checked empty at the end.
  const empty = cut === steps.length ? leakedStores(actual) : [];
  const scenario = writeScenario(title, steps.slice(0, cut), expected.outcomes.slice(0, cut), empty);
  const dir = options.reportDir ?? path.join('reports', 'fuzz');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${target.name}${pass.name === 'single' ? '' : '-tenants'}-seed-${options.seed}.feature`);
  const command = `npm run fuzz -- --backends ${target.name} --seed ${options.seed}${pass.name === 'single' ? '' : ` --pass ${pass.name}`}`;
  writeFileSync(file, writeFeature(`Found by ${command}: ${oneLine(description)}`, [scenario]));
  log(
    `${who}: DIFFERENCE after ${details.numRuns} sequences (seed ${options.seed}, path ${details.counterexamplePath}): ${description}\n\n${scenario}\n(written to ${file})`,
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

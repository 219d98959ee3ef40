/*
 * npm run fuzz -- [--backends sqlite,postgres] [--runs 1000] [--seed 42] [--time 60] [--steps 20]
 *                 [--limits keys,long-text,long-in,exclusions,wide] [--models features/models.ts]
 *                 [--pass single|multi-tenant|all] [--require module.ts]
 * Compares random operation sequences on every backend with the in-memory reference; each found
 * difference is printed (and written under reports/fuzz/) as a ready-to-paste Gherkin scenario.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { knownDrivers } from '../drivers';
import { DEFAULT_DATABASE, DatabaseLayout, isModel, type AnyModel } from '../orm';
import { FUZZ_TENANTS, fuzz, type FuzzOptions, type TenantPass } from './fuzz';
import { LIMIT_CLASSES, parseLimits } from './limits';
import { moduleExports } from '../cli/models-module';

const USAGE = `npm run fuzz -- [options]     (from an installed package: npx parity fuzz [options])

Runs random operation sequences on each backend and on the in-memory reference, and writes the
first difference, shrunk, as a Gherkin scenario under reports/fuzz/.

  --backends a,b     the backends to compare with inmemory (default: every registered one)
  --runs n           sequences per backend and pass (default 100)
  --seed n           the seed; the same seed draws the same sequences (default: random, printed)
  --time s           stop a backend's search in a pass after s seconds (the runs so far count)
  --steps n          the longest sequence (default 20)
  --limits list      the engine-limit cases to add, rarely, to the sequences (default all):
                       keys        empty keys and keys over DynamoDB's 1,024/2,048 bytes, on
                                   reads, writes and as reference values
                       long-text   unique and indexed text of 2-10 KB, clashing
                       long-in     __in lists of thousands to 70,000 values
                       exclusions  queries with hundreds to 1,500 exclusions
                       wide        a parent with 60-130 children, then deleted
                     a comma-separated list of ${LIMIT_CLASSES.join(', ')}, or all, or none
  --models file      a module exporting the models to use (default features/models.ts)
  --pass name        which sequences to run (default single):
                       single        every sequence on one store, with the models of the
                                     ${DEFAULT_DATABASE} database
                       multi-tenant  sequences that interleave the tenants ${FUZZ_TENANTS.join(' and ')} and
                                     the models of at least two other database aliases (one
                                     a template), some through a mirror, with keys and unique
                                     values clashing across tenants; each on the backend's
                                     stores of every alias and tenant, whose untouched stores
                                     must stay empty. The module must export its databases
                                     (the result of defineDatabases)
                       all           both, one after the other, on each backend
  --require file     a module to load first, e.g. one that registers a driver (repeatable)
  --help             this text
`;

/** The command line's options. */
function options(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', default: false },
      limits: { type: 'string', default: 'all' },
      backends: { type: 'string' },
      runs: { type: 'string', default: '100' },
      seed: { type: 'string' },
      time: { type: 'string' },
      steps: { type: 'string', default: '20' },
      models: { type: 'string', default: 'features/models.ts' },
      pass: { type: 'string', default: 'single' },
      require: { type: 'string', multiple: true, default: [] },
    },
  }).values;
}

/** Runs the fuzzer with the given arguments and returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  return run(options(argv));
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} takes a positive whole number, not ${JSON.stringify(text)}.`);
  return value;
}

/** A layout by its shape, as models are: the module may have its own copy of the package. */
function isDatabaseLayout(value: unknown): value is DatabaseLayout {
  return (
    value instanceof DatabaseLayout ||
    (typeof value === 'object' && value !== null && 'creationOrder' in value && 'storeAlias' in value && 'templates' in value)
  );
}

const PASSES = ['single', 'multi-tenant', 'all'] as const;

/** Reads `--pass`: which of the two passes run. */
function parsePass(text: string): { single: boolean; tenants: boolean } {
  if (!(PASSES as readonly string[]).includes(text)) throw new Error(`--pass takes ${PASSES.join(', ')}, not ${JSON.stringify(text)}.`);
  return { single: text !== 'multi-tenant', tenants: text !== 'single' };
}

/**
 * The passes' models, split by database: the single-database pass takes the models of `default`
 * (the store a scenario without a tag uses), the multi-tenant pass the others, over the module's
 * databases. A pass with nothing to run on is refused, saying what the module must export.
 */
function passModels(file: string, exported: unknown[], wanted: ReturnType<typeof parsePass>): Pick<FuzzOptions, 'models' | 'multiTenant'> {
  const models = exported.filter(isModel);
  if (models.length === 0) throw new Error(`${file} exports no models: export the results of defineModel(...).`);
  return {
    ...(wanted.single && { models: singleDatabaseModels(file, models) }),
    ...(wanted.tenants && { multiTenant: tenantPass(file, models, exported) }),
  };
}

function singleDatabaseModels(file: string, models: readonly AnyModel[]): AnyModel[] {
  const single = models.filter((model) => model.database === DEFAULT_DATABASE);
  if (single.length === 0)
    throw new Error(`${file} exports no models of the ${DEFAULT_DATABASE} database for the single-database pass: run --pass multi-tenant.`);
  return single;
}

function tenantPass(file: string, models: readonly AnyModel[], exported: unknown[]): TenantPass {
  const layouts = exported.filter(isDatabaseLayout);
  if (layouts.length !== 1)
    throw new Error(
      `--pass multi-tenant needs the databases: ${file} must export exactly one result of defineDatabases(...), and it exports ${layouts.length}.`,
    );
  return { models: models.filter((model) => model.database !== DEFAULT_DATABASE), databases: layouts[0] as DatabaseLayout };
}

function describePasses({ models, multiTenant }: Pick<FuzzOptions, 'models' | 'multiTenant'>): string {
  const names = (list: readonly AnyModel[]) => list.map((m) => m.name).join(', ');
  const passes = models === undefined ? [] : [names(models)];
  if (multiTenant !== undefined)
    passes.push(
      `${passes.length > 0 ? 'then ' : ''}${names(multiTenant.models)} for the tenants ${FUZZ_TENANTS.join(' and ')} (multi-tenant)`,
    );
  return passes.join('; ');
}

async function run(values: ReturnType<typeof options>): Promise<number> {
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const limits = parseLimits(values.limits);
  const wanted = parsePass(values.pass);
  for (const module of values.require) await import(path.resolve(module));
  const exported = await moduleExports(values.models);
  const passes = passModels(values.models, exported, wanted);
  const backends = values.backends?.split(',').map((b) => b.trim()) ?? knownDrivers().filter((b) => b !== 'inmemory');
  const seed = positive('seed', values.seed) ?? Math.floor(Math.random() * 2 ** 31);
  const time = positive('time', values.time);
  const limitNames = limits.size === 0 ? 'no engine limits' : `engine limits: ${[...limits].join(', ')}`;
  console.log(`Fuzzing ${backends.join(', ')} against inmemory with ${describePasses(passes)} (${limitNames}): seed ${seed}`);
  const results = await fuzz({
    backends,
    ...passes,
    seed,
    runs: positive('runs', values.runs) ?? 100,
    maxSteps: positive('steps', values.steps) ?? 20,
    limits,
    ...(time === undefined ? {} : { timeLimitMs: time * 1000 }),
    log: (line) => console.log(line),
  });
  const failed = results.filter((r) => r.difference !== undefined);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed${failed.length > 0 ? ` (seed ${seed})` : ''}`);
  return failed.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(2);
    },
  );
}

/*
 * npm run fuzz -- [--backends sqlite,postgres] [--runs 1000] [--seed 42] [--time 60] [--steps 20]
 *                 [--models features/models.ts] [--require module.ts]
 * Compares random operation sequences on every backend with the in-memory reference; each found
 * difference is printed (and written under reports/fuzz/) as a ready-to-paste Gherkin scenario.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { knownDrivers } from '../drivers';
import type { AnyModel } from '../orm';
import { fuzz } from './fuzz';

const { values } = parseArgs({
  options: {
    backends: { type: 'string' },
    runs: { type: 'string', default: '100' },
    seed: { type: 'string' },
    time: { type: 'string' },
    steps: { type: 'string', default: '20' },
    models: { type: 'string', default: 'features/models.ts' },
    require: { type: 'string', multiple: true, default: [] },
  },
});

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} takes a positive whole number, not ${JSON.stringify(text)}.`);
  return value;
}

function isModel(value: unknown): value is AnyModel {
  return typeof value === 'object' && value !== null && 'fieldNames' in value && 'primaryKey' in value && 'name' in value;
}

async function main(): Promise<number> {
  for (const module of values.require) await import(path.resolve(module));
  const exported = (await import(path.resolve(values.models))) as Record<string, unknown>;
  const models = [
    ...new Set(
      Object.values(exported)
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .filter(isModel),
    ),
  ];
  if (models.length === 0) throw new Error(`${values.models} exports no models: export the results of defineModel(...).`);
  const backends = values.backends?.split(',').map((b) => b.trim()) ?? knownDrivers().filter((b) => b !== 'inmemory');
  const seed = positive('seed', values.seed) ?? Math.floor(Math.random() * 2 ** 31);
  const time = positive('time', values.time);
  console.log(`Fuzzing ${backends.join(', ')} against inmemory with ${models.map((m) => m.name).join(', ')}: seed ${seed}`);
  const results = await fuzz({
    backends,
    models,
    seed,
    runs: positive('runs', values.runs) ?? 100,
    maxSteps: positive('steps', values.steps) ?? 20,
    ...(time === undefined ? {} : { timeLimitMs: time * 1000 }),
    log: (line) => console.log(line),
  });
  const failed = results.filter((r) => r.difference !== undefined);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed${failed.length > 0 ? ` (seed ${seed})` : ''}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(2);
  },
);

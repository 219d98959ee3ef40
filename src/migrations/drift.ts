/*
 * The drift check (issue 14): before the first scenario, and in `parity migrations check` against
 * an engine, the schema a store holds is read back and compared with what the models need. Any
 * difference stops the run once, one line per model and field, instead of failing each scenario.
 */
import { SchemaDriftError } from '../orm/errors';
import { schemaDifferences, type Schema } from './schema';
import type { MigrationTarget } from './target';

export { SchemaDriftError };

/** What the store lacks or has differently from `expected`; empty when it holds exactly what the models need. */
export async function driftOf(target: MigrationTarget, expected: Schema): Promise<string[]> {
  const stored = await target.read(expected);
  return schemaDifferences(expected, stored.schema, stored.sees);
}

/** Throws a `SchemaDriftError` naming each difference between the store and `expected`. */
export async function checkDrift(target: MigrationTarget, expected: Schema, store: string, hint = DEFAULT_HINT): Promise<void> {
  const differences = await driftOf(target, expected);
  if (differences.length > 0) throw new SchemaDriftError(store, differences, hint);
}

const DEFAULT_HINT =
  'No scenario ran. Write a migration for each difference (parity migrations make <name> writes it from the models), ' +
  'or change the models to match the database.';

import type { Operation, QuerySpec, StoreChoice } from '../drivers/driver';
import type { AnyModel, Row } from '../orm';

/**
 * One step of a differential sequence: a driver operation, a walk through every page of a
 * query, creates of many records in a row (the children of a wide cascade), or the frozen clock
 * moving on. In the multi-tenant pass a step also says which store it reaches: its tenant, and
 * the alias it goes through when that is not its model's own (a mirror).
 */
export type FuzzStep =
  | Exclude<Operation, { kind: 'page' }>
  | (StoreChoice & { readonly kind: 'walk'; readonly model: AnyModel; readonly query: QuerySpec; readonly size: number })
  | (StoreChoice & { readonly kind: 'createMany'; readonly model: AnyModel; readonly rows: readonly Row[] })
  | { readonly kind: 'advance'; readonly seconds: number };

/**
 * What a step gave: an error class (with what it names), or a value. A `createMany` stops at
 * its first refused record; `at` is that record's index.
 */
export type Outcome =
  | { readonly ok: false; readonly error: string; readonly detail: string; readonly message: string; readonly at?: number }
  | { readonly ok: true; readonly value: unknown };

/** A store a scenario checks is empty at its end: a model's records in one tenant's store (or, with no tenant, in its reserved store). */
export interface EmptyStore {
  readonly model: AnyModel;
  readonly tenant?: string;
}

/** The instant every sequence starts at; the clock moves only by `advance` steps. */
export const FUZZ_EPOCH = new Date('2024-01-01T00:00:00.000Z');

/** The store a step reaches (its tenant, and the alias it goes through), with only the parts it sets. */
export function storeChoice(step: FuzzStep): StoreChoice {
  if (step.kind === 'advance') return {};
  return { ...(step.tenant !== undefined && { tenant: step.tenant }), ...(step.database !== undefined && { database: step.database }) };
}

/**
 * The database aliases a sequence touches, sorted: each step's model's own and any alias it goes
 * through. A multi-tenant sequence declares exactly these (`beginScenario`, the scenario's
 * `@databases-` tag), so that every store it leaves alone is checked for leaks.
 */
export function touchedDatabases(steps: readonly FuzzStep[]): string[] {
  const aliases = new Set<string>();
  for (const step of steps) {
    if (step.kind === 'advance') continue;
    aliases.add(step.model.database);
    if (step.database !== undefined) aliases.add(step.database);
  }
  return [...aliases].sort();
}

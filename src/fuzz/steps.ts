import type { Operation, QuerySpec } from '../drivers/driver';
import type { AnyModel, Row } from '../orm';

/**
 * One step of a differential sequence: a driver operation, a walk through every page of a
 * query, creates of many records in a row (the children of a wide cascade), or the frozen clock
 * moving on.
 */
export type FuzzStep =
  | Exclude<Operation, { kind: 'page' }>
  | { readonly kind: 'walk'; readonly model: AnyModel; readonly query: QuerySpec; readonly size: number }
  | { readonly kind: 'createMany'; readonly model: AnyModel; readonly rows: readonly Row[] }
  | { readonly kind: 'advance'; readonly seconds: number };

/**
 * What a step gave: an error class (with what it names), or a value. A `createMany` stops at
 * its first refused record; `at` is that record's index.
 */
export type Outcome =
  | { readonly ok: false; readonly error: string; readonly detail: string; readonly message: string; readonly at?: number }
  | { readonly ok: true; readonly value: unknown };

/** The instant every sequence starts at; the clock moves only by `advance` steps. */
export const FUZZ_EPOCH = new Date('2024-01-01T00:00:00.000Z');

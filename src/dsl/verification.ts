import { distance } from 'fastest-levenshtein';
import { describeValue, type AnyModel, type Row } from '../orm';
import type { Field } from '../orm/fields';
import { valuesEqual } from '../orm/values';

/** A failed check in the acceptance layer: says which operation, model, values and backend. */
export class VerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerificationError';
  }
}

/** An expectation that is not one value: `<any>` and friends. */
export class Matcher {
  constructor(
    readonly description: string,
    readonly test: (actual: unknown) => boolean,
  ) {}

  toString(): string {
    return this.description;
  }
}

/** Matches any value but null. */
export const anyValue = new Matcher('<any>', (actual) => actual !== null && actual !== undefined);

/** Whether a stored value meets an expectation (a value compared by the field's kind, or a matcher). */
export function meets(field: Field | undefined, expected: unknown, actual: unknown): boolean {
  if (expected instanceof Matcher) return expected.test(actual);
  if (field === undefined) return Object.is(expected, actual);
  if ((expected === null) !== (actual === null || actual === undefined)) return false;
  return expected === null || valuesEqual(field.kind, expected, actual);
}

/** The names of the fields of `expected` whose value `actual` does not meet. */
export function mismatches(model: AnyModel, expected: Row, actual: Row): string[] {
  return Object.keys(expected).filter((name) => !meets(model.fields[name], expected[name], actual[name]));
}

/**
 * The choice closest to a mistyped word (case ignored), when it is close enough to be a likely
 * typo: at most two edits (a third of the word's length for long words), or the one choice that
 * begins with the word (`missing` for `missing-parent`).
 */
export function closestChoice(word: string, choices: readonly string[]): string | undefined {
  const starting = choices.filter((c) => word.length >= 3 && c.toLowerCase().startsWith(word.toLowerCase()));
  if (starting.length === 1) return starting[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const choice of choices) {
    const d = distance(word.toLowerCase(), choice.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [choice, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** ` (did you mean "email"?)` for a likely typo of one of the choices, else the empty string. */
export function didYouMean(word: string, choices: readonly string[], quote = true): string {
  const best = closestChoice(word, choices);
  if (best === undefined) return '';
  return ` (did you mean ${quote ? JSON.stringify(best) : best}?)`;
}

/** Checks that every named field exists on the model; a misspelt one is named with the closest field. */
export function checkFieldNames(model: AnyModel, names: readonly string[], where: string): void {
  const unknown = names.filter((n) => !Object.prototype.hasOwnProperty.call(model.fields, n));
  if (unknown.length > 0) {
    throw new VerificationError(
      `${where} names ${unknown.map((n) => `"${n}"${didYouMean(n, model.fieldNames)}`).join(', ')}, which ${model.name} does not have. Its fields are: ${model.fieldNames.join(', ')}.`,
    );
  }
}

/** Renders a record (or the listed fields of it) on one line. */
export function describeRow(row: Row, fields: readonly string[] = Object.keys(row)): string {
  return `{ ${fields.map((f) => `${f}: ${row[f] instanceof Matcher ? String(row[f]) : describeValue(row[f])}`).join(', ')} }`;
}

/** The names an error answers to: its class and every base class (`DuplicateKeyError`, `ParityError`, `Error`). */
export function errorNames(error: unknown): string[] {
  const names: string[] = [];
  let proto: unknown = error === null || typeof error !== 'object' ? undefined : Object.getPrototypeOf(error);
  while (proto !== null && proto !== undefined && proto !== Object.prototype) {
    const ctor = (proto as { constructor?: { name?: string } }).constructor;
    if (ctor?.name) names.push(ctor.name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

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

/** Checks that every named field exists on the model. */
export function checkFieldNames(model: AnyModel, names: readonly string[], where: string): void {
  const unknown = names.filter((n) => !Object.prototype.hasOwnProperty.call(model.fields, n));
  if (unknown.length > 0) {
    throw new VerificationError(
      `${where} names ${unknown.map((n) => `"${n}"`).join(', ')}, which ${model.name} does not have. Its fields are: ${model.fieldNames.join(', ')}.`,
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

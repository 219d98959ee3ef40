import fc from 'fast-check';
import type { FieldKind } from '../orm/fields';

/*
 * The engine-limit cases the generators add, now and then, to the ordinary sequences: values and
 * shapes that no rule of the model refuses but that engines have limits for. The reference has
 * none of these limits, so a backend that hits one shows a difference. Each class can be turned
 * off (`--limits`); the heavy ones (long lists, deep exclusions, wide cascades) are rare, so a
 * time-bounded run still spends most of its time on ordinary sequences.
 */

/** The classes of engine-limit cases, as `--limits` names them. */
export const LIMIT_CLASSES = ['keys', 'long-text', 'long-in', 'exclusions', 'wide'] as const;

/** One class of engine-limit cases. */
export type LimitClass = (typeof LIMIT_CLASSES)[number];

/** Reads a `--limits` value: a comma-separated list of classes, `all` or `none`. */
export function parseLimits(text: string): ReadonlySet<LimitClass> {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 1 && names[0] === 'all') return new Set(LIMIT_CLASSES);
  if (names.length === 1 && names[0] === 'none') return new Set();
  const unknown = names.filter((name) => !(LIMIT_CLASSES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(`--limits takes a comma-separated list of ${LIMIT_CLASSES.join(', ')} (or all, or none), not ${JSON.stringify(text)}.`);
  return new Set(names as LimitClass[]);
}

/**
 * String keys (and so reference values) that no engine stores as such: the empty string, and
 * values over DynamoDB's key limits — 1,024 bytes for a sort key, 2,048 for a partition key, in
 * UTF-8, so `é` (two bytes) makes a value over a limit in bytes but not in characters.
 */
export const UNSTORABLE_KEYS: readonly string[] = ['', 'k'.repeat(1025), 'é'.repeat(513), 'k'.repeat(2049), 'é'.repeat(1025)];

/** Letters and digits from a fixed seed: text no engine can compress below its index-entry limit. */
function noise(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let state = 0x2f6b_4c1d;
  let text = '';
  for (let i = 0; i < length; i += 1) {
    // xorshift32: deterministic, so a seed always draws the same text.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    text += alphabet[(state >>> 0) % alphabet.length];
  }
  return text;
}

const NOISE = noise(10_000);

/**
 * Long unique values that clash: over PostgreSQL's btree entry limit (about 2.7 KB, after
 * compression, hence noise), and two sharing their first 3,000 characters, so only an exact
 * comparison of the whole value tells them apart.
 */
export const LONG_UNIQUE_TEXT: readonly string[] = [NOISE.slice(0, 3000), NOISE.slice(0, 5000), 'ab'.repeat(2500)];

/** Long text (2–10 KB) for a field that allows it; none when the field's maxLength is shorter. */
export function longTextArb(maxLength: number | undefined): fc.Arbitrary<string>[] {
  const longest = Math.min(NOISE.length, maxLength ?? Infinity);
  if (longest < 3000) return [];
  return [
    fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 2000, max: longest }).map((length) => NOISE.slice(0, length)) },
      { weight: 1, arbitrary: fc.constantFrom(...LONG_UNIQUE_TEXT.filter((text) => text.length <= longest)) },
    ),
  ];
}

/** Field kinds a long `__in` list and the deep exclusions are made of. */
export const LISTABLE_KINDS: readonly FieldKind[] = ['string', 'integer', 'float'];

/**
 * A size between `min` and `max`, drawn mostly near `max` (the share below a size falls as the
 * cube of its distance from `min`), that shrinks towards `min` step by step: shrinking finds the
 * smallest size that still differs, whichever engine's limit it is.
 */
function sizeArb(min: number, max: number): fc.Arbitrary<number> {
  const steps = max - min;
  return fc.noBias(fc.integer({ min: 0, max: steps })).map((step) => min + Math.round(steps * Math.cbrt(step / steps)));
}

/**
 * The length of a long `__in` list: from 1,000 to 100,000, past the parameter limits engines have
 * (SQL Server's 2,100, SQLite's 32,766, PostgreSQL's 65,535); seven lists in ten are over 65,535.
 */
export const longListSizeArb: fc.Arbitrary<number> = sizeArb(1000, 100_000);

/** The number of exclusions of a deep query: from a hundred to 1,500, past SQLite's expression depth of 1,000. */
export const deepExclusionsArb: fc.Arbitrary<number> = sizeArb(100, 1500);

/** The children of a wide cascade: around DynamoDB's 100 writes per transaction. */
export const wideChildrenArb: fc.Arbitrary<number> = fc.integer({ min: 90, max: 130 });

/** The i-th filler value of a long list or an exclusion: distinct, of the field's kind, outside the value pools. */
export function fillerValue(kind: FieldKind, i: number): string | number {
  if (kind === 'integer') return 5000 + i;
  if (kind === 'float') return 5000.5 + i;
  return `v${i}`;
}

import type { QuerySpec } from '../drivers/driver';
import type { AnyModel, KeyInput, Lookups, Row } from '../orm';
import type { Field } from '../orm/fields';
import { Matcher, VerificationError, anyValue, checkFieldNames, didYouMean } from './verification';

/*
 * Turning Gherkin table cells into values, keys, queries and expectations. Cells are parsed by
 * their field's type; a cell that does not parse is passed on as text, so the ORM reports the
 * wrong type exactly as it would for a user. What can only be a mistake in the feature file (an
 * impossible date, a misspelt marker) fails at once, naming the mistake and the valid choices.
 */

/** A table as Cucumber's `DataTable.raw()` gives it: rows of cells. */
export type Cells = readonly (readonly string[])[];

/** Where `<now>` reads the time. */
export interface NowSource {
  now(): Date;
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;
const REPEAT = /^<"((?:[^"\\]|\\.)*)" x (\d+)>$/;
const LITERAL = /^<("(?:[^"\\]|\\.)*")>$/;
/** A cell that is one word in angle brackets is a marker; an unknown one is a mistake. */
const MARKER = /^<[A-Za-z][\w-]*>$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The markers a cell may hold, with what each means. */
export const MARKERS: readonly (readonly [marker: string, meaning: string])[] = [
  ['<null>', 'null'],
  ['<empty>', 'the empty string'],
  ['<"text">', 'exact text, written as a JSON string'],
  ['<"text" x N>', 'the text repeated N times'],
  ['<from..to>', 'the integers from..to written out, comma-separated'],
  ['<any>', 'in expectations: any non-null value'],
  ['<now>', 'in expectations: the frozen current time'],
];
const EXPECTATION_MARKERS = ['<any>', '<now>'];
const NUMBERS = /^<(\d+)\.\.(\d+)>$/;

/** `<1..5>`: the integers 1 to 5 written out, comma-separated ("1,2,3,4,5"): a long __in list, or long text that does not compress. */
function expandNumbers(text: string): string {
  const range = NUMBERS.exec(text);
  if (!range) return text;
  const [from, to] = [Number(range[1]), Number(range[2])];
  if (to < from || to - from >= 1_000_000) {
    throw new VerificationError(`The marker ${text} needs <from..to> with from <= to and at most a million numbers, as in <1..5000>.`);
  }
  return Array.from({ length: to - from + 1 }, (_, i) => from + i).join(',');
}

/** Parses a cell for a field (undefined for a name the model lacks: the text is kept as it is). */
export function parseCell(field: Field | undefined, text: string): unknown {
  if (text === '<null>') return null;
  if (text === '<empty>') return '';
  if (NUMBERS.test(text)) return parseCell(field, expandNumbers(text));
  const repeat = REPEAT.exec(text);
  if (repeat) return (JSON.parse(`"${repeat[1]}"`) as string).repeat(Number(repeat[2]));
  const literal = LITERAL.exec(text);
  if (literal) return JSON.parse(literal[1] as string) as string;
  if (MARKER.test(text)) throw unknownMarker(text);
  switch (field?.kind) {
    case 'integer':
      return parseInteger(text);
    case 'float':
      return FLOAT.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'datetime':
      return parseDatetime(text) ?? text;
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new VerificationError(`The cell ${JSON.stringify(text)} is not valid JSON; write JSON text (a string in quotes: "text").`);
      }
    default:
      return text;
  }
}

/**
 * An integer cell as the number it names: a safe integer as a number, a larger one as a `bigint`
 * holding exactly the digits written (so the ORM's type violation shows the value as written,
 * not the nearest double); anything else stays text.
 */
function parseInteger(text: string): number | bigint | string {
  if (!INTEGER.test(text)) return text;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

function unknownMarker(text: string): VerificationError {
  const list = MARKERS.map(([marker, meaning]) => `${marker} (${meaning})`).join(', ');
  if (EXPECTATION_MARKERS.includes(text))
    return new VerificationError(
      `The marker ${text} only states an expectation (a Then step's table); in data to write, give a value. Markers: ${list}.`,
    );
  const known = MARKERS.map(([marker]) => marker).filter((m) => MARKER.test(m));
  return new VerificationError(
    `The cell ${text} is not a marker${didYouMean(text, known, false)}. Markers: ${list}. ` +
      `For the text ${text} itself, write <${JSON.stringify(text)}>; an unreplaced Scenario Outline placeholder looks like this too (check the Examples header).`,
  );
}

/**
 * Parses an ISO 8601 date or datetime; one without a zone is taken as UTC. Text of another shape
 * is undefined; a date or time that does not exist (`2024-02-30`, `T24:00`, minute 60) is refused
 * rather than rolled over into another day, as JavaScript's `Date` would.
 */
export function parseDatetime(text: string): Date | undefined {
  const parts = DATETIME.exec(text);
  if (parts === null) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', zone, zoneHours = '00', zoneMinutes = '00'] =
    parts as unknown as string[];
  const y = Number(year);
  const m = Number(month);
  const problem =
    m < 1 || m > 12
      ? `month ${month} does not exist: months run from 01 to 12`
      : Number(day) < 1 || Number(day) > daysIn(y, m)
        ? `${MONTHS[m - 1]} ${year} has ${daysIn(y, m)} days, so day ${day} does not exist`
        : Number(hour) > 23
          ? `hour ${hour} does not exist: hours run from 00 to 23 (midnight at the end of a day is 00:00 of the next day)`
          : Number(minute) > 59
            ? `minute ${minute} does not exist: minutes run from 00 to 59`
            : Number(second) > 59
              ? `second ${second} does not exist: seconds run from 00 to 59 (leap seconds cannot be stored)`
              : Number(zoneHours) > 23 || Number(zoneMinutes) > 59
                ? `the offset ${zone} does not exist: offsets run from -23:59 to +23:59`
                : undefined;
  if (problem !== undefined)
    throw new VerificationError(
      `${JSON.stringify(text)} is not a real datetime: ${problem}. Write one that exists, in ISO 8601 (such as 2024-01-31T09:30:00.000Z).`,
    );
  const date = new Date(zone === undefined && text.length > 10 ? `${text}Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The days in a month of the proleptic Gregorian calendar (the one ISO 8601 and `Date` use). */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a cell that states an expectation: a value, or `<any>`/`<now>`. */
export function parseExpectedCell(field: Field | undefined, text: string, clock: NowSource): unknown {
  if (text === '<any>') return anyValue;
  if (text === '<now>') {
    const now = clock.now();
    return new Matcher(`<now> (${now.toISOString()})`, (actual) => actual instanceof Date && actual.getTime() === now.getTime());
  }
  return parseCell(field, text);
}

/** Parses one cell, saying in which model and row or column a cell that cannot be read is. */
function inCell<T>(model: AnyModel, name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof VerificationError) throw new VerificationError(`${model.name} ${name}: ${error.message}`);
    throw error;
  }
}

/** A vertical table (`| field | value |` rows, no header) as a record. */
export function parseVertical(model: AnyModel, cells: Cells, expected?: NowSource): Row {
  const row: Row = {};
  for (const line of cells) {
    if (line.length !== 2)
      throw new VerificationError(
        `A vertical ${model.name} table has two columns, | field | value |; got ${line.length} in | ${line.join(' | ')} |.`,
      );
    const [name, text] = line as [string, string];
    if (expected) checkFieldNames(model, [name], `The ${model.name} table`);
    if (name in row) throw new VerificationError(`The field "${name}" appears twice in the ${model.name} table.`);
    row[name] = inCell(model, name, () =>
      expected ? parseExpectedCell(model.fields[name], text, expected) : parseCell(model.fields[name], text),
    );
  }
  return row;
}

/** A horizontal table (field names in the header row) as records. */
export function parseHorizontal(model: AnyModel, cells: Cells, expected?: NowSource): Row[] {
  const [header, ...rows] = cells;
  if (header === undefined) return [];
  if (expected)
    checkFieldNames(
      model,
      header.filter((h) => h !== 'page'),
      `The ${model.name} table header`,
    );
  return rows.map((line) =>
    Object.fromEntries(
      header.map((name, i) => {
        const text = line[i] ?? '';
        if (name === 'page' && expected) return [name, Number(text)];
        return [
          name,
          inCell(model, name, () =>
            expected ? parseExpectedCell(model.fields[name], text, expected) : parseCell(model.fields[name], text),
          ),
        ];
      }),
    ),
  );
}

/** A key as written in a step: `alice`, `42`, or `userId=alice, todoId=t1` for a composite key. */
export function parseKey(model: AnyModel, text: string): KeyInput {
  const parts = text.split(',').map((p) => p.trim());
  const named = parts.map((p) => /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/.exec(p));
  if (named.every((m) => m !== null && model.primaryKey.includes(m[1] as string))) {
    return Object.fromEntries(named.map((m) => [m![1], parseCell(model.fields[m![1] as string], m![2] as string)]));
  }
  if (model.primaryKey.length > 1) {
    throw new VerificationError(
      `"${text}" is not a ${model.name} key: write each key field, as in "${model.primaryKey.map((f) => `${f}=…`).join(', ')}".`,
    );
  }
  return parseCell(model.fields[model.primaryKey[0] as string], text) as KeyInput;
}

/**
 * A vertical query table: lookups (`| age__gte | 30 |`), `| exclude <lookup> | value |`,
 * `| order by | -age, name |`, `| limit | 3 |` and `| offset | 2 |`.
 */
export function parseQuery(model: AnyModel, cells: Cells): QuerySpec {
  const filter: Lookups = {};
  const exclude: Lookups[] = [];
  let orderBy: string[] | undefined;
  let limit: number | undefined;
  let offset: number | undefined;
  let deleted: 'include' | 'only' | undefined;
  for (const line of cells) {
    if (line.length !== 2) throw new VerificationError(`A query table has two columns, | lookup | value |; got | ${line.join(' | ')} |.`);
    const [key, text] = line as [string, string];
    if (key === 'order by')
      orderBy = text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
    else if (key === 'limit') limit = parseCount(text);
    else if (key === 'offset') offset = parseCount(text);
    else if (key === 'soft-deleted') {
      if (text !== 'included' && text !== 'only')
        throw new VerificationError(`The query row | soft-deleted | takes "included" or "only", not ${JSON.stringify(text)}.`);
      deleted = text === 'included' ? 'include' : 'only';
    } else if (key.startsWith('exclude ')) {
      const lookup = key.slice('exclude '.length).trim();
      exclude.push({ [lookup]: inCell(model, key, () => parseLookupValue(model, lookup, text)) });
    } else {
      checkQueryRowName(model, key);
      if (key in filter) throw new VerificationError(`The lookup "${key}" appears twice in the ${model.name} query table.`);
      filter[key] = inCell(model, key, () => parseLookupValue(model, key, text));
    }
  }
  return {
    ...(Object.keys(filter).length > 0 ? { filter } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
    ...(orderBy ? { orderBy } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(offset !== undefined ? { offset } : {}),
    ...(deleted !== undefined ? { deleted } : {}),
  };
}

/** The rows of a query table that are not lookups. */
const QUERY_ROWS = ['order by', 'limit', 'offset', 'soft-deleted', 'exclude <lookup>'];

/**
 * Refuses a row name that is neither a field's lookup nor one of the other rows but looks like a
 * misspelt one (`oder by`, `limt`); other unknown names go on to the ORM, whose QueryError lists the fields.
 */
function checkQueryRowName(model: AnyModel, key: string): void {
  const [fieldName = ''] = key.split('__');
  if (Object.prototype.hasOwnProperty.call(model.fields, fieldName)) return;
  const hint = didYouMean(key, QUERY_ROWS.slice(0, 4));
  if (hint !== '' || /\s/.test(key))
    throw new VerificationError(
      `The query row "${key}" is not a lookup of ${model.name} nor one of the other rows${hint}. The rows are: a lookup such as age__gte, ${QUERY_ROWS.join(', ')}.`,
    );
}

function parseLookupValue(model: AnyModel, lookup: string, cell: string): unknown {
  const [fieldName = '', op] = lookup.split('__');
  const text = op === 'in' ? expandNumbers(cell) : cell;
  const field = model.fields[fieldName];
  if (op === 'isnull') return text === 'true' ? true : text === 'false' ? false : text;
  if (op === 'in') {
    if (text.startsWith('[')) {
      try {
        const items = JSON.parse(text) as unknown;
        if (Array.isArray(items))
          return items.map((item) => (field?.kind === 'datetime' && typeof item === 'string' ? (parseDatetime(item) ?? item) : item));
      } catch {
        // Not JSON: read it as a comma-separated list below.
      }
    }
    return text === '' ? [] : text.split(',').map((item) => parseCell(field, item.trim()));
  }
  return parseCell(field, text);
}

function parseCount(text: string): number {
  return parseInteger(text) as number;
}

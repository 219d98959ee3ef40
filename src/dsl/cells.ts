import type { QuerySpec } from '../drivers/driver';
import type { AnyModel, KeyInput, Lookups, Row } from '../orm';
import type { Field } from '../orm/fields';
import { Matcher, VerificationError, anyValue, checkFieldNames } from './verification';

/*
 * Turning Gherkin table cells into values, keys, queries and expectations. Cells are parsed by
 * their field's type; a cell that does not parse is passed on as text, so the ORM reports the
 * wrong type exactly as it would for a user.
 */

/** A table as Cucumber's `DataTable.raw()` gives it: rows of cells. */
export type Cells = readonly (readonly string[])[];

/** Where `<now>` reads the time. */
export interface NowSource {
  now(): Date;
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const REPEAT = /^<"((?:[^"\\]|\\.)*)" x (\d+)>$/;
const LITERAL = /^<("(?:[^"\\]|\\.)*")>$/;
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
  switch (field?.kind) {
    case 'integer':
      return INTEGER.test(text) ? Number(text) : text;
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

/** Parses an ISO 8601 date or datetime; one without a zone is taken as UTC. */
export function parseDatetime(text: string): Date | undefined {
  if (!DATETIME.test(text)) return undefined;
  const zoned = text.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? undefined : date;
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

/** A vertical table (`| field | value |` rows, no header) as a record. */
export function parseVertical(model: AnyModel, cells: Cells, expected?: NowSource): Row {
  const row: Row = {};
  for (const line of cells) {
    if (line.length !== 2)
      throw new VerificationError(
        `A vertical ${model.name} table has two columns, | field | value |; got ${line.length} in | ${line.join(' | ')} |.`,
      );
    const [name, text] = line as [string, string];
    if (name in row) throw new VerificationError(`The field "${name}" appears twice in the ${model.name} table.`);
    row[name] = expected ? parseExpectedCell(model.fields[name], text, expected) : parseCell(model.fields[name], text);
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
        return [name, expected ? parseExpectedCell(model.fields[name], text, expected) : parseCell(model.fields[name], text)];
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
      exclude.push({ [lookup]: parseLookupValue(model, lookup, text) });
    } else {
      if (key in filter) throw new VerificationError(`The lookup "${key}" appears twice in the ${model.name} query table.`);
      filter[key] = parseLookupValue(model, key, text);
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
  return INTEGER.test(text) ? Number(text) : (text as unknown as number);
}

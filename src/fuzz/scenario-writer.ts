import pluralize from 'pluralize';
import type { QuerySpec } from '../drivers/driver';
import { DEFAULT_DATABASE, type AnyModel, type KeyInput, type Row } from '../orm';
import type { Field, FieldKind } from '../orm/fields';
import { FUZZ_EPOCH, touchedDatabases, type EmptyStore, type FuzzStep, type Outcome } from './steps';

/*
 * Writes a sequence as a Gherkin scenario in the project's own vocabulary, with the reference
 * backend's outcomes as the expectations: pasted into a feature file, it passes on the
 * reference and fails on a backend that differs. A multi-tenant sequence is tagged with the
 * aliases it touches (`@databases-central,clinic`), switches tenant where its steps do, and goes
 * through a mirror where the vocabulary has a step for it.
 */

/**
 * A scenario for the steps, asserting the reference outcomes; at its end it checks that the
 * `empty` stores (where a backend's writes leaked) hold none of their model's records.
 */
export function writeScenario(
  title: string,
  steps: readonly FuzzStep[],
  outcomes: readonly Outcome[],
  empty: readonly EmptyStore[] = [],
): string {
  const lines = [...databasesTag(steps, empty), `  Scenario: ${title}`, `    Given the time is "${FUZZ_EPOCH.toISOString()}"`];
  let tenant: string | undefined;
  steps.forEach((step, i) => {
    if (step.kind !== 'advance' && step.tenant !== tenant) {
      tenant = step.tenant;
      lines.push(tenant === undefined ? '    Given no tenant is set' : `    Given the tenant is "${tenant}"`);
    }
    lines.push(...stepLines(step, outcomes[i] as Outcome));
  });
  for (const { model, tenant } of empty) {
    const plural = pluralize.plural(model.name);
    lines.push(tenant === undefined ? `    Then there are 0 ${plural}` : `    Then the tenant "${tenant}" has 0 ${plural}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The tag declaring the aliases the scenario touches; none when it touches only `default`, which a scenario has without one. */
function databasesTag(steps: readonly FuzzStep[], empty: readonly EmptyStore[]): string[] {
  const aliases = [...new Set([...touchedDatabases(steps), ...empty.map((store) => store.model.database)])].sort();
  if (aliases.length === 0 || (aliases.length === 1 && aliases[0] === DEFAULT_DATABASE)) return [];
  return [`  @databases-${aliases.join(',')}`];
}

/** A whole feature file around one or more scenarios. */
export function writeFeature(description: string, scenarios: readonly string[]): string {
  return `Feature: Differences found by the differential tester\n  ${description}\n\n${scenarios.join('\n')}`;
}

function stepLines(step: FuzzStep, outcome: Outcome): string[] {
  if (step.kind === 'advance') return [`    When the time advances by ${step.seconds} second${step.seconds === 1 ? '' : 's'}`];
  const { model } = step;
  const plural = pluralize.plural(model.name);
  const through = step.database === undefined ? '' : ` in the "${step.database}" database`;
  if (through !== '' && !writableThrough(step, outcome)) {
    // A mirror reaches its alias's store: the same step through the model's own alias does the same.
    return [
      `    # The sequence went through ${step.database} here, which no step can say for this one: it goes through ${model.database}, whose store that mirrors.`,
      ...stepLines({ ...step, database: undefined }, outcome),
    ];
  }
  switch (step.kind) {
    case 'create':
    case 'upsert':
      return [
        // The step through another alias says "a" whatever the name.
        `    When I try to ${step.kind} ${through === '' ? article(model.name) : 'a'} ${model.name}${through} with:`,
        ...vertical(model, step.data),
        ...outcomeLines(model, outcome, (row) => recordCheck(model, row)),
      ];
    case 'createMany':
      return createManyLines(model, step.rows, outcome);
    case 'update':
      return [
        `    When I try to update the ${model.name} ${keyText(model, step.key)} with:`,
        ...vertical(model, step.changes),
        ...outcomeLines(model, outcome, (row) => recordCheck(model, row)),
      ];
    case 'delete':
      return [`    When I try to delete the ${model.name} ${keyText(model, step.key)}`, ...outcomeLines(model, outcome, () => [])];
    case 'restore':
      return [`    When I try to restore the ${model.name} ${keyText(model, step.key)}`, ...outcomeLines(model, outcome, () => [])];
    case 'forceDelete':
      return [`    When I try to force-delete the ${model.name} ${keyText(model, step.key)}`, ...outcomeLines(model, outcome, () => [])];
    case 'get': {
      if (!outcome.ok) return [];
      const row = outcome.value as Row | undefined;
      return row === undefined ? [`    Then the ${model.name} ${keyText(model, step.key)} does not exist`] : recordCheck(model, row);
    }
    case 'query': {
      const rows = queryRows(model, step.query, true);
      if (rows.length === 0 && outcome.ok)
        return [`    When I query all ${plural}${through}`, ...resultLines(model, outcome.value as Row[])];
      return [
        `    When I ${through === '' ? 'try to ' : ''}query ${plural}${through} with:`,
        ...rows,
        ...outcomeLines(model, outcome, (value) => resultLines(model, value as unknown as Row[])),
      ];
    }
    case 'count':
    case 'exists': {
      if (!outcome.ok) return [`    When I try to query ${plural} with:`, ...queryRows(model, step.query, true), ...failureLines(outcome)];
      const rows = queryRows(model, step.query, true);
      if (step.kind === 'count') {
        const count = outcome.value as number;
        const head = `    Then there ${count === 1 ? 'is' : 'are'} ${count} ${count === 1 ? model.name : plural}`;
        return rows.length === 0 ? [head] : [`${head} where:`, ...rows];
      }
      return [
        `    Then ${outcome.value ? `${article(model.name)} ${model.name}` : `no ${model.name}`} exists where:`,
        ...(rows.length > 0 ? rows : [row('limit', '1')]),
      ];
    }
    case 'walk': {
      const rows = queryRows(model, step.query, false);
      const walk = `    When I ${outcome.ok ? '' : 'try to '}page through ${plural} ${step.size} at a time${rows.length > 0 || !outcome.ok ? ' with:' : ''}`;
      const table = rows.length > 0 || outcome.ok ? rows : [row('order by', model.primaryKey.join(', '))];
      if (!outcome.ok) return [walk, ...table, ...failureLines(outcome)];
      const pages = outcome.value as Row[][];
      const lines = [walk, ...table, `    Then I see ${pages.length} page${pages.length === 1 ? '' : 's'}`];
      const all = pages.flatMap((page, i) => page.map((r) => ({ page: i + 1, r })));
      if (all.length > 0)
        lines.push(
          '    And the pages hold:',
          ...horizontal(
            model,
            all.map(({ r }) => r),
            all.map(({ page }) => String(page)),
          ),
        );
      return lines;
    }
  }
}

/** Whether the vocabulary has a step for this step through another alias: a create, or a query that succeeds. */
function writableThrough(step: Exclude<FuzzStep, { kind: 'advance' }>, outcome: Outcome): boolean {
  return step.kind === 'create' || (step.kind === 'query' && outcome.ok);
}

/**
 * Many creates in a row: a `Given` table of the records the reference created, then, if it
 * refused one, that create on its own with its failure (the rest were never tried).
 */
function createManyLines(model: AnyModel, rows: readonly Row[], outcome: Outcome): string[] {
  const created = outcome.ok ? rows : rows.slice(0, outcome.at ?? 0);
  const lines: string[] = [];
  if (created.length > 0) {
    const fields = model.fieldNames.filter((f) => created.some((r) => f in r));
    lines.push(`    Given the following ${pluralize.plural(model.name)} exist:`, ...horizontal(model, created, undefined, fields));
  }
  if (!outcome.ok) {
    const refused = rows[outcome.at ?? 0] as Row;
    lines.push(
      `    When I try to create ${article(model.name)} ${model.name} with:`,
      ...vertical(model, refused),
      ...failureLines(outcome),
    );
  }
  return lines;
}

function outcomeLines(model: AnyModel, outcome: Outcome, onSuccess: (value: Row) => string[]): string[] {
  if (!outcome.ok) return failureLines(outcome);
  return ['    Then it succeeds', ...onSuccess(outcome.value as Row)];
}

function failureLines(outcome: Extract<Outcome, { ok: false }>): string[] {
  const lines = [`    Then it fails with ${article(outcome.error)} ${outcome.error}`];
  if (outcome.error === 'DuplicateKeyError')
    lines.push(`    And the clashing field${outcome.detail.includes(',') ? 's are' : ' is'} "${outcome.detail}"`);
  if (outcome.error === 'ValidationError' && outcome.detail !== '') {
    lines.push(
      '    And the violations are:',
      '      | field | rule |',
      ...outcome.detail.split(', ').map((v) => `      | ${v.split(':').map(escape).join(' | ')} |`),
    );
  }
  return lines;
}

function recordCheck(model: AnyModel, record: Row): string[] {
  return [`    And the ${model.name} ${keyText(model, record)} exists with:`, ...vertical(model, record)];
}

function resultLines(model: AnyModel, rows: Row[]): string[] {
  if (rows.length === 0) return [`    And I get 0 ${pluralize.plural(model.name)}`];
  return ['    And the results are:', ...horizontal(model, rows)];
}

function queryRows(model: AnyModel, query: QuerySpec, withLimits: boolean): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(query.filter ?? {})) lines.push(row(key, lookupCell(model, key, value)));
  for (const group of query.exclude ?? [])
    for (const [key, value] of Object.entries(group)) lines.push(row(`exclude ${key}`, lookupCell(model, key, value)));
  if (query.orderBy !== undefined && query.orderBy.length > 0) lines.push(row('order by', query.orderBy.join(', ')));
  if (withLimits && query.limit !== undefined) lines.push(row('limit', String(query.limit)));
  if (withLimits && query.offset !== undefined) lines.push(row('offset', String(query.offset)));
  if (query.deleted !== undefined) lines.push(row('soft-deleted', query.deleted === 'include' ? 'included' : 'only'));
  return lines;
}

function lookupCell(model: AnyModel, key: string, value: unknown): string {
  const [name = '', op] = key.split('__');
  const kind = (model.fields[name] as Field | undefined)?.kind ?? 'string';
  if (op === 'isnull') return String(value);
  if (op === 'in') return JSON.stringify((value as unknown[]).map((item) => (item instanceof Date ? item.toISOString() : item)));
  return cell(kind, value);
}

function vertical(model: AnyModel, record: Row): string[] {
  const pairs = Object.keys(record).map((name) => [escape(name), cell(kindOf(model, name), record[name])] as const);
  const width = columnWidth(pairs.map(([name]) => name));
  const valueWidth = columnWidth(pairs.map(([, value]) => value));
  return pairs.map(([name, value]) => `      | ${name.padEnd(width)} | ${value.padEnd(valueWidth)} |`);
}

function horizontal(model: AnyModel, rows: readonly Row[], pages?: string[], fields: readonly string[] = model.fieldNames): string[] {
  const header = [...(pages ? ['page'] : []), ...fields];
  const body = rows.map((r, i) => [...(pages ? [pages[i] as string] : []), ...fields.map((f) => cell(kindOf(model, f), r[f]))]);
  const widths = header.map((h, c) => columnWidth([h, ...body.map((b) => b[c] as string)]));
  const format = (cells: string[]) => `      | ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [format(header), ...body.map(format)];
}

/** The width a table column is padded to: its widest cell, leaving out kilobyte-long ones, which would pad every other row as much. */
function columnWidth(cells: readonly string[]): number {
  return cells.reduce((widest, text) => (text.length <= 80 ? Math.max(widest, text.length) : widest), 0);
}

function row(key: string, value: string): string {
  return `      | ${escape(key)} | ${value} |`;
}

/** A cell that the project's cell parser reads back as exactly this value of this kind. */
export function cell(kind: FieldKind, value: unknown): string {
  return escape(cellText(kind, value));
}

/** A cell before a table's escaping: what a step's quoted argument holds. */
function cellText(kind: FieldKind, value: unknown): string {
  if (value === null || value === undefined) return '<null>';
  if (typeof value === 'string') {
    if (value === '' && kind === 'string') return '<empty>';
    const repeated = repetition(value);
    if (repeated !== undefined) return `<${JSON.stringify(repeated.unit)} x ${repeated.times}>`;
    const plain = kind === 'string' && /^[^<\s|\\](?:[^|\\\n\r\t]*[^\s|\\])?$/u.test(value) && !/[\p{Cc}\p{Cs}]/u.test(value);
    return plain ? value : `<${JSON.stringify(value)}>`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (kind === 'json') return JSON.stringify(value);
  return String(value);
}

/** A long text that is one short unit repeated, which `<"unit" x times>` writes in a few characters. */
function repetition(text: string): { unit: string; times: number } | undefined {
  if (text.length < 64) return undefined;
  for (let size = 1; size <= 16 && size <= text.length / 2; size += 1) {
    if (text.length % size !== 0) continue;
    const unit = text.slice(0, size);
    if (unit.repeat(text.length / size) === text) return { unit, times: text.length / size };
  }
  return undefined;
}

/** Escapes a cell for a Gherkin table: backslash, pipe and newline. */
function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '\\n');
}

/**
 * A key as a step's quoted argument: `"alice"`, `"userId=alice, todoId=t1"`; each part written
 * as a cell (`<empty>`, `<"k" x 2049>`), in single quotes when a part needs double ones.
 */
function keyText(model: AnyModel, key: KeyInput): string {
  const part = (field: string, value: unknown): string => cellText(kindOf(model, field), value);
  const single = model.primaryKey[0] as string;
  let text: string;
  if (typeof key !== 'object') text = part(single, key);
  else if (model.primaryKey.length === 1) text = part(single, key[single]);
  else text = model.primaryKey.map((f) => `${f}=${part(f, key[f])}`).join(', ');
  if (!text.includes('"')) return `"${text}"`;
  return text.includes("'") ? `"${text.replace(/"/g, '\\"')}"` : `'${text}'`;
}

function kindOf(model: AnyModel, name: string): FieldKind {
  return (model.fields[name] as Field | undefined)?.kind ?? 'string';
}

/** "a" or "an": by the first letter, but "a User", "a Unit" (a U sounded "you" before one consonant and a vowel). */
function article(word: string): string {
  return /^[AEIO]/.test(word) || (/^U/.test(word) && !/^U[a-z][aeiou]/.test(word)) ? 'an' : 'a';
}

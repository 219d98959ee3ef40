import type { Driver, OperationResult, QuerySpec } from '../drivers/driver';
import { factoryFor, hasFactory } from '../factories';
import { describeValue, type AnyModel, type ControllableClock, type Row } from '../orm';
import { parseDatetime, parseHorizontal, parseKey, parseQuery, parseVertical, type Cells } from './cells';
import { Dsl } from './dsl';
import { VerificationError, describeRow, errorNames, mismatches } from './verification';

/** The longest page walk before the walk is taken to be looping. */
const MAX_PAGES = 10_000;

interface Outcome {
  readonly description: string;
  readonly result: OperationResult;
}

/**
 * The DSL as the Gherkin steps use it: each method is one step's meaning, taking the step's
 * model, key text and table cells, and remembering the scenario's last outcome, results and pages.
 * One instance serves one scenario.
 */
export class ScenarioDsl extends Dsl {
  private outcome: Outcome | undefined;
  private results: { model: AnyModel; rows: Row[] } | undefined;
  private walk: { model: AnyModel; pages: Row[][] } | undefined;

  constructor(
    driver: Driver,
    private readonly clock: ControllableClock,
  ) {
    super(driver);
  }

  // Arrange

  /** Seeds the records of a horizontal table; any failure fails the step. */
  async seed(model: AnyModel, cells: Cells): Promise<void> {
    for (const row of parseHorizontal(model, cells)) await this.createAndVerify(model, row);
  }

  /** Seeds one record from a vertical table: the model's factory defaults overridden by the table, or the table alone without a factory. */
  async seedOne(model: AnyModel, cells: Cells): Promise<void> {
    const data = parseVertical(model, cells);
    if (hasFactory(model)) await factoryFor(model).create(data, { store: this });
    else await this.createAndVerify(model, data);
  }

  /** Seeds `count` records made by the model's factory, in the named states (applied in order). */
  async seedFromFactory(model: AnyModel, count: number, states: readonly string[] = []): Promise<void> {
    await factoryFor(model)
      .state(...states)
      .createMany(count, {}, { store: this });
  }

  /** Freezes the clock at an ISO 8601 instant. */
  freezeTime(text: string): void {
    const at = parseDatetime(text);
    if (at === undefined) throw new VerificationError(`"${text}" is not an ISO 8601 datetime such as 2024-01-31T09:30:00.000Z.`);
    this.clock.freeze(at);
  }

  /** Moves the clock forward. */
  advanceTime(seconds: number): void {
    this.clock.advance(seconds * 1000);
  }

  // Act

  async createFrom(model: AnyModel, cells: Cells): Promise<void> {
    const data = parseVertical(model, cells);
    const row = await this.createAndVerify(model, data);
    this.remember(`create ${model.name}`, { success: true, data: row, instance: row });
  }

  async tryCreate(model: AnyModel, cells: Cells): Promise<void> {
    this.remember(`create ${model.name}`, await this.create(model, parseVertical(model, cells)));
  }

  async updateFrom(model: AnyModel, keyText: string, cells: Cells): Promise<void> {
    const row = await this.updateAndVerify(model, parseKey(model, keyText), parseVertical(model, cells));
    this.remember(`update ${model.name} ${keyText}`, { success: true, data: row, instance: row });
  }

  async tryUpdate(model: AnyModel, keyText: string, cells: Cells): Promise<void> {
    this.remember(`update ${model.name} ${keyText}`, await this.update(model, parseKey(model, keyText), parseVertical(model, cells)));
  }

  async deleteByKey(model: AnyModel, keyText: string): Promise<void> {
    await this.deleteAndVerify(model, parseKey(model, keyText));
    this.remember(`delete ${model.name} ${keyText}`, { success: true });
  }

  async tryDelete(model: AnyModel, keyText: string): Promise<void> {
    this.remember(`delete ${model.name} ${keyText}`, await this.delete(model, parseKey(model, keyText)));
  }

  async upsertFrom(model: AnyModel, cells: Cells): Promise<void> {
    const row = await this.upsertAndVerify(model, parseVertical(model, cells));
    this.remember(`upsert ${model.name}`, { success: true, data: row, instance: row });
  }

  async tryUpsert(model: AnyModel, cells: Cells): Promise<void> {
    this.remember(`upsert ${model.name}`, await this.upsert(model, parseVertical(model, cells)));
  }

  /** Restores a soft-deleted record; it must succeed and the record must be visible again. */
  async restoreByKey(model: AnyModel, keyText: string): Promise<void> {
    const key = parseKey(model, keyText);
    const row = this.succeeded(await this.restore(model, key), 'restore', model, key) as Row;
    await this.getAndVerifyExists(model, key);
    this.remember(`restore ${model.name} ${keyText}`, { success: true, data: row, instance: row });
  }

  async tryRestore(model: AnyModel, keyText: string): Promise<void> {
    this.remember(`restore ${model.name} ${keyText}`, await this.restore(model, parseKey(model, keyText)));
  }

  /** Removes a record for good; it must succeed and the record must be gone even counting soft-deleted ones. */
  async forceDeleteByKey(model: AnyModel, keyText: string): Promise<void> {
    const key = parseKey(model, keyText);
    this.succeeded(await this.forceDelete(model, key), 'force-delete', model, key);
    const left = await this.getIncludingDeleted(model, key);
    if (left !== undefined)
      throw this.problem('force-delete', model, key, `expected the record to be gone, but found ${describeRow(left)}`);
    this.remember(`force-delete ${model.name} ${keyText}`, { success: true });
  }

  async tryForceDelete(model: AnyModel, keyText: string): Promise<void> {
    this.remember(`force-delete ${model.name} ${keyText}`, await this.forceDelete(model, parseKey(model, keyText)));
  }

  /** Queries every record in the default order, soft-deleted ones included (`include`) or only them (`only`). */
  async queryAllDeleted(model: AnyModel, deleted: 'include' | 'only'): Promise<void> {
    const query: QuerySpec = { deleted };
    this.results = { model, rows: this.succeeded(await this.queryModels(model, query), 'query', model, query) as Row[] };
  }

  /** Checks the record is stored and soft-deleted: a plain read misses it, a read including deleted ones sees `deletedAt` set. */
  async expectSoftDeleted(model: AnyModel, keyText: string, expected: boolean): Promise<void> {
    const key = parseKey(model, keyText);
    const stored = await this.getIncludingDeleted(model, key);
    if (stored === undefined) throw this.problem('get', model, keyText, 'expected the record to be stored, but there is none');
    const deletedAt = stored.deletedAt;
    const marked = deletedAt !== null && deletedAt !== undefined;
    const visible = this.succeeded(await this.get(model, key), 'get', model, key) !== undefined;
    if (marked !== expected || visible === expected) {
      throw this.problem(
        'get',
        model,
        keyText,
        `expected it ${expected ? 'to be' : 'not to be'} soft-deleted, but deletedAt is ${describeValue(deletedAt)} and a plain read ${visible ? 'finds' : 'misses'} it`,
      );
    }
  }

  /** Queries every record in the default order. */
  async queryAll(model: AnyModel): Promise<void> {
    this.results = { model, rows: await this.allModels(model) };
  }

  /** Runs the query a vertical table describes; it must succeed. */
  async queryFrom(model: AnyModel, cells: Cells): Promise<void> {
    const query = parseQuery(model, cells);
    const result = await this.queryModels(model, query);
    this.results = { model, rows: this.succeeded(result, 'query', model, query) as Row[] };
    this.remember(`query ${model.name}`, result);
  }

  /** Runs the query a vertical table describes, recording the outcome. */
  async tryQuery(model: AnyModel, cells: Cells): Promise<void> {
    const result = await this.queryModels(model, parseQuery(model, cells));
    this.remember(`query ${model.name}`, result);
    this.results = result.success ? { model, rows: result.data as Row[] } : undefined;
  }

  /** Walks every page of a query, following each page's cursor until it is null; every page must succeed. */
  async pageThrough(model: AnyModel, size: number, cells: Cells = []): Promise<void> {
    const query = parseQuery(model, cells);
    const walk = await this.walkPages(model, size, query);
    if (!walk.success) this.succeeded(walk, 'page through', model, { size, ...query });
    this.remember(`page through ${model.name}`, walk);
  }

  /** Walks every page of a query, recording the outcome (the first failing page's error). */
  async tryPageThrough(model: AnyModel, size: number, cells: Cells = []): Promise<void> {
    this.remember(`page through ${model.name}`, await this.walkPages(model, size, parseQuery(model, cells)));
  }

  private async walkPages(model: AnyModel, size: number, query: QuerySpec): Promise<OperationResult<Row[][]>> {
    const pages: Row[][] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    this.walk = undefined;
    do {
      const result = await this.page(model, size, cursor, query);
      if (!result.success || result.data === undefined) return { success: false, ...(result.error ? { error: result.error } : {}) };
      pages.push(result.data.items);
      cursor = result.data.nextCursor;
      if (cursor !== null && (seen.has(cursor) || pages.length >= MAX_PAGES)) {
        throw this.problem(
          'page through',
          model,
          query,
          `the walk does not end: page ${pages.length} gave a cursor already seen or the walk passed ${MAX_PAGES} pages`,
        );
      }
      if (cursor !== null) seen.add(cursor);
    } while (cursor !== null);
    this.walk = { model, pages };
    return { success: true, data: pages };
  }

  // Assert on the last outcome

  expectSuccess(): void {
    const { description, result } = this.lastOutcome();
    if (!result.success) {
      throw new VerificationError(
        `Expected ${description} on ${this.backend} to succeed, but it failed with ${result.error?.name}: ${result.error?.message}`,
      );
    }
  }

  expectFailure(errorName: string): void {
    const { description, result } = this.lastOutcome();
    if (result.success)
      throw new VerificationError(
        `Expected ${description} on ${this.backend} to fail with ${errorName}, but it succeeded${result.instance ? `: ${describeRow(result.instance)}` : ''}.`,
      );
    if (!errorNames(result.error).includes(errorName)) {
      throw new VerificationError(
        `Expected ${description} on ${this.backend} to fail with ${errorName}, but it failed with ${result.error?.name}: ${result.error?.message}`,
      );
    }
  }

  expectErrorMentions(text: string): void {
    const error = this.lastError();
    if (!error.message.includes(text))
      throw new VerificationError(`Expected the error to mention ${JSON.stringify(text)}, but it says:\n${error.message}`);
  }

  /** Checks the last error's violations are exactly these `field | rule` rows, in order. */
  expectViolations(cells: Cells): void {
    const error = this.lastError() as Error & { violations?: readonly { field: string; rule: string }[] };
    if (!Array.isArray(error.violations))
      throw new VerificationError(`Expected a ValidationError with violations, got ${error.name}: ${error.message}`);
    const [header = [], ...rows] = cells;
    const expected = rows.map((row) => header.map((h, i) => `${h}=${row[i]}`).join(' '));
    const actual = error.violations.map((v) => header.map((h) => `${h}=${String((v as unknown as Record<string, unknown>)[h])}`).join(' '));
    if (expected.join('\n') !== actual.join('\n')) {
      throw new VerificationError(
        `Expected the violations\n  ${expected.join('\n  ')}\nbut got\n  ${actual.join('\n  ')}\n(${error.message})`,
      );
    }
  }

  /** Checks the fields a DuplicateKeyError names, written `email` or `userId, title`. */
  expectClashingFields(text: string): void {
    const error = this.lastError() as Error & { fields?: readonly string[] };
    const expected = text.split(',').map((f) => f.trim());
    if (!Array.isArray(error.fields) || error.fields.join(',') !== expected.join(',')) {
      throw new VerificationError(
        `Expected a DuplicateKeyError naming ${expected.join(', ')}, got ${error.name} naming ${describeValue(error.fields)}: ${error.message}`,
      );
    }
  }

  /** Checks the reference a ReferenceIntegrityError names, written `Book.authorId to Author`. */
  expectRefusedReference(text: string): void {
    const error = this.lastError() as Error & { model?: string; field?: string; parent?: string };
    const actual = `${error.model}.${error.field} to ${error.parent}`;
    if (error.name !== 'ReferenceIntegrityError' || actual !== text) {
      throw new VerificationError(`Expected a ReferenceIntegrityError about ${text}, got ${error.name} about ${actual}: ${error.message}`);
    }
  }

  // Assert on stored records

  async expectRecord(model: AnyModel, keyText: string, cells?: Cells): Promise<void> {
    const stored = await this.getAndVerifyExists(model, parseKey(model, keyText));
    if (cells === undefined) return;
    const expected = parseVertical(model, cells, this.clock);
    const wrong = mismatches(model, expected, stored);
    if (wrong.length > 0) {
      throw this.problem('get', model, keyText, `expected ${describeRow(expected, wrong)}\n  but it holds ${describeRow(stored, wrong)}`);
    }
  }

  async expectNoRecord(model: AnyModel, keyText: string): Promise<void> {
    await this.getAndVerifyNotExists(model, parseKey(model, keyText));
  }

  /** Counts the records a query table selects (lookups, exclusions, limit and offset all apply). */
  async expectCount(model: AnyModel, expected: number, cells: Cells = []): Promise<void> {
    const query = parseQuery(model, cells);
    const count = await this.countModels(model, {}, query);
    if (count !== expected) throw this.problem('count', model, query, `expected ${expected}, got ${count}`);
  }

  /** Checks whether a query table selects any record. */
  async expectExistsWhere(model: AnyModel, cells: Cells, expected: boolean): Promise<void> {
    const query = parseQuery(model, cells);
    const exists = await this.modelExists(model, {}, query);
    if (exists !== expected) throw this.problem('exists', model, query, `expected ${expected}, got ${exists}`);
  }

  async expectStored(model: AnyModel, cells: Cells): Promise<void> {
    await this.assertDatabaseHas(model, parseVertical(model, cells, this.clock));
  }

  async expectNotStored(model: AnyModel, cells: Cells): Promise<void> {
    await this.assertDatabaseMissing(model, parseVertical(model, cells, this.clock));
  }

  // Assert on query results and pages

  expectResultCount(expected: number, model: AnyModel): void {
    const { rows } = this.lastResults(model);
    if (rows.length !== expected) {
      throw new VerificationError(
        `Expected ${expected} ${model.name} record(s) on ${this.backend}, got ${rows.length}:\n${rows.map((r) => `  ${describeRow(r)}`).join('\n')}`,
      );
    }
  }

  /** Checks the last results are exactly these rows (listed columns only), in order or in any order. */
  expectResults(cells: Cells, ordered: boolean): void {
    const { model, rows } = this.lastResults();
    compareRows(model, parseHorizontal(model, cells, this.clock), rows, ordered, `the ${model.name} results on ${this.backend}`);
  }

  expectPageCount(expected: number): void {
    const { pages } = this.lastWalk();
    if (pages.length !== expected) {
      throw new VerificationError(
        `Expected ${expected} page(s) on ${this.backend}, got ${pages.length}: ${pages.map((p) => p.length).join(' + ')} records.`,
      );
    }
  }

  /** Checks the rows across all pages, in order; a `page` column (1-based) says which page each is on. */
  expectPages(cells: Cells): void {
    const { model, pages } = this.lastWalk();
    const expected = parseHorizontal(model, cells, this.clock);
    const withPage = cells[0]?.includes('page') === true;
    const actual = pages.flatMap((page, i) => page.map((row) => (withPage ? { ...row, page: i + 1 } : row)));
    compareRows(model, expected, actual, true, `the ${model.name} pages on ${this.backend}`);
  }

  private remember(description: string, result: OperationResult): void {
    this.outcome = { description, result };
  }

  private lastOutcome(): Outcome {
    if (this.outcome === undefined)
      throw new VerificationError('No operation has run yet in this scenario: a "When I …" step must come first.');
    return this.outcome;
  }

  private lastError(): Error {
    const { description, result } = this.lastOutcome();
    if (result.success || result.error === undefined)
      throw new VerificationError(`Expected ${description} on ${this.backend} to have failed, but it succeeded.`);
    return result.error;
  }

  private lastResults(model?: AnyModel): { model: AnyModel; rows: Row[] } {
    if (this.results === undefined) throw new VerificationError('No query has run yet in this scenario: use "When I query …" first.');
    if (model !== undefined && model !== this.results.model)
      throw new VerificationError(`The last query was of ${this.results.model.name}, not ${model.name}.`);
    return this.results;
  }

  private lastWalk(): { model: AnyModel; pages: Row[][] } {
    if (this.walk === undefined)
      throw new VerificationError('No pages have been walked in this scenario: use "When I page through …" first.');
    return this.walk;
  }
}

/** Compares expected rows (listed columns only) with actual ones; the message shows both tables. */
function compareRows(model: AnyModel, expected: Row[], actual: Row[], ordered: boolean, what: string): void {
  const columns = Object.keys(expected[0] ?? {});
  const fits = (e: Row, a: Row) =>
    columns.every((c) => (c === 'page' && !(c in model.fields) ? a[c] === e[c] : mismatches(model, { [c]: e[c] }, a).length === 0));
  let ok = expected.length === actual.length;
  if (ok && ordered) ok = expected.every((e, i) => fits(e, actual[i] as Row));
  if (ok && !ordered) {
    const unused = [...actual];
    ok = expected.every((e) => {
      const i = unused.findIndex((a) => fits(e, a));
      if (i >= 0) unused.splice(i, 1);
      return i >= 0;
    });
  }
  if (!ok) {
    const render = (rows: Row[]) => (rows.length === 0 ? '  (none)' : rows.map((r) => `  ${describeRow(r, columns)}`).join('\n'));
    throw new VerificationError(
      `Expected ${what} to be${ordered ? '' : ', in any order'}:\n${render(expected)}\nbut got:\n${render(actual)}`,
    );
  }
}

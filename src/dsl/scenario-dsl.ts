import type { Driver, OperationResult, QuerySpec } from '../drivers/driver';
import { factoryFor, hasFactory, type FactoryStore } from '../factories';
import * as ormErrors from '../orm/errors';
import { backendNames as backendList } from '../backend-names';
import {
  checkTenant,
  defineDatabases,
  defineModel,
  describeValue,
  field,
  storeName,
  type AnyModel,
  type ControllableClock,
  type DatabaseDeclaration,
  type Row,
} from '../orm';
import { MigrationError } from '../orm/errors';
import type { Field } from '../orm/fields';
import { parseDatetime, parseExpectedCell, parseHorizontal, parseKey, parseQuery, parseVertical, type Cells } from './cells';
import { Dsl } from './dsl';
import { ScenarioSchema, type MigrationStep } from './schema-changes';
import { Matcher, VerificationError, checkFieldNames, describeRow, didYouMean, errorNames, meets, mismatches } from './verification';

/** The longest page walk before the walk is taken to be looping. */
const MAX_PAGES = 10_000;

/** The columns of a `the violations are:` table: a violation's properties. */
const VIOLATION_COLUMNS = ['field', 'rule', 'value', 'message'];

/** The reasons a ReferenceIntegrityError gives. */
const REFUSAL_REASONS = ['missing-parent', 'restricted'];

/** The error classes of the ORM, by name: every exported class that extends Error. */
export const ERROR_CLASS_NAMES: readonly string[] = (Object.values(ormErrors) as unknown[])
  .filter((value): value is { name: string } => typeof value === 'function' && value.prototype instanceof Error)
  .map((value) => value.name);

/**
 * The error class a step names (`DuplicateKeyError`); anything else fails, naming the closest
 * class (also for a name without the `Error` suffix, such as `DuplicateKey`) and every class.
 */
export function errorClassName(text: string): string {
  if (ERROR_CLASS_NAMES.includes(text)) return text;
  const suffixed = ERROR_CLASS_NAMES.find((name) => name.toLowerCase() === `${text}error`.toLowerCase());
  const hint = suffixed !== undefined ? ` (did you mean "${suffixed}"?)` : didYouMean(text, ERROR_CLASS_NAMES);
  throw new VerificationError(`"${text}" is not an error class of the ORM${hint}. They are: ${ERROR_CLASS_NAMES.join(', ')}.`);
}

interface Outcome {
  readonly description: string;
  readonly result: OperationResult;
  /** The model the operation was on, which `the violations are:` parses values by. */
  readonly model?: AnyModel;
}

/** A write refused while seeding with `Given I try to seed …`: carries the outcome to record. */
class SeedRefused extends Error {
  constructor(readonly result: OperationResult) {
    super('A seed write was refused.');
  }
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
  private current: { model: AnyModel; query: QuerySpec; size: number; number: number; items: Row[]; nextCursor: string | null } | undefined;
  private schemaChanges: ScenarioSchema | undefined;

  constructor(
    driver: Driver,
    private readonly clock: ControllableClock,
    tenant?: string,
  ) {
    super(driver, tenant);
  }

  // Arrange

  /** Seeds the records of a horizontal table; any failure fails the step. */
  async seed(model: AnyModel, cells: Cells): Promise<void> {
    for (const row of this.inputRows(model, cells)) await this.createAndVerify(model, row);
  }

  /** Seeds one record from a vertical table: the model's factory defaults overridden by the table, or the table alone without a factory. */
  async seedOne(model: AnyModel, cells: Cells): Promise<void> {
    await this.seedRecord(model, this.input(model, cells), this);
  }

  /** Seeds the rows of a horizontal table in order, recording the outcome: the first refused write stops it (the rows before it stay). */
  async trySeed(model: AnyModel, cells: Cells): Promise<void> {
    const rows = this.inputRows(model, cells);
    await this.attemptSeed(`seed the ${model.name} table`, model, async (store) => {
      for (const row of rows) await store.createAndVerify(model, row);
    });
  }

  /** Seeds one record as `seedOne` does, recording the outcome instead of failing the step. */
  async trySeedOne(model: AnyModel, cells: Cells): Promise<void> {
    const data = this.input(model, cells);
    await this.attemptSeed(`seed a ${model.name}`, model, (store) => this.seedRecord(model, data, store));
  }

  /** Seeds `count` records made by the model's factory, recording the outcome: the first refused write stops it. */
  async trySeedFromFactory(model: AnyModel, count: number): Promise<void> {
    await this.attemptSeed(`seed ${count} ${model.name}`, model, async (store) => {
      await factoryFor(model).createMany(count, {}, { store });
    });
  }

  private async seedRecord(model: AnyModel, data: Row, store: FactoryStore): Promise<void> {
    if (hasFactory(model)) await factoryFor(model).create(data, { store });
    else await store.createAndVerify(model, data);
  }

  /** Runs seed writes through a store that records the first refused write as the outcome, instead of failing. */
  private async attemptSeed(description: string, model: AnyModel, seed: (store: FactoryStore) => Promise<void>): Promise<void> {
    const store: FactoryStore = {
      createAndVerify: async (target, data) => {
        const result = await this.create(target, data);
        if (!result.success) throw new SeedRefused(result);
        await this.verifyStored(target, result.data as Row, data, 'create');
        return result.data as Row;
      },
    };
    try {
      await seed(store);
      this.remember(description, { success: true }, model);
    } catch (error) {
      if (!(error instanceof SeedRefused)) throw error;
      this.remember(description, error.result, model);
    }
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

  // Databases and tenants

  /** Makes the following steps work for a tenant; a bad tenant name fails the step. */
  switchTenant(tenant: string): void {
    this.useTenant(checkTenant(tenant));
  }

  /** Switches tenant as `switchTenant` does, recording the outcome instead of failing the step. */
  trySwitchTenant(tenant: string): void {
    try {
      this.switchTenant(tenant);
      this.remember(`switch to the tenant ${JSON.stringify(tenant)}`, { success: true });
    } catch (error) {
      this.remember(`switch to the tenant ${JSON.stringify(tenant)}`, { success: false, error: error as Error });
    }
  }

  /** Makes the following steps work for no tenant (the template databases then refuse them). */
  clearTenant(): void {
    this.useTenant(undefined);
  }

  /** Runs a step's work through another alias (a mirror of the model's database). */
  inDatabase<T>(database: string, work: () => Promise<T>): Promise<T> {
    return this.within({ database }, work);
  }

  /** Runs a step's work for another tenant, without switching the scenario's tenant. */
  forTenant<T>(tenant: string, work: () => Promise<T>): Promise<T> {
    return this.within({ tenant: checkTenant(tenant) }, work);
  }

  /**
   * Declares databases from a horizontal table (`alias`, `kind`, `dependencies` as a comma list,
   * `mirror`), recording the outcome: the rules are the ORM's (`DatabaseLayoutError`).
   */
  tryDeclareDatabases(cells: Cells): void {
    const [header = [], ...rows] = cells;
    const known = ['alias', 'kind', 'dependencies', 'mirror'];
    const unknown = header.filter((column) => !known.includes(column));
    if (unknown.length > 0 || !header.includes('alias')) {
      throw new VerificationError(`A databases table has the columns ${known.join(', ')} (alias required); it has ${header.join(', ')}.`);
    }
    const declarations: Record<string, DatabaseDeclaration> = {};
    for (const row of rows) {
      const cell = (column: string): string | undefined => {
        const text = row[header.indexOf(column)];
        return text === undefined || text === '' ? undefined : text;
      };
      const mirror = cell('mirror');
      const dependencies = cell('dependencies');
      declarations[cell('alias') ?? ''] = (
        mirror !== undefined
          ? { mirror }
          : {
              kind: cell('kind'),
              ...(dependencies !== undefined && { dependencies: dependencies === '<none>' ? [] : backendList(dependencies) }),
            }
      ) as DatabaseDeclaration;
    }
    const description = 'declare the databases';
    try {
      defineDatabases(declarations);
      this.remember(description, { success: true });
    } catch (error) {
      this.remember(description, { success: false, error: error as Error });
    }
  }

  /** Tries to define a model in `database` with a reference to `parent`, recording the outcome. */
  tryDefineReferringModel(database: string, parent: AnyModel): void {
    const description = `define a model in ${database} referring to ${parent.name}`;
    try {
      defineModel(
        'Referrer',
        { id: field.string({ primaryKey: true }), parentId: field.reference(parent, { onDelete: 'cascade' }) },
        { database },
      );
      this.remember(description, { success: true });
    } catch (error) {
      this.remember(description, { success: false, error: error as Error });
    }
  }

  /** Checks that every store of the run was created after the stores its alias depends on. */
  expectCreatedInDependencyOrder(): void {
    const log = this.storeLog();
    const created = log.created().map(storeName);
    if (created.length === 0) throw new VerificationError(`No store has been created on the ${this.backend} backend.`);
    for (const [index, store] of log.created().entries()) {
      for (const dependency of log.dependencies(store.alias)) {
        if (!created.slice(0, index).includes(dependency)) {
          throw new VerificationError(
            `${storeName(store)} was created before ${dependency}, which it depends on. Stores in the order created: ${created.join(', ')}.`,
          );
        }
      }
    }
  }

  /** Checks that store `first` (`central`, `clinic@acme`) was created before store `second`. */
  expectCreatedBefore(first: string, second: string): void {
    const created = this.storeLog().created().map(storeName);
    const at = (name: string): number => {
      const index = created.indexOf(name);
      if (index < 0)
        throw new VerificationError(`No store ${name} has been created. Stores in the order created: ${created.join(', ') || 'none'}.`);
      return index;
    };
    if (at(first) > at(second)) {
      throw new VerificationError(`${first} was created after ${second}. Stores in the order created: ${created.join(', ')}.`);
    }
  }

  /** Checks that a store (`clinic@acme`) exists in this run. */
  expectStoreExists(name: string): void {
    this.expectCreatedBefore(name, name);
  }

  private storeLog(): Required<Pick<Driver, 'created' | 'dependencies'>> {
    const { created, dependencies } = this.driver;
    if (created === undefined || dependencies === undefined) {
      throw new VerificationError(`The ${this.backend} driver serves one store and keeps no log of the stores it created.`);
    }
    return { created: created.bind(this.driver), dependencies: dependencies.bind(this.driver) };
  }

  // Schema changes (@schema-changes scenarios)

  /** The model a step names that the scenario's own migrations made (the `{model}` parameter looks here first). */
  scenarioModel(word: string): AnyModel | undefined {
    return this.schemaChanges?.model(word);
  }

  /** Applies one more migration of the scenario's own; it must apply, and the store must then hold what the migrations built. */
  async migrate(step: MigrationStep): Promise<void> {
    const schema = this.scenarioSchema();
    try {
      await schema.apply(step);
    } catch (error) {
      if (!(error instanceof MigrationError)) throw error;
      throw new VerificationError(`Expected the migration to ${step.description} on ${this.backend} to apply, but: ${error.message}`);
    }
    await schema.expectSchemaAsBuilt();
    this.remember(`the migration to ${step.description}`, { success: true });
  }

  /** Applies a migration as `migrate` does, recording a refusal as the outcome; a refused one must have changed nothing. */
  async tryMigrate(step: MigrationStep): Promise<void> {
    const schema = this.scenarioSchema();
    const description = `the migration to ${step.description}`;
    try {
      await schema.apply(step);
      this.remember(description, { success: true });
    } catch (error) {
      if (!(error instanceof MigrationError)) throw error;
      this.remember(description, { success: false, error });
    }
    await schema.expectSchemaAsBuilt();
  }

  /** Checks that the store holds exactly what the scenario's migrations built (as far as its engine can tell). */
  async expectSchemaAsBuilt(): Promise<void> {
    await this.scenarioSchema().expectSchemaAsBuilt();
  }

  /** Checks how many of the scenario's migrations the store records as applied (umzug's record). */
  async expectRecordedMigrations(count: number): Promise<void> {
    const recorded = await this.scenarioSchema().recorded();
    if (recorded.length !== count) {
      throw new VerificationError(
        `Expected ${count} migration(s) recorded as applied on ${this.backend}, but the record holds ${recorded.length}: ${recorded.join(', ') || 'none'}.`,
      );
    }
  }

  private scenarioSchema(): ScenarioSchema {
    this.schemaChanges ??= new ScenarioSchema(this.driver, () => ({ tenant: this.tenant }));
    return this.schemaChanges;
  }

  // Act

  async createFrom(model: AnyModel, cells: Cells): Promise<void> {
    const data = this.input(model, cells);
    const row = await this.createAndVerify(model, data);
    this.remember(`create ${model.name}`, { success: true, data: row, instance: row });
  }

  async tryCreate(model: AnyModel, cells: Cells): Promise<void> {
    this.remember(`create ${model.name}`, await this.create(model, parseVertical(model, cells)), model);
  }

  async updateFrom(model: AnyModel, keyText: string, cells: Cells): Promise<void> {
    const row = await this.updateAndVerify(model, parseKey(model, keyText), this.input(model, cells));
    this.remember(`update ${model.name} ${keyText}`, { success: true, data: row, instance: row }, model);
  }

  async tryUpdate(model: AnyModel, keyText: string, cells: Cells): Promise<void> {
    this.remember(
      `update ${model.name} ${keyText}`,
      await this.update(model, parseKey(model, keyText), parseVertical(model, cells)),
      model,
    );
  }

  /** Updates a record with no changes (only its `autoNow` fields move); it must succeed and read back equal. */
  async updateWithoutChanges(model: AnyModel, keyText: string): Promise<void> {
    const row = await this.updateAndVerify(model, parseKey(model, keyText), {});
    this.remember(`update ${model.name} ${keyText} with no changes`, { success: true, data: row, instance: row }, model);
  }

  async tryUpdateWithoutChanges(model: AnyModel, keyText: string): Promise<void> {
    this.remember(`update ${model.name} ${keyText} with no changes`, await this.update(model, parseKey(model, keyText), {}), model);
  }

  async deleteByKey(model: AnyModel, keyText: string): Promise<void> {
    await this.deleteAndVerify(model, parseKey(model, keyText));
    this.remember(`delete ${model.name} ${keyText}`, { success: true });
  }

  async tryDelete(model: AnyModel, keyText: string): Promise<void> {
    this.remember(`delete ${model.name} ${keyText}`, await this.delete(model, parseKey(model, keyText)), model);
  }

  async upsertFrom(model: AnyModel, cells: Cells): Promise<void> {
    const row = await this.upsertAndVerify(model, this.input(model, cells));
    this.remember(`upsert ${model.name}`, { success: true, data: row, instance: row });
  }

  async tryUpsert(model: AnyModel, cells: Cells): Promise<void> {
    this.remember(`upsert ${model.name}`, await this.upsert(model, parseVertical(model, cells)), model);
  }

  /** Restores a soft-deleted record; it must succeed and the record must be visible again. */
  async restoreByKey(model: AnyModel, keyText: string): Promise<void> {
    const key = parseKey(model, keyText);
    const row = this.succeeded(await this.restore(model, key), 'restore', model, key) as Row;
    await this.getAndVerifyExists(model, key);
    this.remember(`restore ${model.name} ${keyText}`, { success: true, data: row, instance: row });
  }

  async tryRestore(model: AnyModel, keyText: string): Promise<void> {
    this.remember(`restore ${model.name} ${keyText}`, await this.restore(model, parseKey(model, keyText)), model);
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
    this.remember(`force-delete ${model.name} ${keyText}`, await this.forceDelete(model, parseKey(model, keyText)), model);
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

  /** Takes the first page of a query (a page size and the rows of a query table), keeping its cursor for `nextPage`. */
  async firstPage(model: AnyModel, size: number, cells: Cells = []): Promise<void> {
    await this.takePage(model, size, parseQuery(model, cells), null, 1);
  }

  /** Takes the page after the last one taken, with that page's cursor: records added or removed since then are seen or missed as the cursor's position says. */
  async nextPage(): Promise<void> {
    const { model, size, query, number, nextCursor } = this.lastPage();
    if (nextCursor === null)
      throw new VerificationError(
        `There is no next ${model.name} page: page ${number} was the last (its next cursor is null). Check that with "Then there is no next page".`,
      );
    await this.takePage(model, size, query, nextCursor, number + 1);
  }

  private async takePage(model: AnyModel, size: number, query: QuerySpec, cursor: string | null, number: number): Promise<void> {
    const result = await this.page(model, size, cursor, query);
    const data = this.succeeded(result, `take page ${number} of`, model, { size, ...query, cursor });
    this.current = { model, query, size, number, items: data?.items ?? [], nextCursor: data?.nextCursor ?? null };
    this.remember(`take page ${number} of ${model.name}`, result, model);
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

  /**
   * Checks the last error's violations are exactly these rows, in order. The columns are
   * violation properties: `field`, `rule`, and optionally `value` (a cell parsed by the field's
   * type) and `message`.
   */
  expectViolations(cells: Cells): void {
    const [header = [], ...rows] = cells;
    const unknown = header.filter((h) => !VIOLATION_COLUMNS.includes(h));
    if (unknown.length > 0)
      throw new VerificationError(
        `The violations table has the column${unknown.length === 1 ? '' : 's'} ${unknown.map((h) => `"${h}"${didYouMean(h, VIOLATION_COLUMNS)}`).join(', ')}, which a violation does not have. Its columns are: ${VIOLATION_COLUMNS.join(', ')} (value is parsed by the field's type).`,
      );
    const { model } = this.lastOutcome();
    const error = this.lastError() as Error & { violations?: readonly Record<string, unknown>[] };
    if (!Array.isArray(error.violations))
      throw new VerificationError(`Expected a ValidationError with violations, got ${error.name}: ${error.message}`);
    const violations = error.violations;
    const fits = (row: readonly string[], v: Record<string, unknown>) =>
      header.every((h, i) =>
        h === 'value' ? sameValue(model?.fields[String(v.field)], row[i] ?? '', v.value, this.clock) : String(v[h]) === (row[i] ?? ''),
      );
    const expected = rows.map((row) => header.map((h, i) => `${h}=${row[i]}`).join(' '));
    const actual = violations.map((v) => header.map((h) => `${h}=${h === 'value' ? cellText(v[h]) : String(v[h])}`).join(' '));
    if (rows.length !== violations.length || !rows.every((row, i) => fits(row, violations[i] as Record<string, unknown>))) {
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

  /** Checks the reason a ReferenceIntegrityError gives: `missing-parent` or `restricted`. */
  expectRefusalReason(text: string): void {
    if (!REFUSAL_REASONS.includes(text))
      throw new VerificationError(
        `"${text}" is not a reason a ReferenceIntegrityError gives${didYouMean(text, REFUSAL_REASONS)}. The reasons are: ${REFUSAL_REASONS.join(', ')}.`,
      );
    const error = this.lastError() as Error & { reason?: string };
    if (error.name !== 'ReferenceIntegrityError' || error.reason !== text)
      throw new VerificationError(
        `Expected a ReferenceIntegrityError with the reason ${text}, got ${error.name}${error.reason === undefined ? '' : ` with the reason ${error.reason}`}: ${error.message}`,
      );
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

  /** Checks a record holds exactly the listed fields (no more, no fewer) with these values. */
  async expectExactRecord(model: AnyModel, keyText: string, cells: Cells): Promise<void> {
    const stored = await this.getAndVerifyExists(model, parseKey(model, keyText));
    const expected = parseVertical(model, cells, this.clock);
    const unlisted = Object.keys(stored).filter((f) => !(f in expected));
    const absent = Object.keys(expected).filter((f) => !(f in stored));
    const wrong = mismatches(model, expected, stored).filter((f) => !absent.includes(f));
    const problems = [
      ...(unlisted.length > 0
        ? [`it also holds ${describeRow(stored, unlisted)}, which the table does not list (write <any> for any value)`]
        : []),
      ...(absent.length > 0 ? [`it has no ${absent.join(', ')} at all`] : []),
      ...(wrong.length > 0 ? [`expected ${describeRow(expected, wrong)}\n  but it holds ${describeRow(stored, wrong)}`] : []),
    ];
    if (problems.length > 0) throw this.problem('get', model, keyText, problems.join(';\n  '));
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

  /** Checks the rows of the last page taken, in order (a header alone: the page is empty). */
  expectPage(cells: Cells): void {
    const { model, number, items } = this.lastPage();
    compareRows(model, parseHorizontal(model, cells, this.clock), items, true, `page ${number} of ${model.name} on ${this.backend}`);
  }

  /** Checks whether the last page taken has a next cursor. */
  expectNextPage(expected: boolean): void {
    const { model, number, nextCursor } = this.lastPage();
    if ((nextCursor !== null) !== expected)
      throw new VerificationError(
        `Expected page ${number} of ${model.name} on ${this.backend} ${expected ? 'to have a next page, but its next cursor is null' : 'to be the last, but it has a next cursor'}.`,
      );
  }

  private remember(description: string, result: OperationResult, model?: AnyModel): void {
    this.outcome = { description, result, ...(model ? { model } : {}) };
  }

  /** A vertical table of data to write where the step must succeed: every name must be a field. */
  private input(model: AnyModel, cells: Cells): Row {
    const row = parseVertical(model, cells);
    checkFieldNames(model, Object.keys(row), `The ${model.name} table`);
    return row;
  }

  /** A horizontal table of records to seed: every column must be a field. */
  private inputRows(model: AnyModel, cells: Cells): Row[] {
    checkFieldNames(model, cells[0] ?? [], `The ${model.name} table header`);
    return parseHorizontal(model, cells);
  }

  private lastPage(): NonNullable<ScenarioDsl['current']> {
    if (this.current === undefined)
      throw new VerificationError('No page has been taken in this scenario: use "When I take the first page of …" first.');
    return this.current;
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

/** Whether a violation's value is the one a `value` cell states: parsed by the field's type, or written the same. */
function sameValue(field: Field | undefined, text: string, actual: unknown, clock: { now(): Date }): boolean {
  const expected = parseExpectedCell(field, text, clock);
  if (expected instanceof Matcher) return expected.test(actual);
  if (Object.is(expected, actual) || cellText(actual) === text) return true;
  return typeof expected === typeof actual && actual !== null && meets(field, expected, actual);
}

/** A value as a cell would write it. */
function cellText(value: unknown): string {
  if (value === null) return '<null>';
  if (value === '') return '<empty>';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return describeValue(value, Infinity);
  return String(value);
}

import type { Driver, Operation, OperationData, OperationResult, QuerySpec, StoreChoice } from '../drivers/driver';
import { describeValue, type AnyModel, type KeyInput, type Lookups, type Row } from '../orm';
import { VerificationError, checkFieldNames, describeRow, errorNames, mismatches } from './verification';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

/**
 * Backend-neutral operations and verifications. Every operation returns an `OperationResult`;
 * every `…AndVerify`/`expect…`/`assert…` form checks the outcome and, when it is wrong, throws a
 * `VerificationError` naming the operation, model, values and backend.
 */
export class Dsl {
  /** The store the operations reach, with several databases: the tenant, and an alias to go through. */
  private choice: StoreChoice;

  constructor(
    protected readonly driver: Driver,
    tenant?: string,
  ) {
    this.choice = { tenant };
  }

  /** The tenant the operations work for (template databases), or undefined. */
  get tenant(): string | undefined {
    return this.choice.tenant;
  }

  /** Makes the following operations work for another tenant (undefined: none). */
  useTenant(tenant: string | undefined): void {
    this.choice = { ...this.choice, tenant };
  }

  /**
   * Runs `work` with its operations reaching another store: through another alias (a mirror of
   * the model's) and/or for another tenant. The choice before it is restored afterwards.
   */
  async within<T>(choice: StoreChoice, work: () => Promise<T>): Promise<T> {
    const before = this.choice;
    this.choice = { tenant: choice.tenant ?? before.tenant, database: choice.database ?? before.database };
    try {
      return await work();
    } finally {
      this.choice = before;
    }
  }

  /** The backend the operations run on. */
  get backend(): string {
    return this.driver.name;
  }

  // Operations: never throw for the ORM's errors, always return the outcome.

  create(model: AnyModel, data: Row): Promise<OperationResult<Row>> {
    return this.run({ kind: 'create', model, data });
  }

  get(model: AnyModel, key: KeyInput): Promise<OperationResult<Row | undefined>> {
    return this.run({ kind: 'get', model, key });
  }

  update(model: AnyModel, key: KeyInput, changes: Row): Promise<OperationResult<Row>> {
    return this.run({ kind: 'update', model, key, changes });
  }

  delete(model: AnyModel, key: KeyInput): Promise<OperationResult<undefined>> {
    return this.run({ kind: 'delete', model, key });
  }

  upsert(model: AnyModel, data: Row): Promise<OperationResult<Row>> {
    return this.run({ kind: 'upsert', model, data });
  }

  /** Brings a soft-deleted record back. */
  restore(model: AnyModel, key: KeyInput): Promise<OperationResult<Row>> {
    return this.run({ kind: 'restore', model, key });
  }

  /** Removes a record for good, soft-deleted or not. */
  forceDelete(model: AnyModel, key: KeyInput): Promise<OperationResult<undefined>> {
    return this.run({ kind: 'forceDelete', model, key });
  }

  /** Runs a query: `filter`, `exclude`, `orderBy`, `limit`, `offset`. */
  queryModels(model: AnyModel, query: QuerySpec = {}): Promise<OperationResult<Row[]>> {
    return this.run({ kind: 'query', model, query });
  }

  /** One page of a query; `cursor` null for the first. */
  page(model: AnyModel, size: number, cursor: string | null, query: QuerySpec = {}): Promise<OperationResult<OperationData['page']>> {
    return this.run({ kind: 'page', model, query, size, cursor });
  }

  // Verifying forms.

  /** Creates a record, checks it succeeded and that reading it back gives what was stored. */
  async createAndVerify(model: AnyModel, data: Row): Promise<Row> {
    const created = this.succeeded(await this.create(model, data), 'create', model, data) as Row;
    await this.verifyStored(model, created, data, 'create');
    return created;
  }

  /** Tries to create a record and checks it failed with the named error class; returns the error. */
  async expectCreateFailure(model: AnyModel, errorName: string, data: Row): Promise<Error> {
    return this.failed(await this.create(model, data), errorName, 'create', model, data);
  }

  /** Reads a record by key and checks it exists. */
  async getAndVerifyExists(model: AnyModel, key: KeyInput): Promise<Row> {
    const found = this.succeeded(await this.get(model, key), 'get', model, key);
    if (found === undefined) throw this.problem('get', model, key, 'expected the record to exist, but there is none');
    return found as Row;
  }

  /** Reads a record by key and checks there is none; an error from the read fails the check rather than passing it. */
  async getAndVerifyNotExists(model: AnyModel, key: KeyInput): Promise<void> {
    const found = this.succeeded(await this.get(model, key), 'get', model, key);
    if (found !== undefined) throw this.problem('get', model, key, `expected no record, but found ${describeRow(found as Row)}`);
  }

  /** Reads a record by key, soft-deleted or not; undefined when none is stored. */
  async getIncludingDeleted(model: AnyModel, key: KeyInput): Promise<Row | undefined> {
    return this.succeeded(await this.run({ kind: 'get', model, key, withDeleted: true }), 'get (including soft-deleted)', model, key);
  }

  /** Updates a record, checks it succeeded and that reading it back gives the changes. */
  async updateAndVerify(model: AnyModel, key: KeyInput, changes: Row): Promise<Row> {
    const updated = this.succeeded(await this.update(model, key, changes), 'update', model, { key, changes }) as Row;
    await this.verifyStored(model, updated, changes, 'update');
    return updated;
  }

  /** Tries to update a record and checks it failed with the named error class; returns the error. */
  async expectUpdateFailure(model: AnyModel, key: KeyInput, errorName: string, changes: Row): Promise<Error> {
    return this.failed(await this.update(model, key, changes), errorName, 'update', model, { key, changes });
  }

  /** Deletes a record and checks it is gone. */
  async deleteAndVerify(model: AnyModel, key: KeyInput): Promise<void> {
    this.succeeded(await this.delete(model, key), 'delete', model, key);
    await this.getAndVerifyNotExists(model, key);
  }

  /** Upserts a record, checks it succeeded and that reading it back gives what was stored. */
  async upsertAndVerify(model: AnyModel, data: Row): Promise<Row> {
    const stored = this.succeeded(await this.upsert(model, data), 'upsert', model, data) as Row;
    await this.verifyStored(
      model,
      stored,
      data,
      'upsert',
      model.fieldNames.filter((f) => model.fields[f]?.options.autoNowAdd === true),
    );
    return stored;
  }

  /** Runs a query and checks it returned this many records; returns them. */
  async queryAndVerifyCount(model: AnyModel, expected: number, query: QuerySpec = {}): Promise<Row[]> {
    const rows = this.succeeded(await this.queryModels(model, query), 'query', model, query) as Row[];
    if (rows.length !== expected) {
      throw this.problem(
        'query',
        model,
        query,
        `expected ${expected} records, got ${rows.length}:\n${rows.map((r) => `  ${describeRow(r)}`).join('\n')}`,
      );
    }
    return rows;
  }

  /** How many records match the lookups. */
  async countModels(model: AnyModel, lookups: Lookups = {}, query: QuerySpec = {}): Promise<number> {
    const spec = { ...query, filter: { ...query.filter, ...lookups } };
    return this.succeeded(await this.run({ kind: 'count', model, query: spec }), 'count', model, spec) as number;
  }

  /** Whether any record matches the lookups. */
  async modelExists(model: AnyModel, lookups: Lookups = {}, query: QuerySpec = {}): Promise<boolean> {
    const spec = { ...query, filter: { ...query.filter, ...lookups } };
    return this.succeeded(await this.run({ kind: 'exists', model, query: spec }), 'exists', model, spec) as boolean;
  }

  /** Every record of a model, in primary-key order. */
  async allModels(model: AnyModel): Promise<Row[]> {
    return this.succeeded(await this.queryModels(model), 'query', model, {}) as Row[];
  }

  /** Checks storage (read directly, not through the ORM) holds a row with these values. */
  async assertDatabaseHas(model: AnyModel, values: Row): Promise<void> {
    const rows = await this.storedRows(model, values);
    if (!rows.some((row) => mismatches(model, values, row).length === 0)) {
      throw this.problem(
        'stored rows of',
        model,
        values,
        `expected a stored row with ${describeRow(values)}, but the ${rows.length} stored row(s) are:\n${rows.map((r) => `  ${describeRow(r, Object.keys(values))}`).join('\n')}`,
      );
    }
  }

  /** Checks storage holds no row with these values. */
  async assertDatabaseMissing(model: AnyModel, values: Row): Promise<void> {
    const rows = await this.storedRows(model, values);
    const found = rows.find((row) => mismatches(model, values, row).length === 0);
    if (found !== undefined)
      throw this.problem(
        'stored rows of',
        model,
        values,
        `expected no stored row with ${describeRow(values)}, but found ${describeRow(found)}`,
      );
  }

  /** Checks storage holds exactly this many rows of a model. */
  async assertDatabaseCount(model: AnyModel, expected: number): Promise<void> {
    const rows = await this.storedRows(model, {});
    if (rows.length !== expected)
      throw this.problem('stored rows of', model, {}, `expected ${expected} stored row(s), found ${rows.length}`);
  }

  // Helpers shared by the verifying forms.

  /** The primary key of a record. */
  keyOf(model: AnyModel, row: Row): Row {
    return Object.fromEntries(model.primaryKey.map((f) => [f, row[f]]));
  }

  protected run<K extends Operation['kind']>(operation: Op<K>): Promise<OperationResult<OperationData[K]>> {
    return this.driver.execute({ ...this.choice, ...operation } as Op<K>);
  }

  /** Returns the data of a successful result, or throws saying what failed. */
  protected succeeded<T>(result: OperationResult<T>, operation: string, model: AnyModel, values: unknown): T | undefined {
    if (!result.success) {
      const error = result.error;
      throw this.problem(
        operation,
        model,
        values,
        `expected it to succeed, but it failed with ${error?.name ?? 'an error'}: ${error?.message ?? '(no message)'}`,
      );
    }
    return result.data;
  }

  /** Returns the error of a failed result that has the named class, or throws saying what happened instead. */
  protected failed(result: OperationResult, errorName: string, operation: string, model: AnyModel, values: unknown): Error {
    if (result.success) throw this.problem(operation, model, values, `expected it to fail with ${errorName}, but it succeeded`);
    const error = result.error as Error;
    if (!errorNames(error).includes(errorName)) {
      throw this.problem(
        operation,
        model,
        values,
        `expected it to fail with ${errorName}, but it failed with ${error.name}: ${error.message}`,
      );
    }
    return error;
  }

  protected problem(operation: string, model: AnyModel, values: unknown, what: string): VerificationError {
    return new VerificationError(
      `${operation} ${model.name} on the ${this.backend} backend: ${what}\n  values: ${describeValue(values, Infinity)}`,
    );
  }

  private async storedRows(model: AnyModel, values: Row): Promise<Row[]> {
    checkFieldNames(model, Object.keys(values), `The stored-data check on ${model.name}`);
    return this.driver.storedRows(model, this.choice);
  }

  /** Reads the record back and checks it equals what the operation returned, and holds the given values. */
  protected async verifyStored(
    model: AnyModel,
    returned: Row,
    given: Row,
    operation: string,
    ignore: readonly string[] = [],
  ): Promise<void> {
    const key = this.keyOf(model, returned);
    const stored = await this.getAndVerifyExists(model, key);
    const changed = mismatches(model, returned, stored);
    if (changed.length > 0) {
      throw this.problem(
        operation,
        model,
        given,
        `the record read back differs from the one returned in ${changed.join(', ')}:\n  returned: ${describeRow(returned)}\n  read back: ${describeRow(stored)}`,
      );
    }
    const lost = mismatches(
      model,
      Object.fromEntries(Object.entries(given).filter(([f]) => !ignore.includes(f) && f in model.fields)),
      stored,
    );
    if (lost.length > 0) {
      throw this.problem(
        operation,
        model,
        given,
        `the record read back does not hold the given ${lost.join(', ')}: ${describeRow(stored, lost)}`,
      );
    }
  }
}

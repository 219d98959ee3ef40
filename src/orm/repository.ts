import type { Backend } from './backends/backend';
import type { Clock } from './clock';
import { ModelDefinitionError, NotFoundError, QueryError, describeValue } from './errors';
import type { Field } from './fields';
import { DELETED_AT, type AnyModel, type ChangesFor, type InputFor, type RecordFor } from './model';
import { QueryBuilder, type Page } from './query-builder';
import type { Lookups } from './query';
import { prepareChanges, prepareNewRow, type Row } from './validation';
import { hasKindType } from './values';

/** A primary key: the value itself for a single-field key, or an object of the key fields. */
export type KeyInput = string | number | Readonly<Record<string, unknown>>;

/** Create, read, update, delete, upsert and query the records of one model. */
export class Repository<M extends AnyModel> {
  constructor(
    readonly model: M,
    private readonly backend: Backend,
    private readonly clock: Clock,
    private readonly ready: () => Promise<void>,
  ) {}

  /** Creates a record: `ValidationError` for bad input, `DuplicateKeyError` for a taken key or unique value. */
  async create(input: InputFor<M>): Promise<RecordFor<M>> {
    const row = prepareNewRow(this.model, input, this.clock.now());
    await this.ready();
    await this.backend.insert(this.model, row);
    return row as RecordFor<M>;
  }

  /** The record with this primary key, or undefined; a soft-deleted one only with `{ withDeleted: true }`. */
  async get(key: KeyInput, options: { withDeleted?: boolean } = {}): Promise<RecordFor<M> | undefined> {
    const parsed = this.key(key);
    await this.ready();
    const row = await this.backend.get(this.model, parsed);
    if (row !== undefined && options.withDeleted !== true && isSoftDeleted(this.model, row)) return undefined;
    return row as RecordFor<M> | undefined;
  }

  /**
   * Changes some fields of a record: `NotFoundError`, `ValidationError` (incl. a key change),
   * `DuplicateKeyError` or `ReferenceIntegrityError`. A soft-deleted record is not found: restore it first.
   */
  async update(key: KeyInput, changes: ChangesFor<M>): Promise<RecordFor<M>> {
    const parsed = this.key(key);
    const prepared = prepareChanges(this.model, parsed, changes, this.clock.now());
    await this.ready();
    if (this.model.softDelete) await this.live(parsed);
    return (await this.backend.update(this.model, parsed, prepared)) as RecordFor<M>;
  }

  /**
   * Deletes a record: `NotFoundError` when there is none. On a `softDelete` model it only sets
   * `deletedAt` to the clock's time (a record already soft-deleted is not found); elsewhere it
   * removes the record and applies the `onDelete` rule of every reference to it.
   */
  async delete(key: KeyInput): Promise<void> {
    const parsed = this.key(key);
    await this.ready();
    if (!this.model.softDelete) return this.backend.delete(this.model, parsed);
    await this.live(parsed);
    await this.backend.update(this.model, parsed, { [DELETED_AT]: this.clock.now() });
  }

  /**
   * Brings a soft-deleted record back (clears `deletedAt`) and returns it: `NotFoundError` when
   * there is no record; a record that is not deleted is returned unchanged.
   */
  async restore(key: KeyInput): Promise<RecordFor<M>> {
    const parsed = this.key(key);
    this.softDeletable('restore');
    await this.ready();
    const current = await this.backend.get(this.model, parsed);
    if (current === undefined) throw new NotFoundError(this.model.name, parsed);
    if (!isSoftDeleted(this.model, current)) return current as RecordFor<M>;
    return (await this.backend.update(this.model, parsed, { [DELETED_AT]: null })) as RecordFor<M>;
  }

  /** Removes a record for good, soft-deleted or not, applying `onDelete` rules: `NotFoundError` when there is none. */
  async forceDelete(key: KeyInput): Promise<void> {
    const parsed = this.key(key);
    await this.ready();
    await this.backend.delete(this.model, parsed);
  }

  /** Inserts, or replaces the whole record (omitted fields take their defaults) keeping its `autoNowAdd` values. */
  async upsert(input: InputFor<M>): Promise<RecordFor<M>> {
    const row = prepareNewRow(this.model, input, this.clock.now());
    const keep = this.model.fieldNames.filter((f) => this.model.fields[f]?.options.autoNowAdd === true);
    await this.ready();
    return (await this.backend.upsert(this.model, row, keep)) as RecordFor<M>;
  }

  /** A query over every record. */
  query(): QueryBuilder<M> {
    return new QueryBuilder(this.model, this.backend, this.ready);
  }

  /** A query over the records matching the lookups. */
  filter(lookups: Lookups): QueryBuilder<M> {
    return this.query().filter(lookups);
  }

  /** Every record, in primary-key order. */
  async all(): Promise<RecordFor<M>[]> {
    return this.query().all();
  }

  /** How many records match the lookups. */
  async count(lookups: Lookups = {}): Promise<number> {
    return this.query().filter(lookups).count();
  }

  /** Whether any record matches the lookups. */
  async exists(lookups: Lookups = {}): Promise<boolean> {
    return this.query().filter(lookups).exists();
  }

  /** One page of records in primary-key order; see `QueryBuilder.page`. */
  async page(size: number, cursor?: string | null): Promise<Page<RecordFor<M>>> {
    return this.query().page(size, cursor);
  }

  /** Raises `NotFoundError` unless a record with this key is stored and not soft-deleted. */
  private async live(key: Row): Promise<void> {
    const current = await this.backend.get(this.model, key);
    if (current === undefined || isSoftDeleted(this.model, current)) throw new NotFoundError(this.model.name, key);
  }

  private softDeletable(operation: string): void {
    if (!this.model.softDelete) {
      throw new ModelDefinitionError(
        `${operation} needs a soft-deletable model, and ${this.model.name} is not one: define it with { softDelete: true }.`,
      );
    }
  }

  /** Turns a key as given into the key fields, checking each one's type. */
  key(key: KeyInput): Row {
    const { model } = this;
    const fields = model.primaryKey;
    const object: Record<string, unknown> =
      typeof key === 'object' && key !== null ? { ...key } : fields.length === 1 ? { [fields[0] as string]: key } : {};
    const problems: string[] = [];
    for (const f of fields) {
      const kind = (model.fields[f] as Field).kind;
      if (!hasKindType(kind, object[f]))
        problems.push(`${f} must be ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}, got ${describeValue(object[f])}`);
    }
    const extra = Object.keys(object).filter((f) => !fields.includes(f));
    if (extra.length > 0) problems.push(`${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not part of the primary key`);
    if (problems.length > 0) {
      throw new QueryError(`${describeValue(key)} is not a ${model.name} primary key (${fields.join(', ')}): ${problems.join('; ')}.`);
    }
    return Object.fromEntries(fields.map((f) => [f, object[f]]));
  }
}

function isSoftDeleted(model: AnyModel, row: Row): boolean {
  return model.softDelete && row[DELETED_AT] !== null && row[DELETED_AT] !== undefined;
}

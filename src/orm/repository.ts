import type { Backend } from './backends/backend';
import type { Clock } from './clock';
import { QueryError, describeValue } from './errors';
import type { Field } from './fields';
import type { AnyModel, ChangesFor, InputFor, RecordFor } from './model';
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

  /** The record with this primary key, or undefined. */
  async get(key: KeyInput): Promise<RecordFor<M> | undefined> {
    const parsed = this.key(key);
    await this.ready();
    return (await this.backend.get(this.model, parsed)) as RecordFor<M> | undefined;
  }

  /** Changes some fields of a record: `NotFoundError`, `ValidationError` (incl. a key change) or `DuplicateKeyError`. */
  async update(key: KeyInput, changes: ChangesFor<M>): Promise<RecordFor<M>> {
    const parsed = this.key(key);
    const prepared = prepareChanges(this.model, parsed, changes, this.clock.now());
    await this.ready();
    return (await this.backend.update(this.model, parsed, prepared)) as RecordFor<M>;
  }

  /** Deletes a record: `NotFoundError` when there is none. */
  async delete(key: KeyInput): Promise<void> {
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

  /** Turns a key as given into the key fields, checking each one's type. */
  key(key: KeyInput): Row {
    const { model } = this;
    const fields = model.primaryKey;
    const object: Record<string, unknown> =
      typeof key === 'object' && key !== null ? { ...key } : fields.length === 1 ? { [fields[0] as string]: key } : {};
    const problems: string[] = [];
    for (const f of fields) {
      const kind = (model.fields[f] as Field).kind;
      if (!hasKindType(kind, object[f])) problems.push(`${f} must be a ${kind}, got ${describeValue(object[f])}`);
    }
    const extra = Object.keys(object).filter((f) => !fields.includes(f));
    if (extra.length > 0) problems.push(`${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not part of the primary key`);
    if (problems.length > 0) {
      throw new QueryError(`${describeValue(key)} is not a ${model.name} primary key (${fields.join(', ')}): ${problems.join('; ')}.`);
    }
    return Object.fromEntries(fields.map((f) => [f, object[f]]));
  }
}

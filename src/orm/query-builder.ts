import type { Backend } from './backends/backend';
import { QueryError } from './errors';
import type { AnyModel, RecordFor } from './model';
import { checkCount, parseLookups, parseOrder, type Condition, type FindSpec, type Lookups, type OrderTerm } from './query';
import type { Row } from './validation';
import { hasKindType } from './values';
import { DELETED_AT } from './model';

/** The condition a soft-delete scope adds (nothing on a model without `softDelete`). */
export function deletedCondition(model: AnyModel, scope: DeletedScope): Condition[] {
  if (scope === 'include' || !model.softDelete) return [];
  return [parseLookups(model, { [`${DELETED_AT}__isnull`]: scope === 'exclude' })];
}

/** One page of a cursor walk; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Which records of a soft-deletable model a query sees: live ones (the default), all, or only soft-deleted ones. */
export type DeletedScope = 'exclude' | 'include' | 'only';

interface QueryState {
  readonly conditions: readonly Condition[];
  readonly deleted?: DeletedScope;
  readonly order: readonly string[];
  readonly limit?: number;
  readonly offset: number;
}

/**
 * An immutable query over one model: every method returns a new query, and nothing runs until
 * `all`, `first`, `count`, `exists` or `page`. Lookups and orderings are checked when given.
 */
export class QueryBuilder<M extends AnyModel> {
  private readonly order: readonly OrderTerm[];

  constructor(
    private readonly model: M,
    private readonly backend: Backend,
    private readonly ready: () => Promise<void>,
    private readonly state: QueryState = { conditions: [], order: [], offset: 0 },
  ) {
    this.order = parseOrder(model, state.order);
  }

  /** Keeps the records matching every lookup (`{ age__gte: 30, active: true }`). */
  filter(lookups: Lookups): QueryBuilder<M> {
    return this.with({ conditions: [...this.state.conditions, parseLookups(this.model, lookups)] });
  }

  /** Drops the records matching every lookup; records where a lookup is false, including nulls, stay. */
  exclude(lookups: Lookups): QueryBuilder<M> {
    return this.with({ conditions: [...this.state.conditions, { kind: 'not', condition: parseLookups(this.model, lookups) }] });
  }

  /** Also returns soft-deleted records (no effect on a model without `softDelete`). */
  withDeleted(): QueryBuilder<M> {
    return this.with({ deleted: 'include' });
  }

  /** Returns only soft-deleted records; `QueryError` on a model without `softDelete`. */
  onlyDeleted(): QueryBuilder<M> {
    if (!this.model.softDelete) {
      throw new QueryError(
        `${this.model.name} has no soft-deleted records to select: onlyDeleted needs a model defined with { softDelete: true }.`,
      );
    }
    return this.with({ deleted: 'only' });
  }

  /** Orders by fields, `-field` for descending; replaces any earlier order. Ties go by primary key. */
  orderBy(...fields: string[]): QueryBuilder<M> {
    return this.with({ order: fields });
  }

  /** Returns at most this many records (0 returns none). */
  limit(count: number): QueryBuilder<M> {
    return this.with({ limit: checkCount(this.model, 'limit', count) });
  }

  /** Skips this many records first. */
  offset(count: number): QueryBuilder<M> {
    return this.with({ offset: checkCount(this.model, 'offset', count) });
  }

  /** Every matching record, in order. */
  async all(): Promise<RecordFor<M>[]> {
    await this.ready();
    return (await this.backend.find(this.model, this.spec())) as RecordFor<M>[];
  }

  /** The first matching record in order, or undefined. */
  async first(): Promise<RecordFor<M> | undefined> {
    if (this.state.limit === 0) return undefined;
    await this.ready();
    const [row] = await this.backend.find(this.model, { ...this.spec(), limit: 1 });
    return row as RecordFor<M> | undefined;
  }

  /** How many records `all()` would return. */
  async count(): Promise<number> {
    await this.ready();
    const total = await this.backend.count(this.model, this.where());
    const afterOffset = Math.max(total - this.state.offset, 0);
    return this.state.limit === undefined ? afterOffset : Math.min(afterOffset, this.state.limit);
  }

  /** Whether `all()` would return anything. */
  async exists(): Promise<boolean> {
    if (this.state.offset > 0 || this.state.limit !== undefined) return (await this.count()) > 0;
    await this.ready();
    return this.backend.exists(this.model, this.where());
  }

  /**
   * One page of at most `size` records after `cursor` (null or omitted for the first page).
   * Walking every page returns each matching record once, in order.
   */
  async page(size: number, cursor?: string | null): Promise<Page<RecordFor<M>>> {
    checkCount(this.model, 'page size', size);
    if (this.state.limit !== undefined || this.state.offset > 0) {
      throw new QueryError(
        `Paging a ${this.model.name} query takes a page size and cursor instead of limit and offset: remove them from the query.`,
      );
    }
    const after = cursor === undefined || cursor === null ? undefined : this.decodeCursor(cursor);
    await this.ready();
    const rows = await this.backend.find(this.model, { ...this.spec(), ...(after ? { after } : {}), limit: size + 1 });
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    const nextCursor = rows.length > size && last !== undefined ? this.encodeCursor(last) : null;
    return { items: items as RecordFor<M>[], nextCursor };
  }

  /** Walks every page of `size` records. */
  async *pages(size: number): AsyncGenerator<Page<RecordFor<M>>> {
    let cursor: string | null = null;
    do {
      const page: Page<RecordFor<M>> = await this.page(size, cursor);
      yield page;
      cursor = page.nextCursor;
    } while (cursor !== null);
  }

  private with(change: Partial<QueryState>): QueryBuilder<M> {
    return new QueryBuilder(this.model, this.backend, this.ready, { ...this.state, ...change });
  }

  private where(): Condition {
    return { kind: 'and', conditions: [...this.state.conditions, ...deletedCondition(this.model, this.state.deleted ?? 'exclude')] };
  }

  private spec(): FindSpec {
    return {
      where: this.where(),
      orderBy: this.order,
      offset: this.state.offset,
      ...(this.state.limit === undefined ? {} : { limit: this.state.limit }),
    };
  }

  private signature(): string {
    return `${this.model.name}:${this.order.map((t) => (t.descending ? '-' : '') + t.field).join(',')}`;
  }

  private encodeCursor(row: Row): string {
    const values = this.order.map((t) => (row[t.field] instanceof Date ? (row[t.field] as Date).toISOString() : row[t.field]));
    return Buffer.from(JSON.stringify({ s: this.signature(), v: values })).toString('base64url');
  }

  private decodeCursor(cursor: string): Row {
    const invalid = (): never => {
      throw new QueryError(
        `The cursor ${JSON.stringify(cursor.slice(0, 40))} does not belong to this ${this.model.name} query: pass the nextCursor of the previous page of the same query.`,
      );
    };
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      return invalid();
    }
    const { s, v } = (decoded ?? {}) as { s?: unknown; v?: unknown };
    if (s !== this.signature() || !Array.isArray(v) || v.length !== this.order.length) return invalid();
    const after: Row = {};
    this.order.forEach((term, i) => {
      const raw: unknown = v[i];
      const value = term.fieldKind === 'datetime' && typeof raw === 'string' ? new Date(raw) : raw;
      if (value !== null && !hasKindType(term.fieldKind, value)) invalid();
      after[term.field] = value;
    });
    return after;
  }
}

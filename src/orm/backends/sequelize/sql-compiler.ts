import type { Field, FieldKind } from '../../fields';
import type { AnyModel } from '../../model';
import type { Condition, FindSpec, Lookup, OrderTerm } from '../../query';
import type { Row } from '../../validation';
import { asciiLower } from '../../values';
import type { SqlDialect } from './dialects';

/** Collects statement parameters and hands out their placeholders (`$1`, `$2`, …). */
export class Params {
  readonly values: unknown[] = [];

  constructor(private readonly dialect: SqlDialect) {}

  /** A typed placeholder for a value of a field kind, encoded for the engine. */
  add(kind: FieldKind, value: unknown): string {
    return this.dialect.typed(kind, this.bind(this.dialect.encode(kind, value)));
  }

  /** An untyped placeholder for a value already encoded for the engine. */
  bind(encoded: unknown): string {
    this.values.push(encoded);
    return `$${this.values.length}`;
  }
}

/** Double-quotes an identifier (both engines accept the standard quoting). */
export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * Compiles the ORM's conditions, orders and keyset seeks into SQL with exactly the reference
 * semantics of src/orm/query.ts: every lookup is two-valued (a null column makes it false, never
 * unknown), so NOT is the exact complement; strings match literally (no LIKE wildcards) and the
 * `i` lookups fold ASCII letters only.
 */
export class SqlCompiler {
  constructor(readonly dialect: SqlDialect) {}

  /** The select list of a model: every field, each read the way the dialect needs. */
  columns(model: AnyModel): string {
    return model.fieldNames.map((f) => this.dialect.select((model.fields[f] as Field).kind, quote(f))).join(', ');
  }

  /** A WHERE expression for a condition (`1=1` when it is empty). */
  where(condition: Condition, params: Params): string {
    switch (condition.kind) {
      case 'and':
        return condition.conditions.length === 0 ? '1=1' : this.conjunction(condition.conditions, params);
      case 'not':
        return `NOT (${this.where(condition.condition, params)})`;
      case 'lookup':
        return this.lookup(condition, params);
    }
  }

  /**
   * `a AND b AND …` nested as a balanced tree: SQLite parses a flat chain into a tree as deep as the
   * chain is long and refuses one deeper than 1,000 (SQLITE_MAX_EXPR_DEPTH), so a thousand
   * exclusions would fail; balanced, the depth grows with log2 of their number. Parameters stay in order.
   */
  private conjunction(conditions: readonly Condition[], params: Params): string {
    if (conditions.length === 1) return `(${this.where(conditions[0] as Condition, params)})`;
    const half = Math.ceil(conditions.length / 2);
    const left = this.conjunction(conditions.slice(0, half), params);
    const right = this.conjunction(conditions.slice(half), params);
    return conditions.length <= 2 ? `${left} AND ${right}` : `(${left} AND ${right})`;
  }

  private lookup({ field, fieldKind: kind, op, value }: Lookup, params: Params): string {
    const column = quote(field);
    if (op === 'isnull') return value ? `${column} IS NULL` : `${column} IS NOT NULL`;
    if (op === 'exact' && value === null) return `${column} IS NULL`;
    if (op === 'ne' && value === null) return `${column} IS NOT NULL`;
    const test = this.comparison(column, kind, op, value, params);
    return `${column} IS NOT NULL AND ${test}`;
  }

  private comparison(column: string, kind: FieldKind, op: Lookup['op'], value: unknown, params: Params): string {
    const { dialect } = this;
    const symbols: Partial<Record<Lookup['op'], string>> = { exact: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
    const symbol = symbols[op];
    if (symbol !== undefined) return `${column} ${symbol} ${params.add(kind, value)}`;
    if (op === 'in') {
      const items = value as unknown[];
      return items.length === 0 ? '1=0' : dialect.inList(column, kind, items, (encoded) => params.bind(encoded));
    }
    const folded = op.startsWith('i');
    const haystack = folded ? dialect.asciiLower(column) : column;
    const needle = params.add('string', folded ? asciiLower(value as string) : value);
    switch (op) {
      case 'contains':
      case 'icontains':
        return dialect.contains(haystack, needle);
      case 'startswith':
      case 'istartswith':
        return `substr(${haystack}, 1, length(${needle})) = ${needle}`;
      case 'endswith':
      case 'iendswith':
        return `length(${haystack}) >= length(${needle}) AND substr(${haystack}, length(${haystack}) - length(${needle}) + 1) = ${needle}`;
      default:
        throw new Error(`No SQL for the lookup ${op}.`);
    }
  }

  /**
   * ORDER BY for a full order: nulls lowest, i.e. first ascending and last descending. A column
   * that cannot hold null (a key, a required field: NOT NULL) is ordered plainly, so that an index
   * over it serves the order (PostgreSQL's b-trees keep nulls last ascending: `ASC NULLS FIRST`
   * would sort every row a page walk seeks past).
   */
  orderBy(order: readonly OrderTerm[], model?: AnyModel): string {
    if (order.length === 0) return '';
    const nullable = (field: string): boolean => model === undefined || model.fields[field]?.options.nullable === true;
    const term = (t: OrderTerm): string =>
      `${quote(t.field)} ${t.descending ? 'DESC' : 'ASC'}${nullable(t.field) ? (t.descending ? ' NULLS LAST' : ' NULLS FIRST') : ''}`;
    return ` ORDER BY ${order.map(term).join(', ')}`;
  }

  /**
   * The keyset seek: rows strictly after `after` in the order. For terms t1..tn it is the OR, over
   * i, of "t1..t(i-1) equal (null-safe) and ti beyond", where "beyond" respects direction and nulls.
   */
  after(order: readonly OrderTerm[], after: Row, params: Params): string {
    const branches: string[] = [];
    for (let i = 0; i < order.length; i += 1) {
      const term = order[i] as OrderTerm;
      // Nothing comes after a null in a descending term; skip the branch before adding any parameter,
      // or the statement would carry parameters it never uses (SQLITE_RANGE, or a PostgreSQL type error).
      if (term.descending && (after[term.field] === null || after[term.field] === undefined)) continue;
      const parts = order.slice(0, i).map((t) => this.sameAs(t, after[t.field], params));
      const beyond = this.beyond(order[i] as OrderTerm, after[(order[i] as OrderTerm).field], params);
      if (beyond === undefined) continue;
      branches.push([...parts, beyond].map((p) => `(${p})`).join(' AND '));
    }
    return branches.length === 0 ? '1=0' : branches.map((b) => `(${b})`).join(' OR ');
  }

  private sameAs(term: OrderTerm, value: unknown, params: Params): string {
    const column = quote(term.field);
    return value === null || value === undefined ? `${column} IS NULL` : `${column} = ${params.add(term.fieldKind, value)}`;
  }

  /** SQL for "comes after `value` in this term's direction", or undefined when nothing can. */
  private beyond(term: OrderTerm, value: unknown, params: Params): string | undefined {
    const column = quote(term.field);
    const isNull = value === null || value === undefined;
    if (!term.descending) return isNull ? `${column} IS NOT NULL` : `${column} > ${params.add(term.fieldKind, value)}`;
    return isNull ? undefined : `${column} IS NULL OR ${column} < ${params.add(term.fieldKind, value)}`;
  }

  /** A complete SELECT for a find. */
  select(model: AnyModel, table: string, spec: FindSpec, params: Params): string {
    let where = this.where(spec.where, params);
    if (spec.after !== undefined) where = `(${where}) AND (${this.after(spec.orderBy, spec.after, params)})`;
    const limit = spec.limit === undefined ? undefined : params.add('integer', spec.limit);
    const offset = spec.offset > 0 ? params.add('integer', spec.offset) : undefined;
    return `SELECT ${this.columns(model)} FROM ${quote(table)} WHERE ${where}${this.orderBy(spec.orderBy, model)}${this.dialect.limitOffset(limit, offset)}`;
  }
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Condition, Lookup } from '../../query';
import { encodeValue } from './table-design';

/** DynamoDB allows expressions of at most 4 KB; longer filters are left to the client. */
const MAX_EXPRESSION_LENGTH = 4000;
/** DynamoDB's IN takes at most 100 operands. */
const MAX_IN_VALUES = 100;

/**
 * Collects the placeholders of one request: every field name goes through
 * ExpressionAttributeNames (so reserved words such as `name` or `count` work) and every value
 * through ExpressionAttributeValues (so no text is ever parsed as expression syntax).
 */
export class ExpressionContext {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private readonly nameIds = new Map<string, string>();

  /** The placeholder of an attribute name. */
  name(attribute: string): string {
    let id = this.nameIds.get(attribute);
    if (id === undefined) {
      id = `#n${this.nameIds.size}`;
      this.nameIds.set(attribute, id);
      this.names[id] = attribute;
    }
    return id;
  }

  /** The placeholder of a value. */
  value(value: AttributeValue): string {
    const id = `:v${Object.keys(this.values).length}`;
    this.values[id] = value;
    return id;
  }

  /**
   * The ExpressionAttributeNames/Values that these expressions use. DynamoDB refuses unused
   * placeholders, and a filter part that was dropped (not pushed down) may have made some.
   */
  parameters(...expressions: (string | undefined)[]): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  } {
    const used = new Set(expressions.flatMap((e) => (e === undefined ? [] : [...e.matchAll(/#n\d+|:v\d+/g)].map((m) => m[0]))));
    const names = Object.fromEntries(Object.entries(this.names).filter(([id]) => used.has(id)));
    const values = Object.fromEntries(Object.entries(this.values).filter(([id]) => used.has(id)));
    return {
      ...(Object.keys(names).length > 0 && { ExpressionAttributeNames: names }),
      ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
    };
  }
}

/** A condition translated to a filter: `expression` is undefined for "no filter"; `exact` says whether it selects exactly the condition's rows. */
export interface Filter {
  readonly expression: string | undefined;
  readonly exact: boolean;
}

/**
 * A filter with its top-level operator. DynamoDB refuses redundant parentheses, so they are
 * added only where precedence needs them (NOT binds tighter than AND, AND tighter than OR).
 */
interface Part extends Filter {
  readonly shape: 'atom' | 'not' | 'and' | 'or';
}

const NONE: Part = { expression: undefined, exact: false, shape: 'atom' };

/**
 * Translates a condition into a FilterExpression that selects a superset of its rows, exactly
 * its rows where DynamoDB's semantics equal the reference (`matches` in src/orm/query.ts).
 * Whatever is not pushed down (`endswith`, the `i` lookups, empty patterns, key attributes a
 * Query may not filter on) is left out, and the caller applies `matches` to what comes back.
 */
export function translateCondition(
  condition: Condition,
  context: ExpressionContext,
  unfilterable: ReadonlySet<string> = new Set(),
): Filter {
  const filter = translate(condition, context, unfilterable);
  if (filter.expression !== undefined && filter.expression.length > MAX_EXPRESSION_LENGTH) return NONE;
  return filter;
}

function translate(condition: Condition, context: ExpressionContext, unfilterable: ReadonlySet<string>): Part {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.conditions.map((c) => translate(c, context, unfilterable));
      const present = parts.filter((p) => p.expression !== undefined);
      const exact = parts.every((p) => p.exact);
      if (present.length === 0) return { expression: undefined, exact, shape: 'atom' };
      if (present.length === 1) return { ...present[0]!, exact };
      return { expression: present.map((p) => (p.shape === 'or' ? `(${p.expression})` : p.expression)).join(' AND '), exact, shape: 'and' };
    }
    case 'not': {
      // A partial filter of the inner condition selects a superset; its negation would select a
      // subset, so only an exact inner filter may be negated. DynamoDB conditions are two-valued
      // (a comparison with a missing or NULL attribute is false), so NOT is the exact complement.
      const inner = translate(condition.condition, context, unfilterable);
      if (!inner.exact) return NONE;
      // NOT of "everything" is "nothing", which has no expression: the client filters.
      if (inner.expression === undefined) return NONE;
      const operand = inner.shape === 'atom' || inner.shape === 'not' ? inner.expression : `(${inner.expression})`;
      return { expression: `NOT ${operand}`, exact: true, shape: 'not' };
    }
    case 'lookup':
      if (unfilterable.has(condition.field)) return NONE;
      return translateLookup(condition, context);
  }
}

const STORED_TYPE = { string: 'S', integer: 'N', float: 'N', datetime: 'S', boolean: 'BOOL', json: 'S' } as const;

function translateLookup(lookup: Lookup, context: ExpressionContext): Part {
  const { op, value, fieldKind } = lookup;
  const field = context.name(lookup.field);
  const shape = (expression: string): Part['shape'] => (expression.includes(' OR ') ? 'or' : expression.includes(' AND ') ? 'and' : 'atom');
  const exact = (expression: string): Part => ({ expression, exact: true, shape: shape(expression) });
  const isNull = (): string => `attribute_not_exists(${field}) OR attribute_type(${field}, ${context.value({ S: 'NULL' })})`;
  const notNull = (): string => `attribute_exists(${field}) AND NOT attribute_type(${field}, ${context.value({ S: 'NULL' })})`;
  const operand = (): string => context.value(encodeValue(fieldKind, value));
  const nonEmpty = typeof value === 'string' && value !== '';
  if (op === 'isnull') return exact(value === true ? isNull() : notNull());
  if (op === 'exact' && value === null) return exact(isNull());
  if (op === 'ne' && value === null) return exact(notNull());
  switch (op) {
    case 'exact':
      return exact(`${field} = ${operand()}`);
    case 'ne':
      // `<>` is true for a NULL attribute, but the reference never matches a null with ne.
      return exact(`${field} <> ${operand()} AND attribute_type(${field}, ${context.value({ S: STORED_TYPE[fieldKind] })})`);
    // DynamoDB compares numbers as decimals, and strings (datetimes are ISO 8601 text) by their
    // UTF-8 bytes, which is code-point order: the reference's orders exactly.
    case 'gt':
      return exact(`${field} > ${operand()}`);
    case 'gte':
      return exact(`${field} >= ${operand()}`);
    case 'lt':
      return exact(`${field} < ${operand()}`);
    case 'lte':
      return exact(`${field} <= ${operand()}`);
    case 'in': {
      const items = value as unknown[];
      if (items.length === 0 || items.length > MAX_IN_VALUES) return NONE;
      return exact(`${field} IN (${items.map((item) => context.value(encodeValue(fieldKind, item))).join(', ')})`);
    }
    case 'contains':
      return nonEmpty ? exact(`contains(${field}, ${operand()})`) : NONE;
    case 'startswith':
      return nonEmpty ? exact(`begins_with(${field}, ${operand()})`) : NONE;
    default:
      // endswith and the ASCII-folding i-lookups have no DynamoDB function.
      return NONE;
  }
}

/** Every field a condition reads, for projecting only those when the client must match. */
export function conditionFields(condition: Condition, into: Set<string> = new Set()): Set<string> {
  if (condition.kind === 'lookup') into.add(condition.field);
  else if (condition.kind === 'not') conditionFields(condition.condition, into);
  else for (const c of condition.conditions) conditionFields(c, into);
  return into;
}

/** The top-level conjuncts of a condition (nested ands flattened). */
export function conjuncts(condition: Condition): Condition[] {
  return condition.kind === 'and' ? condition.conditions.flatMap(conjuncts) : [condition];
}

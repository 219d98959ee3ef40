import { createHash } from 'node:crypto';
import type { AttributeValue, AttributeDefinition, GlobalSecondaryIndex, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import type { Field, FieldKind, JsonValue } from '../../fields';
import type { AnyModel } from '../../model';
import type { Row } from '../../validation';

/*
 * How models map onto DynamoDB tables (the README's "DynamoDB backend" section explains why):
 * - one table per model, `<prefix><Model>`, each field stored under its own name;
 * - the first primary-key field is the partition key, a second one the sort key; a key of three
 *   or more fields keeps the first as partition key and joins the rest, as JSON text, into the
 *   `__sk` attribute (a SHA-256 of that text, after `#`, when it is longer than a sort key holds);
 * - an `index: true` field gets a global secondary index `ix_<field>` on a copy of its value in
 *   `__ix_<field>`, written only when the value can be a key (never null, never the empty string);
 * - unique constraints are guard items in one table per prefix, `<prefix>_unique`, keyed by a
 *   hash of the model, the constraint's fields and their values.
 */

/** Attributes the backend adds to an item start with this; model fields never do (they start with a letter). */
export const INTERNAL_PREFIX = '__';
/** The sort-key attribute of a model whose key has three or more fields. */
export const COMPOSITE_SORT_KEY = '__sk';
/** The key attribute of a guard item. */
export const GUARD_KEY = 'guard';
/** DynamoDB allows at most this many global secondary indexes on a table. */
export const MAX_INDEXES = 20;
/** DynamoDB allows at most this many items in one TransactWriteItems call. */
export const MAX_TRANSACTION_ITEMS = 100;
/** DynamoDB's item size limit: attribute names plus values, in UTF-8. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** A partition-key value may hold at most this many bytes in UTF-8. */
export const MAX_PARTITION_KEY_BYTES = 2048;
/** A sort-key value may hold at most this many bytes in UTF-8. */
export const MAX_SORT_KEY_BYTES = 1024;
/** The prefix of a composite sort key too long to store as JSON text, stored as a hash of that text instead. */
const HASHED_SORT_KEY = '#';

/** One key attribute of a table or index. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

/** A global secondary index on one field. */
export interface FieldIndex {
  readonly field: string;
  readonly kind: FieldKind;
  readonly indexName: string;
  readonly attribute: string;
  readonly type: 'S' | 'N';
}

/** The DynamoDB layout of one model. */
export interface TableDesign {
  readonly model: AnyModel;
  readonly tableName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** The primary-key fields stored in the sort key (one for a two-field key, the rest for longer ones). */
  readonly sortFields: readonly string[];
  readonly indexes: readonly FieldIndex[];
}

const INDEXABLE: readonly FieldKind[] = ['string', 'integer', 'float', 'datetime', 'boolean'];

/** Works out the layout of a model's table. */
export function designTable(model: AnyModel, tablePrefix: string): TableDesign {
  const [first, ...rest] = model.primaryKey;
  const keyType = (name: string): 'S' | 'N' => (kindOf(model, name) === 'integer' ? 'N' : 'S');
  const partitionKey: KeyAttribute = { name: first!, type: keyType(first!) };
  let sortKey: KeyAttribute | undefined;
  if (rest.length === 1) sortKey = { name: rest[0]!, type: keyType(rest[0]!) };
  if (rest.length > 1) sortKey = { name: COMPOSITE_SORT_KEY, type: 'S' };
  const indexes = model.fieldNames
    .filter((name) => (model.fields[name] as Field).options.index === true && INDEXABLE.includes(kindOf(model, name)))
    .filter((name) => !model.primaryKey.includes(name))
    .slice(0, MAX_INDEXES)
    .map((name): FieldIndex => {
      const kind = kindOf(model, name);
      return {
        field: name,
        kind,
        indexName: `ix_${name}`,
        attribute: `${INTERNAL_PREFIX}ix_${name}`,
        type: kind === 'string' || kind === 'datetime' ? 'S' : 'N',
      };
    });
  return { model, tableName: `${tablePrefix}${model.name}`, partitionKey, ...(sortKey && { sortKey }), sortFields: rest, indexes };
}

/** The CreateTable parameters of a design (on-demand billing, every index projecting whole items). */
export function createTableInput(design: TableDesign): {
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
} {
  const attributes: AttributeDefinition[] = [{ AttributeName: design.partitionKey.name, AttributeType: design.partitionKey.type }];
  const keySchema: KeySchemaElement[] = [{ AttributeName: design.partitionKey.name, KeyType: 'HASH' }];
  if (design.sortKey) {
    attributes.push({ AttributeName: design.sortKey.name, AttributeType: design.sortKey.type });
    keySchema.push({ AttributeName: design.sortKey.name, KeyType: 'RANGE' });
  }
  for (const index of design.indexes) attributes.push({ AttributeName: index.attribute, AttributeType: index.type });
  const indexes = design.indexes.map((index): GlobalSecondaryIndex => ({
    IndexName: index.indexName,
    KeySchema: [{ AttributeName: index.attribute, KeyType: 'HASH' }],
    Projection: { ProjectionType: 'ALL' },
  }));
  return { AttributeDefinitions: attributes, KeySchema: keySchema, ...(indexes.length > 0 && { GlobalSecondaryIndexes: indexes }) };
}

function kindOf(model: AnyModel, name: string): FieldKind {
  return (model.fields[name] as Field).kind;
}

/** A model field's value as a DynamoDB attribute: datetimes as ISO 8601 text, JSON as JSON text. */
export function encodeValue(kind: FieldKind, value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  switch (kind) {
    case 'string':
      return { S: value as string };
    case 'integer':
    case 'float':
      return { N: String(value) };
    case 'boolean':
      return { BOOL: value as boolean };
    case 'datetime':
      return { S: (value as Date).toISOString() };
    case 'json':
      return { S: JSON.stringify(value) };
  }
}

/** A DynamoDB attribute back as a model field's value; a missing attribute is null. */
export function decodeValue(kind: FieldKind, attribute: AttributeValue | undefined): unknown {
  if (attribute === undefined || attribute.NULL === true) return null;
  switch (kind) {
    case 'string':
      return attribute.S;
    case 'integer':
    case 'float':
      return Number(attribute.N);
    case 'boolean':
      return attribute.BOOL;
    case 'datetime':
      return new Date(attribute.S as string);
    case 'json':
      return JSON.parse(attribute.S as string) as JsonValue;
  }
}

/** The value of a field in an index attribute, or undefined when it cannot be a key (null, the empty string, too long). */
export function indexValue(index: FieldIndex, value: unknown): AttributeValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (index.kind === 'boolean') return { N: value ? '1' : '0' };
  const encoded = encodeValue(index.kind, value);
  if (encoded.S !== undefined && (encoded.S === '' || Buffer.byteLength(encoded.S) > MAX_PARTITION_KEY_BYTES)) return undefined;
  return encoded;
}

/** The DynamoDB key of a row (its primary-key fields). */
export function keyOf(design: TableDesign, row: Row): Record<string, AttributeValue> {
  const { model, partitionKey, sortKey } = design;
  const key: Record<string, AttributeValue> = {
    [partitionKey.name]: encodeValue(kindOf(model, partitionKey.name), row[partitionKey.name]),
  };
  if (sortKey?.name === COMPOSITE_SORT_KEY) key[COMPOSITE_SORT_KEY] = { S: compositeSortKey(design.sortFields.map((f) => row[f])) };
  else if (sortKey) key[sortKey.name] = encodeValue(kindOf(model, sortKey.name), row[sortKey.name]);
  return key;
}

/** The `__sk` value of the sort fields' values: their JSON text, or a hash of it when that is too long for a key. */
function compositeSortKey(values: readonly unknown[]): string {
  const text = JSON.stringify(values);
  if (Buffer.byteLength(text) <= MAX_SORT_KEY_BYTES) return text;
  // JSON text starts with `[`, so a hashed key can never equal a plain one.
  return `${HASHED_SORT_KEY}${createHash('sha256').update(text).digest('base64url')}`;
}

/**
 * Why DynamoDB cannot hold a row's key (an empty string, or text over a key's byte limit), or
 * undefined when it can. No stored item has such a key, so a read by it finds nothing.
 */
export function unstorableKey(design: TableDesign, row: Row): string | undefined {
  const { partitionKey, sortKey } = design;
  const keyAttributes: [string, number][] = [[partitionKey.name, MAX_PARTITION_KEY_BYTES]];
  if (sortKey !== undefined && sortKey.name !== COMPOSITE_SORT_KEY) keyAttributes.push([sortKey.name, MAX_SORT_KEY_BYTES]);
  for (const [field, limit] of keyAttributes) {
    const value = row[field];
    if (typeof value !== 'string') continue;
    if (value === '') return `${field} is the empty string, which DynamoDB cannot hold in a key`;
    const bytes = Buffer.byteLength(value);
    if (bytes > limit) return `${field} holds ${bytes} bytes in UTF-8, and DynamoDB holds at most ${limit} in this key attribute`;
  }
  return undefined;
}

/** A whole row as a DynamoDB item: every field (nulls as NULL), the composite sort key and the index copies. */
export function encodeItem(design: TableDesign, row: Row): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  for (const name of design.model.fieldNames) item[name] = encodeValue(kindOf(design.model, name), row[name]);
  Object.assign(item, keyOf(design, row));
  for (const index of design.indexes) {
    const value = indexValue(index, row[index.field]);
    if (value !== undefined) item[index.attribute] = value;
  }
  return item;
}

/** A DynamoDB item back as a row; attributes the backend added are dropped. */
export function decodeItem(model: AnyModel, item: Record<string, AttributeValue>, fields: readonly string[] = model.fieldNames): Row {
  const row: Row = {};
  for (const name of fields) row[name] = decodeValue(kindOf(model, name), item[name]);
  return row;
}

/**
 * The size DynamoDB counts for an item, by its documented rules ("Item sizes and formats"): each
 * attribute's name in UTF-8 bytes plus its value: a string's UTF-8 bytes, a number's significant
 * digits at one byte per two plus one, one byte for a boolean or a null.
 */
export function itemBytes(item: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(significantDigits(value.N) / 2) + 1;
  return 1;
}

/** The significant digits of a number's text (leading and trailing zeros trimmed), such as 3 for `-0.00120e5`. */
function significantDigits(number: string): number {
  const mantissa = number
    .replace(/^[+-]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  return Math.max(1, mantissa.replace(/^0+/, '').replace(/0+$/, '').length);
}

/** The key of the guard item that claims a unique constraint's values for one record. */
export function guardKey(model: AnyModel, fields: readonly string[], row: Row): string {
  // Values are put in the form under which the reference compares them (dates by instant), and
  // hashed so that a long unique value still fits DynamoDB's 2 KB key limit.
  const values = fields.map((f) => {
    const value = row[f];
    return value instanceof Date ? value.getTime() : value;
  });
  const digest = createHash('sha256').update(JSON.stringify(values)).digest('base64url');
  return `${model.name}#${fields.join(',')}#${digest}`;
}

/** Whether a row holds a null in any of the fields (unique constraints ignore such rows). */
export function hasNull(row: Row, fields: readonly string[]): boolean {
  return fields.some((f) => row[f] === null || row[f] === undefined);
}

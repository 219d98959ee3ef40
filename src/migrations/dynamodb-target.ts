/*
 * The migration target of a DynamoDB store (issue 14): operations applied natively with the
 * layout the DynamoDB backend uses (table-design.ts: one table per model, a global secondary
 * index `ix_<field>` per indexed field, unique constraints as guard items in `<prefix>_unique`),
 * umzug's record of applied migrations in a table of our own, the schema read back with
 * DescribeTable (tables, keys and indexes: DynamoDB stores nothing else of a schema).
 *
 * DynamoDB has no transactions over table changes, so a migration cannot be all or nothing
 * here. Instead it is checked whole first: against the schema (`applyOperations`), then against
 * the stored items, which are read (consistent scans) and put through every operation in memory
 * with the in-memory target's refusals, so that whatever the data refuses is refused before
 * anything changes, in the same words as on every backend. Only then are the operations applied,
 * one after the other. An engine failure midway (the endpoint lost, a throttled request) leaves
 * the earlier operations applied and the migration unrecorded: fix the cause and repair the
 * store by hand (or restore a backup) before migrating again.
 *
 * DynamoDB stores no attribute types or nullability, so an added field is backfilled: every
 * stored item gets the field's default, its backfill or NULL, and reads give what SQL gives.
 */
import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import type { AttributeValue, CreateTableCommandInput, DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb';
import type { UmzugStorage } from 'umzug';
import { DynamoDbExceptionConverter } from '../orm/backends/dynamodb/dynamodb-exception-converter';
import {
  COMPOSITE_SORT_KEY,
  GUARD_KEY,
  createTableInput,
  decodeItem,
  designTable,
  encodeValue,
  guardKey,
  hasNull,
  indexValue,
  type FieldIndex,
  type TableDesign,
} from '../orm/backends/dynamodb/table-design';
import type { FieldKind, JsonValue } from '../orm/fields';
import type { AnyModel } from '../orm/model';
import type { Row } from '../orm/validation';
import { loadPeer } from '../peers';
import { editTables } from './inmemory-target';
import { addedValue, duplicatesForUnique, unsupported } from './refusals';
import { applyOperations, MigrationError, type MigrationOperation, type ModelSchema, type Schema } from './schema';
import { modelsOfSchema } from './schema-models';
import type { MigrationTarget, SchemaAspect } from './target';

const {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} = loadPeer<typeof DynamoDbSdk>('@aws-sdk/client-dynamodb', 'The DynamoDB migrations');

/** Where a DynamoDB store is and how its tables are named: as the DynamoDB backend was given them. */
export interface DynamoDbTargetOptions {
  /** The client to use; the target never destroys it. */
  readonly client: DynamoDBClient;
  /** The backend's table prefix: model tables are `<prefix><Model>`, guard items live in `<prefix>_unique`. */
  readonly tablePrefix: string;
  /** umzug's table of applied migrations; default: `<prefix>_migrations`. */
  readonly storageTable?: string;
  /** Told every table the target creates (model tables, the guard table, the storage table), so that a test drops exactly those. */
  readonly onCreateTable?: (table: string) => void;
}

/** What DescribeTable tells: indexes (besides tables and keys, which every read tells). */
const DYNAMODB_SEES: ReadonlySet<SchemaAspect> = new Set<SchemaAspect>(['indexes']);
/** How long a table or index may take to become ACTIVE (or to go) before the target gives up. */
const WAIT_MS = 300_000;
const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 250;

/** The migration target of a DynamoDB store. */
export function dynamoDbTarget(options: DynamoDbTargetOptions): MigrationTarget {
  return new DynamoDbTarget(options);
}

class DynamoDbTarget implements MigrationTarget {
  readonly backend = 'dynamodb';
  private readonly client: DynamoDBClient;
  private readonly prefix: string;
  private readonly guardTable: string;
  private readonly storageTable: string;
  private readonly onCreateTable: ((table: string) => void) | undefined;
  private readonly errors = new DynamoDbExceptionConverter();
  private storageReady: Promise<void> | undefined;

  constructor(options: DynamoDbTargetOptions) {
    this.client = options.client;
    this.prefix = options.tablePrefix;
    this.guardTable = `${options.tablePrefix}_unique`;
    this.storageTable = options.storageTable ?? `${options.tablePrefix}_migrations`;
    this.onCreateTable = options.onCreateTable;
  }

  async apply(schema: Schema, operations: readonly MigrationOperation[]): Promise<void> {
    applyOperations(schema, operations); // the whole list is checked against the schema first
    await this.check(schema, operations);
    let current = schema;
    for (let i = 0; i < operations.length;) {
      // Models created one after another are independent tables: DynamoDB makes them side by side.
      const created: Promise<void>[] = [];
      do {
        const operation = operations[i]!;
        const after = applyOperations(current, [operation]);
        if (operation.op === 'createModel') created.push(this.edit(current, after, operation));
        else await this.edit(current, after, operation);
        current = after;
        i += 1;
      } while (created.length > 0 && operations[i]?.op === 'createModel');
      await Promise.all(created);
    }
  }

  storage(): UmzugStorage {
    const ready = (): Promise<void> =>
      (this.storageReady ??= this.ensureTable(this.storageTable, {
        AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
      }).catch((error: unknown) => {
        this.storageReady = undefined;
        throw error;
      }));
    return {
      logMigration: async ({ name }) => {
        await ready();
        const item = { name: { S: name }, appliedAt: { S: new Date().toISOString() } };
        await this.send(
          () => this.client.send(new PutItemCommand({ TableName: this.storageTable, Item: item })),
          `record the migration ${name}`,
        );
      },
      unlogMigration: async ({ name }) => {
        await ready();
        await this.send(
          () => this.client.send(new DeleteItemCommand({ TableName: this.storageTable, Key: { name: { S: name } } })),
          `unrecord the migration ${name}`,
        );
      },
      executed: async () => {
        await ready();
        const items = await this.scan(this.storageTable, 'read the applied migrations');
        return items.map((item) => item.name!.S!).sort();
      },
    };
  }

  async read(expected: Schema): Promise<{ schema: Schema; sees: ReadonlySet<SchemaAspect> }> {
    const models = modelsOfSchema(expected);
    const schema: Record<string, ModelSchema> = {};
    const described = await Promise.all(
      Object.values(expected).map(async (model) => ({ model, table: await this.describe(`${this.prefix}${model.name}`) })),
    );
    for (const { model, table } of described) {
      if (table === undefined) continue;
      const keys = table.KeySchema ?? [];
      const hash = keys.find((k) => k.KeyType === 'HASH')?.AttributeName;
      const range = keys.find((k) => k.KeyType === 'RANGE')?.AttributeName;
      // `__sk` joins the key fields after the first into one attribute: which fields, DescribeTable
      // cannot show, so a composite sort key stands for the rest of the expected key.
      const sortFields = range === undefined ? [] : range === COMPOSITE_SORT_KEY ? model.primaryKey.slice(1) : [range];
      const built = (table.GlobalSecondaryIndexes ?? [])
        .map((index) => index.IndexName ?? '')
        .filter((name) => name.startsWith('ix_'))
        .map((name) => [name.slice('ix_'.length)]);
      // An index the design never builds (a kind DynamoDB cannot key, a key field) is answered by a scan: it is there as it can be.
      const design = designTable(models.get(model.name)!, this.prefix);
      const scanned = model.indexes.filter((group) => group.length === 1 && !design.indexes.some((i) => i.field === group[0]));
      schema[model.name] = {
        ...model,
        primaryKey: [...(hash === undefined ? [] : [hash]), ...sortFields],
        indexes: [...built, ...scanned.map((group) => [...group])],
      };
    }
    return { schema, sees: DYNAMODB_SEES };
  }

  /**
   * Puts the stored items through every operation in memory, in order, so that an operation the
   * data (or DynamoDB) refuses is refused before anything changes.
   */
  private async check(schema: Schema, operations: readonly MigrationOperation[]): Promise<void> {
    const tables = new Map<string, Map<string, Row>>();
    let current = schema;
    for (const operation of operations) {
      const after = applyOperations(current, [operation]);
      this.refuseUnsupported(current, operation);
      const touched = [
        ...('model' in operation && typeof operation.model === 'string' ? [operation.model] : []),
        ...(operation.op === 'addReference' ? [operation.reference.parent] : []),
      ];
      for (const name of touched) {
        if (tables.has(name) || current[name] === undefined) continue;
        const model = modelsOfSchema(current).get(name)!;
        const design = designTable(model, this.prefix);
        const rows = new Map<string, Row>();
        for (const item of await this.items(design, `check ${operation.op} on ${name}`)) {
          rows.set(JSON.stringify(this.key(design, item)), decodeItem(model, item));
        }
        tables.set(name, rows);
      }
      editTables(tables, current, after, operation);
      current = after;
    }
  }

  /** Refuses what DynamoDB cannot do at all, naming the operation and saying what to do instead. */
  private refuseUnsupported(before: Schema, operation: MigrationOperation): void {
    if (operation.op === 'renameField' && before[operation.model]!.primaryKey.includes(operation.from)) {
      throw unsupported(
        'renameField',
        this.backend,
        `${operation.from} is part of ${operation.model}'s primary key, and the key attributes of a DynamoDB table cannot change. ` +
          `Create a new model with the new key, copy the records into it, then drop ${operation.model}.`,
      );
    }
    if (operation.op === 'addIndex' && operation.fields.length > 1) {
      throw unsupported(
        'addIndex',
        this.backend,
        `an index over several fields (${operation.fields.join(', ')}) has no DynamoDB form: the backend indexes one field per ` +
          `global secondary index. Index one of the fields instead.`,
      );
    }
  }

  /** Applies one operation to the store (the data was checked). */
  private async edit(before: Schema, after: Schema, operation: MigrationOperation): Promise<void> {
    const design = (schema: Schema, name: string): TableDesign => designTable(modelsOfSchema(schema).get(name)!, this.prefix);
    switch (operation.op) {
      case 'createModel':
        await this.ensureGuardTable();
        await this.ensureTable(`${this.prefix}${operation.model.name}`, createTableInput(design(after, operation.model.name)));
        return;
      case 'dropModel':
        await this.dropTable(`${this.prefix}${operation.model}`);
        await this.deleteGuards(`${operation.model}#`);
        return;
      case 'addField': {
        const value = encodedValue(operation.schema.kind, addedValue(operation));
        await this.updateEach(design(before, operation.model), `add ${operation.model}.${operation.field}`, () => ({
          set: { [operation.field]: value },
        }));
        return;
      }
      case 'dropField': {
        const old = design(before, operation.model);
        const index = old.indexes.find((i) => i.field === operation.field);
        if (index !== undefined) await this.dropIndex(old.tableName, index.indexName);
        await this.updateEach(old, `drop ${operation.model}.${operation.field}`, () => ({
          remove: [operation.field, ...(index === undefined ? [] : [index.attribute])],
        }));
        for (const group of before[operation.model]!.unique.filter((g) => g.includes(operation.field)))
          await this.deleteGuards(guardPrefix(operation.model, group));
        return;
      }
      case 'renameField':
        return this.renameField(design(before, operation.model), design(after, operation.model), before, operation);
      case 'addIndex': {
        const old = design(before, operation.model);
        const index = design(after, operation.model).indexes.find((i) => i.field === operation.fields[0]);
        if (index === undefined || old.indexes.some((i) => i.field === index.field)) return; // the backend scans for it
        await this.createIndex(old.tableName, index);
        await this.updateEach(old, `index ${operation.model}.${index.field}`, (row) => {
          const value = indexValue(index, row[index.field]);
          return value === undefined ? undefined : { set: { [index.attribute]: value } };
        });
        return;
      }
      case 'dropIndex': {
        const old = design(before, operation.model);
        const index = old.indexes.find((i) => i.field === operation.fields[0] && operation.fields.length === 1);
        if (index === undefined) return; // there was no global secondary index
        await this.dropIndex(old.tableName, index.indexName);
        await this.updateEach(old, `unindex ${operation.model}.${index.field}`, () => ({ remove: [index.attribute] }));
        return;
      }
      case 'addUnique':
        return this.addUnique(design(before, operation.model), operation.fields);
      case 'dropUnique':
        await this.deleteGuards(guardPrefix(operation.model, operation.fields));
        return;
      default:
        return; // alterField, references: DynamoDB stores none of them (the ORM enforces them); the data was checked
    }
  }

  /** Moves a field's attribute on every item, with its global secondary index and its unique constraints' guard items. */
  private async renameField(
    old: TableDesign,
    renamed: TableDesign,
    before: Schema,
    { model, from, to }: Extract<MigrationOperation, { op: 'renameField' }>,
  ): Promise<void> {
    const oldIndex = old.indexes.find((i) => i.field === from);
    const newIndex = renamed.indexes.find((i) => i.field === to);
    if (newIndex !== undefined) await this.createIndex(old.tableName, newIndex);
    const groups = before[model]!.unique.filter((g) => g.includes(from));
    const rename = (group: readonly string[]): string[] => group.map((f) => (f === from ? to : f));
    await this.updateEach(old, `rename ${model}.${from} to ${to}`, async (row, item) => {
      const moved: Row = { ...row, [to]: row[from] };
      for (const group of groups.filter((g) => !hasNull(row, g))) {
        await this.putGuard(renamed.model, rename(group), moved, false);
        await this.deleteGuard(guardKey(old.model, group, row));
      }
      const value = newIndex === undefined ? undefined : indexValue(newIndex, row[from]);
      return {
        set: {
          ...(item[from] !== undefined && { [to]: item[from] }),
          ...(newIndex !== undefined && value !== undefined && { [newIndex.attribute]: value }),
        },
        remove: [from, ...(oldIndex === undefined ? [] : [oldIndex.attribute])],
      };
    });
    if (oldIndex !== undefined) await this.dropIndex(old.tableName, oldIndex.indexName);
  }

  /** Writes a guard item per item holding no null in the fields; a clash undoes this constraint's guards and refuses it. */
  private async addUnique(design: TableDesign, fields: readonly string[]): Promise<void> {
    await this.ensureGuardTable();
    const model = design.model; // a guard's key names the model and the fields, whatever constraints the model declares
    const written: string[] = [];
    for (const item of await this.items(design, `add the unique constraint ${design.model.name}(${fields.join(', ')})`)) {
      const row = decodeItem(design.model, item);
      if (hasNull(row, fields)) continue;
      // The check found no duplicates; an item written since then can still clash.
      if (!(await this.putGuard(model, fields, row, true))) {
        for (const key of written) await this.deleteGuard(key);
        throw duplicatesForUnique(design.model.name, fields);
      }
      written.push(guardKey(model, fields, row));
    }
  }

  /** Writes the guard item the backend writes for a record's values of a constraint; false when `onlyNew` and one exists. */
  private async putGuard(model: AnyModel, fields: readonly string[], row: Row, onlyNew: boolean): Promise<boolean> {
    const item: Record<string, AttributeValue> = {
      [GUARD_KEY]: { S: guardKey(model, fields, row) },
      model: { S: model.name },
      fields: { S: fields.join(',') },
      owner: { S: JSON.stringify(Object.fromEntries(model.primaryKey.map((f) => [f, row[f]]))) },
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.guardTable,
          Item: item,
          ...(onlyNew && { ConditionExpression: 'attribute_not_exists(#guard)', ExpressionAttributeNames: { '#guard': GUARD_KEY } }),
        }),
      );
      return true;
    } catch (error) {
      if (onlyNew && this.errors.classify(error).kind === 'condition-failed') return false;
      throw this.errors.convertException(error, `write a guard item of ${model.name}(${fields.join(', ')})`);
    }
  }

  private async deleteGuard(key: string): Promise<void> {
    await this.send(
      () => this.client.send(new DeleteItemCommand({ TableName: this.guardTable, Key: { [GUARD_KEY]: { S: key } } })),
      `delete the guard item ${key}`,
    );
  }

  /** Deletes every guard item whose key starts with `prefix` (a model's, or one constraint's); none when there is no guard table. */
  private async deleteGuards(prefix: string): Promise<void> {
    if ((await this.describe(this.guardTable)) === undefined) return;
    const guards = await this.scan(this.guardTable, `find the guard items ${prefix}…`, {
      FilterExpression: 'begins_with(#guard, :prefix)',
      ExpressionAttributeNames: { '#guard': GUARD_KEY },
      ExpressionAttributeValues: { ':prefix': { S: prefix } },
    });
    for (const guard of guards) await this.deleteGuard(guard[GUARD_KEY]!.S!);
  }

  /**
   * Updates every item of a table as `change` says (attributes set and removed), each only if it
   * still exists, so that an item deleted meanwhile is not brought back as a fragment.
   */
  private async updateEach(
    design: TableDesign,
    what: string,
    change: (
      row: Row,
      item: Record<string, AttributeValue>,
    ) =>
      | { set?: Record<string, AttributeValue>; remove?: readonly string[] }
      | undefined
      | Promise<{ set?: Record<string, AttributeValue>; remove?: readonly string[] } | undefined>,
  ): Promise<void> {
    for (const item of await this.items(design, what)) {
      const changes = await change(decodeItem(design.model, item), item);
      const set = Object.entries(changes?.set ?? {});
      const remove = changes?.remove ?? [];
      if (set.length + remove.length === 0) continue;
      const names: Record<string, string> = { '#key': design.partitionKey.name };
      const values: Record<string, AttributeValue> = {};
      const assignments = set.map(([attribute, value], i) => {
        names[`#s${i}`] = attribute;
        values[`:s${i}`] = value;
        return `#s${i} = :s${i}`;
      });
      const removals = remove.map((attribute, i) => {
        names[`#r${i}`] = attribute;
        return `#r${i}`;
      });
      const expression = [
        ...(assignments.length > 0 ? [`SET ${assignments.join(', ')}`] : []),
        ...(removals.length > 0 ? [`REMOVE ${removals.join(', ')}`] : []),
      ].join(' ');
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: design.tableName,
            Key: this.key(design, item),
            UpdateExpression: expression,
            ConditionExpression: 'attribute_exists(#key)',
            ExpressionAttributeNames: names,
            ...(assignments.length > 0 && { ExpressionAttributeValues: values }),
          }),
        );
      } catch (error) {
        if (this.errors.classify(error).kind !== 'condition-failed') throw this.errors.convertException(error, what);
      }
    }
  }

  /** Adds a global secondary index as createTableInput makes it, and waits until DynamoDB has filled it. */
  private async createIndex(table: string, index: FieldIndex): Promise<void> {
    await this.send(
      () =>
        this.client.send(
          new UpdateTableCommand({
            TableName: table,
            AttributeDefinitions: [{ AttributeName: index.attribute, AttributeType: index.type }],
            GlobalSecondaryIndexUpdates: [
              {
                Create: {
                  IndexName: index.indexName,
                  KeySchema: [{ AttributeName: index.attribute, KeyType: 'HASH' }],
                  Projection: { ProjectionType: 'ALL' },
                },
              },
            ],
          }),
        ),
      `create the index ${index.indexName} of ${table}`,
    );
    await this.waitFor(table, `the index ${index.indexName} of ${table} to become ACTIVE`, (t) =>
      (t?.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === index.indexName && i.IndexStatus === 'ACTIVE'),
    );
  }

  /** Deletes a global secondary index if the table has it, and waits until it is gone. */
  private async dropIndex(table: string, indexName: string): Promise<void> {
    const has = (t: TableDescription | undefined): boolean => (t?.GlobalSecondaryIndexes ?? []).some((i) => i.IndexName === indexName);
    if (!has(await this.describe(table))) return;
    await this.send(
      () =>
        this.client.send(new UpdateTableCommand({ TableName: table, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: indexName } }] })),
      `delete the index ${indexName} of ${table}`,
    );
    await this.waitFor(table, `the index ${indexName} of ${table} to go`, (t) => !has(t));
  }

  private async ensureGuardTable(): Promise<void> {
    await this.ensureTable(this.guardTable, {
      AttributeDefinitions: [{ AttributeName: GUARD_KEY, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: GUARD_KEY, KeyType: 'HASH' }],
    });
  }

  /** Creates a table (on-demand billing) unless it exists, and waits until it is ACTIVE. */
  private async ensureTable(table: string, input: Omit<CreateTableCommandInput, 'TableName' | 'BillingMode'>): Promise<void> {
    if ((await this.describe(table)) === undefined) {
      try {
        await this.client.send(new CreateTableCommand({ TableName: table, BillingMode: 'PAY_PER_REQUEST', ...input }));
        this.onCreateTable?.(table);
      } catch (error) {
        if (this.errors.classify(error).kind !== 'table-exists') throw this.errors.convertException(error, `create the table ${table}`);
      }
    }
    await this.waitFor(table, `the table ${table} to become ACTIVE`, (t) => t?.TableStatus === 'ACTIVE');
  }

  /** Deletes a table and waits until it is gone (so that a later operation may create it again). */
  private async dropTable(table: string): Promise<void> {
    try {
      await this.client.send(new DeleteTableCommand({ TableName: table }));
    } catch (error) {
      if (this.errors.classify(error).kind === 'missing-table') return;
      throw this.errors.convertException(error, `delete the table ${table}`);
    }
    await this.waitFor(table, `the table ${table} to go`, (t) => t === undefined);
  }

  private async waitFor(table: string, what: string, done: (table: TableDescription | undefined) => boolean): Promise<void> {
    // DynamoDB Local is ready within milliseconds, the service within seconds or minutes: poll soon, then less often.
    for (
      let waited = 0, pause = FIRST_POLL_MS;
      !done(await this.describe(table));
      waited += pause, pause = Math.min(2 * pause, MAX_POLL_MS)
    ) {
      if (waited > WAIT_MS) throw new MigrationError(`DynamoDB did not get ${what} within ${WAIT_MS / 60_000} minutes.`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private async describe(table: string): Promise<TableDescription | undefined> {
    try {
      return (await this.client.send(new DescribeTableCommand({ TableName: table }))).Table;
    } catch (error) {
      if (this.errors.classify(error).kind === 'missing-table') return undefined;
      throw this.errors.convertException(error, `describe the table ${table}`);
    }
  }

  /** Every item of a model's table (a table not created yet holds none). */
  private async items(design: TableDesign, what: string): Promise<Record<string, AttributeValue>[]> {
    if ((await this.describe(design.tableName)) === undefined) return [];
    return this.scan(design.tableName, what);
  }

  /** Every item of a table, read consistently, page after page. */
  private async scan(
    table: string,
    what: string,
    filter: Pick<DynamoDbSdk.ScanCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> = {},
  ): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.send(
        () =>
          this.client.send(
            new ScanCommand({ TableName: table, ConsistentRead: true, ...filter, ...(start && { ExclusiveStartKey: start }) }),
          ),
        what,
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  /** The key attributes of a stored item. */
  private key(design: TableDesign, item: Record<string, AttributeValue>): Record<string, AttributeValue> {
    const { partitionKey, sortKey } = design;
    return { [partitionKey.name]: item[partitionKey.name]!, ...(sortKey && { [sortKey.name]: item[sortKey.name]! }) };
  }

  /** Runs a request, turning a native failure into an error that says what was being done. */
  private async send<T>(run: () => Promise<T>, what: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.errors.convertException(error, what);
    }
  }
}

/** An added field's value as an attribute: a datetime's ISO text as the backend encodes it, nothing as NULL. */
function encodedValue(kind: FieldKind, value: JsonValue | undefined): AttributeValue {
  if (value === undefined || value === null) return { NULL: true };
  return encodeValue(kind, kind === 'datetime' ? new Date(value as string) : value);
}

/** The start of the keys of one unique constraint's guard items (guardKey: `<Model>#<fields>#<digest>`). */
function guardPrefix(model: string, fields: readonly string[]): string {
  return `${model}#${fields.join(',')}#`;
}

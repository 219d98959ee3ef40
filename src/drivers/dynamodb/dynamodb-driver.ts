import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import type { AttributeValue, CreateTableCommandInput, WriteRequest } from '@aws-sdk/client-dynamodb';
import { loadPeer } from '../../peers';
import { Database, type AnyModel, type Capability, type Field, type Row } from '../../orm';
import { DynamoDbBackend, DynamoDbExceptionConverter } from '../../orm/backends/dynamodb';
import { registerCleanup } from '../cleanup';
import { dynamoDbTarget } from '../../migrations/dynamodb-target';
import type { DriverContext, ScenarioMigrations, ScenarioScope, StartedEngine } from '../driver';
import { OrmDriver } from '../orm-driver';
import { prepareSchema, refuseTemplate, ScenarioTables, SCENARIO_MIGRATIONS } from '../schema-source';
import { engineTimeouts } from '../timeouts';
import { ENDPOINT_VARIABLE, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbEngine } from './engine';

const { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ScanCommand } = loadPeer<
  typeof DynamoDbSdk
>('@aws-sdk/client-dynamodb', 'The dynamodb backend');
type DynamoDBClient = InstanceType<typeof DynamoDBClient>;

/**
 * How scenarios are kept apart (`PARITY_DYNAMODB_ISOLATION`): `tracked` deletes exactly the keys
 * the backend wrote during the scenario (the default, and the fastest measured); `scan` scans
 * every table and batch-deletes what it finds; `recreate` deletes and re-creates the tables.
 */
export type IsolationMethod = 'tracked' | 'scan' | 'recreate';

const ISOLATION_METHODS: readonly IsolationMethod[] = ['tracked', 'scan', 'recreate'];
/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;

/** Runs the specification on DynamoDB; each worker gets its own `parity_test_<run>_<worker>_` tables. */
export class DynamoDbDriver extends OrmDriver {
  readonly name = 'dynamodb';
  readonly capabilities: ReadonlySet<Capability | string> = DynamoDbBackend.capabilities;
  private engine: StartedEngine | undefined;
  private client: DynamoDBClient | undefined;
  private backend: DynamoDbBackend | undefined;
  private isolation: IsolationMethod = 'tracked';
  private tables: string[] = [];
  private readonly schemas = new Map<string, CreateTableCommandInput>();
  /** Keys written since the storage was last emptied, by table (JSON of the key → the key). */
  private readonly written = new Map<string, Map<string, Record<string, AttributeValue>>>();
  private unregisterTables: (() => void) | undefined;
  private prefix = '';
  private models: readonly AnyModel[] = [];
  /** Every table migrations created, the run's and its scenarios' (the backend's own are in `tablesCreated`). */
  private readonly migrated: string[] = [];
  /** A `@schema-changes` scenario's tables, dropped when it ends. */
  private scenarioTables: ScenarioTables | undefined;

  async start(context: DriverContext): Promise<void> {
    refuseTemplate(context, this.name);
    this.isolation = isolationMethod(process.env.PARITY_DYNAMODB_ISOLATION);
    this.models = context.models;
    // An engine shared by the run's stores (not this driver's to stop), else one found or started.
    if (context.engine === undefined) this.engine = await startDynamoDbEngine();
    const endpoint = (context.engine ?? this.engine)?.env[ENDPOINT_VARIABLE];
    // A local endpoint takes any credentials; a real AWS one uses the usual AWS_* settings.
    const local = /^https?:\/\/(localhost|127\.|\[::1\]|0\.0\.0\.0|host\.docker\.internal)/.test(endpoint ?? '');
    // Timeouts, so that an engine that accepts connections but never answers cannot hang the run.
    const timeouts = engineTimeouts();
    this.client = new DynamoDBClient({
      endpoint,
      ...(local && { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
      requestHandler: { connectionTimeout: timeouts.connectMs, requestTimeout: timeouts.requestMs, throwOnRequestTimeout: true },
    });
    const prefix = `parity_test_${Date.now().toString(36)}${randomBytes(3).toString('hex')}_${context.workerId}_`;
    this.prefix = prefix;
    this.backend = new DynamoDbBackend({ client: this.client, tablePrefix: prefix, onWrite: (table, key) => this.remember(table, key) });
    // Registered before the tables exist, so an interrupted start still drops what it made.
    this.unregisterTables = registerCleanup({ name: `the DynamoDB tables ${prefix}*`, stop: () => this.dropTables() });
    const database = new Database(this.backend, { clock: context.clock });
    const storage = `${prefix}_migrations`;
    const target = dynamoDbTarget({
      client: this.client,
      tablePrefix: prefix,
      storageTable: storage,
      onCreateTable: (t) => this.migrated.push(t),
    });
    await prepareSchema(context, target, database);
    // The tables scenarios write to: the models' and the guard table (not the record of migrations).
    this.tables = [...new Set([...this.migrated, ...this.backend.tablesCreated()])].filter((table) => table !== storage);
    if (this.isolation === 'recreate') await this.rememberSchemas();
    this.use(database);
  }

  async stop(): Promise<void> {
    this.use(undefined);
    try {
      await this.dropTables();
    } finally {
      this.unregisterTables?.();
      this.unregisterTables = undefined;
      await this.backend?.close();
      this.client?.destroy();
      this.backend = undefined;
      this.client = undefined;
      await this.engine?.stop();
      this.engine = undefined;
    }
  }

  async beginScenario(scope: ScenarioScope = {}): Promise<void> {
    await this.empty();
    if (scope.schemaChanges === true) this.scenarioTables = new ScenarioTables(this.models);
  }

  async endScenario(): Promise<void> {
    const scenarioTables = this.scenarioTables;
    this.scenarioTables = undefined;
    await this.empty();
    if (scenarioTables !== undefined) {
      // What the scenario's migrations made goes: its models' tables and its record of migrations.
      const created = scenarioTables.created();
      this.backend?.forget(created);
      for (const table of [...created.map((model) => `${this.prefix}${model}`), this.scenarioStorage()]) await this.deleteTable(table);
    }
  }

  async scenarioMigrations(): Promise<ScenarioMigrations> {
    const { client } = this.started();
    if (this.scenarioTables === undefined)
      throw new Error('The dynamodb driver gives a scenario migrations of its own only when it is tagged @schema-changes.');
    const target = dynamoDbTarget({
      client,
      tablePrefix: this.prefix,
      storageTable: this.scenarioStorage(),
      onCreateTable: (table) => this.migrated.push(table),
    });
    return { target: this.scenarioTables.watch(target), use: (models) => this.syncModels(models) };
  }

  /** The table recording a `@schema-changes` scenario's own migrations. */
  private scenarioStorage(): string {
    return `${this.prefix}${SCENARIO_MIGRATIONS}`;
  }

  async storedRows(model: AnyModel): Promise<Row[]> {
    const { client, backend } = this.started();
    const rows: Row[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const output = await client.send(
        new ScanCommand({
          TableName: backend.tableName(model),
          ConsistentRead: true,
          ...(start !== undefined && { ExclusiveStartKey: start }),
        }),
      );
      rows.push(...(output.Items ?? []).map((item) => rawRow(model, item)));
      start = output.LastEvaluatedKey;
    } while (start !== undefined);
    return rows;
  }

  private started(): { client: DynamoDBClient; backend: DynamoDbBackend } {
    if (this.client === undefined || this.backend === undefined) throw new Error('The dynamodb driver has not been started.');
    return { client: this.client, backend: this.backend };
  }

  private remember(table: string, key: Record<string, AttributeValue>): void {
    let keys = this.written.get(table);
    if (keys === undefined) this.written.set(table, (keys = new Map()));
    keys.set(JSON.stringify(key), key);
  }

  /** Empties every table this driver created, by the chosen method. */
  private async empty(): Promise<void> {
    if (this.client === undefined) return;
    const requests = [...this.written].flatMap(([table, keys]) => [...keys.values()].map((key) => ({ table, key })));
    this.written.clear();
    if (this.isolation === 'tracked') {
      try {
        await this.deleteKeys(requests);
      } catch (error) {
        // A tracked delete that cannot finish must not leave this scenario's records to the next one.
        await this.scanClean(error);
      }
    } else if (this.isolation === 'scan') {
      await this.scanClean();
    } else {
      for (const table of this.tables) await this.deleteTable(table);
      for (const table of this.tables) await this.client.send(new CreateTableCommand(this.schemas.get(table)!));
      for (const table of this.tables) await this.waitActive(table);
    }
  }

  /** Deletes every item of every table this driver created (and only those), found by a Scan of their keys. */
  private async scanClean(earlier?: unknown): Promise<void> {
    try {
      for (const table of this.tables) await this.deleteKeys(await this.scanKeys(table));
    } catch (error) {
      const why = earlier === undefined ? '' : ` after deleting the keys written in the scenario failed (${String(earlier)})`;
      throw new Error(`Could not empty the DynamoDB tables ${this.tables.join(', ')}${why}: ${String(error)}`, { cause: error });
    }
  }

  private async scanKeys(table: string): Promise<{ table: string; key: Record<string, AttributeValue> }[]> {
    const { Table } = await this.client!.send(new DescribeTableCommand({ TableName: table }));
    const keyNames = (Table?.KeySchema ?? []).map((k) => k.AttributeName!);
    const names = Object.fromEntries(keyNames.map((n, i) => [`#k${i}`, n]));
    const keys: { table: string; key: Record<string, AttributeValue> }[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const output = await this.client!.send(
        new ScanCommand({
          TableName: table,
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
          ConsistentRead: true,
          ...(start !== undefined && { ExclusiveStartKey: start }),
        }),
      );
      keys.push(...(output.Items ?? []).map((key) => ({ table, key })));
      start = output.LastEvaluatedKey;
    } while (start !== undefined);
    return keys;
  }

  /** Deletes keys with BatchWriteItem, 25 at a time, retrying what DynamoDB leaves unprocessed. */
  private async deleteKeys(requests: readonly { table: string; key: Record<string, AttributeValue> }[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH_SIZE) {
      let pending: Record<string, WriteRequest[]> = {};
      for (const { table, key } of requests.slice(i, i + BATCH_SIZE)) (pending[table] ??= []).push({ DeleteRequest: { Key: key } });
      for (let attempt = 1; Object.keys(pending).length > 0; attempt += 1) {
        if (attempt > 10) throw new Error('DynamoDB left deletes unprocessed ten times in a row while emptying the tables.');
        const output = await this.client!.send(new BatchWriteItemCommand({ RequestItems: pending }));
        pending = output.UnprocessedItems ?? {};
      }
    }
  }

  private async rememberSchemas(): Promise<void> {
    for (const table of this.tables) {
      const { Table } = await this.client!.send(new DescribeTableCommand({ TableName: table }));
      this.schemas.set(table, {
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: Table!.AttributeDefinitions,
        KeySchema: Table!.KeySchema,
        ...(Table!.GlobalSecondaryIndexes && {
          GlobalSecondaryIndexes: Table!.GlobalSecondaryIndexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
          })),
        }),
      });
    }
  }

  private async waitActive(table: string): Promise<void> {
    for (;;) {
      const { Table } = await this.client!.send(new DescribeTableCommand({ TableName: table }));
      if (Table?.TableStatus === 'ACTIVE') return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Deletes exactly the tables this driver created (never one it found). */
  private async dropTables(): Promise<void> {
    if (this.client === undefined) return;
    const created = this.backend?.tablesCreated() ?? [];
    for (const table of new Set([...this.tables, ...this.migrated, ...created])) await this.deleteTable(table);
  }

  /** Deletes a table the driver created, if it is still there. */
  private async deleteTable(table: string): Promise<void> {
    try {
      await this.client!.send(new DeleteTableCommand({ TableName: table }));
    } catch (error) {
      if (new DynamoDbExceptionConverter().classify(error).kind !== 'missing-table') throw error;
    }
  }
}

/** Decodes a raw item by the model's field kinds, independently of the backend's read path. */
function rawRow(model: AnyModel, item: Record<string, AttributeValue>): Row {
  const row: Row = {};
  for (const name of model.fieldNames) {
    const attribute = item[name];
    const kind = (model.fields[name] as Field).kind;
    if (attribute === undefined || attribute.NULL) row[name] = null;
    else if (attribute.N !== undefined) row[name] = Number(attribute.N);
    else if (attribute.BOOL !== undefined) row[name] = attribute.BOOL;
    else if (kind === 'datetime') row[name] = new Date(attribute.S!);
    else if (kind === 'json') row[name] = JSON.parse(attribute.S!);
    else row[name] = attribute.S;
  }
  return row;
}

function isolationMethod(value: string | undefined): IsolationMethod {
  if (value === undefined || value === '') return 'tracked';
  if ((ISOLATION_METHODS as readonly string[]).includes(value)) return value as IsolationMethod;
  throw new Error(`PARITY_DYNAMODB_ISOLATION is ${JSON.stringify(value)}; it must be one of ${ISOLATION_METHODS.join(', ')} (or unset).`);
}

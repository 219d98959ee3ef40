import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import type {
  AttributeValue,
  DynamoDBClientConfig,
  KeySchemaElement,
  QueryCommandInput,
  QueryCommandOutput,
  TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { loadPeer } from '../../../peers';
import { BackendError, DuplicateKeyError, NotFoundError, type ParityError, ReferenceIntegrityError, describeValue } from '../../errors';
import type { Field } from '../../fields';
import type { AnyModel } from '../../model';
import { applyFind, matches, parseLookups, type Condition, type FindSpec, type Lookup } from '../../query';
import { parentKey, planDelete, referencesToCheck, type DeletePlan } from '../../references';
import type { Row } from '../../validation';
import { valuesEqual } from '../../values';
import type { Backend, Capability } from '../backend';
import { DynamoDbExceptionConverter } from './dynamodb-exception-converter';
import { ExpressionContext, conditionFields, conjuncts, translateCondition } from './expressions';
import {
  GUARD_KEY,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_ITEMS,
  createTableInput,
  decodeItem,
  designTable,
  encodeItem,
  encodeValue,
  guardKey,
  hasNull,
  indexValue,
  itemBytes,
  keyOf,
  unstorableKey,
  type TableDesign,
} from './table-design';

const {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} = loadPeer<typeof DynamoDbSdk>('@aws-sdk/client-dynamodb', 'The DynamoDB backend (parity-orm/dynamodb)');
type DynamoDBClient = InstanceType<typeof DynamoDBClient>;

/** How to reach DynamoDB and name the tables. */
export interface DynamoDbBackendOptions {
  /** The client to use; the backend never destroys a client it was given. */
  readonly client?: DynamoDBClient;
  /** Settings for the client the backend makes (and destroys on close) when none is given. */
  readonly clientConfig?: DynamoDBClientConfig;
  /** Prepended to every table name, such as `myapp_`; model tables are `<prefix><Model>`, guard items live in `<prefix>_unique`. */
  readonly tablePrefix?: string;
  /** Told the table and key of every item before it is written (the test driver empties exactly those). */
  readonly onWrite?: (tableName: string, key: Record<string, AttributeValue>) => void;
  /**
   * For tests: awaited after a delete has worked out its plan and before its transaction, with the
   * attempt number (a test writes a child here to race the delete deterministically).
   */
  readonly afterDeletePlan?: (model: string, attempt: number) => Promise<void> | void;
}

/**
 * The reserved attribute of a parent item counting the transactions that wrote a reference to it
 * (never part of a record): a delete conditions its parent on the revision its plan read.
 */
export const REFS_REVISION = '__refs';

/** A conditional write whose condition failed: which step, and the native error. */
interface ConditionFailure {
  readonly step: number;
  readonly cause: unknown;
}

/** One write of a transaction, with the constraint whose clash its failed condition means. */
interface Step {
  readonly item: TransactWriteItem;
  readonly fields?: readonly string[];
  /** For a parent check: the reference whose failed condition means the parent is missing. */
  readonly reference?: { readonly model: string; readonly field: string; readonly value: unknown; readonly parent: string };
}

/** Where a read goes: nowhere (a key no item can have), one GetItem, a Query on the table or an index, or a Scan. */
type Plan =
  | { readonly kind: 'none' }
  | { readonly kind: 'get'; readonly key: Row }
  | {
      readonly kind: 'query' | 'scan';
      readonly context: ExpressionContext;
      readonly indexName?: string;
      readonly keyCondition?: string;
      readonly filter: string | undefined;
      /** Whether DynamoDB selects exactly the condition's rows, so nothing is left to match client-side. */
      readonly exact: boolean;
    };

/** How often a write is retried when its record changed between the read and the write. */
const MAX_ATTEMPTS = 5;
/** The key of a guard item that never exists: a check on it stands for a parent whose key DynamoDB cannot hold. */
const NO_PARENT_GUARD = '#no-parent';

/**
 * The DynamoDB backend: one table per model, unique constraints as guard items written in the
 * same transaction as the record, and every query answered with the reference semantics
 * (DynamoDB selects what it can express exactly; ordering and paging happen here).
 */
export class DynamoDbBackend implements Backend {
  /** What every DynamoDB backend supports: its tables outlive the process, and migrations apply to it. */
  static readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['persistence', 'migrations']);
  readonly name = 'dynamodb';
  readonly capabilities = DynamoDbBackend.capabilities;
  /** The table holding the guard items of every unique constraint. */
  readonly guardTable: string;
  private readonly client: DynamoDBClient;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly onWrite: ((tableName: string, key: Record<string, AttributeValue>) => void) | undefined;
  private readonly afterDeletePlan: DynamoDbBackendOptions['afterDeletePlan'];
  /** The references revision (`__refs`) each row read from DynamoDB had, by row object. */
  private readonly revisions = new WeakMap<Row, string | undefined>();
  private readonly designs = new Map<string, TableDesign>();
  private readonly created: string[] = [];
  private readonly errors = new DynamoDbExceptionConverter();
  private guardTableReady: Promise<void> | undefined;

  constructor(options: DynamoDbBackendOptions = {}) {
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
    this.prefix = options.tablePrefix ?? '';
    this.guardTable = `${this.prefix}_unique`;
    this.onWrite = options.onWrite;
    this.afterDeletePlan = options.afterDeletePlan;
  }

  /** The tables this backend created (and nothing else), in order of creation. */
  tablesCreated(): readonly string[] {
    return [...this.created];
  }

  /**
   * Forgets models whose tables are gone (a test driver's, for what a scenario's migrations made
   * and it dropped): a delete no longer looks for their records among a parent's children.
   */
  forget(models: readonly string[]): void {
    for (const name of models) this.designs.delete(name);
  }

  /** The table that stores a model's records. */
  tableName(model: AnyModel): string {
    return `${this.prefix}${model.name}`;
  }

  async sync(models: readonly AnyModel[]): Promise<void> {
    for (const model of models) {
      // An update that moves every unique value writes the record, a release and a claim each.
      const worst = 1 + 2 * model.uniqueConstraints.length;
      if (worst > MAX_TRANSACTION_ITEMS) {
        throw new BackendError(
          `${model.name} has ${model.uniqueConstraints.length} unique constraints, too many for DynamoDB: an update may need ` +
            `${worst} writes in one transaction, and DynamoDB allows ${MAX_TRANSACTION_ITEMS}. Keep a DynamoDB model to at most ` +
            `${Math.floor((MAX_TRANSACTION_ITEMS - 1) / 2)} unique constraints.`,
        );
      }
    }
    this.guardTableReady ??= this.ensureTable(this.guardTable, {
      AttributeDefinitions: [{ AttributeName: GUARD_KEY, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: GUARD_KEY, KeyType: 'HASH' }],
    }).catch((error: unknown) => {
      this.guardTableReady = undefined;
      throw error;
    });
    await this.guardTableReady;
    await Promise.all(
      models.map(async (model) => {
        const design = designTable(model, this.prefix);
        await this.ensureTable(design.tableName, createTableInput(design));
        this.designs.set(model.name, design);
      }),
    );
  }

  async insert(model: AnyModel, row: Row): Promise<void> {
    const design = this.design(model);
    const steps: Step[] = [
      this.putRecord(design, row, 'absent', []),
      ...this.claims(model, row, model.uniqueConstraints),
      ...this.parentChecks(model, row),
    ];
    steps[0] = { ...steps[0]!, fields: model.primaryKey };
    const failure = await this.write(design, row, steps);
    if (failure !== undefined) throw this.refused(model, row, steps[failure.step]!, failure.cause) ?? new BackendError('unreachable');
  }

  async get(model: AnyModel, key: Row): Promise<Row | undefined> {
    return this.read(this.design(model), key);
  }

  async update(model: AnyModel, key: Row, changes: Row): Promise<Row> {
    const design = this.design(model);
    // No item has a key DynamoDB cannot hold, so there is nothing to update (as the reference finds nothing).
    if (unstorableKey(design, key) !== undefined) throw new NotFoundError(model.name, pick(key, model.primaryKey));
    const touched = model.uniqueConstraints.filter((fields) => fields.some((f) => f in changes));
    const changed = Object.keys(changes);
    // A new parent is checked in the same transaction as the write, so an in-place update is not enough.
    if (touched.length === 0 && referencesToCheck(model, changes, changed).length === 0) return this.updateInPlace(design, key, changes);
    return this.rewrite(design, key, (current) => {
      if (current === undefined) throw new NotFoundError(model.name, pick(key, model.primaryKey));
      return { next: { ...current, ...changes }, constraints: touched, keep: [], changed };
    });
  }

  async upsert(model: AnyModel, row: Row, keep: readonly string[]): Promise<Row> {
    return this.rewrite(this.design(model), row, (current) => {
      const next = { ...row };
      if (current !== undefined) for (const name of keep) next[name] = current[name];
      return { next, constraints: model.uniqueConstraints, keep, changed: undefined };
    });
  }

  async delete(model: AnyModel, key: Row): Promise<void> {
    const design = this.design(model);
    const notFound = (cause?: unknown): NotFoundError => new NotFoundError(model.name, pick(key, model.primaryKey), { cause });
    if (unstorableKey(design, key) !== undefined) throw notFound();
    const models = [...this.designs.values()].map((d) => d.model);
    const referred = models.some((m) => m.references.some((r) => r.parent.name === model.name));
    for (let attempt = 1; ; attempt += 1) {
      // Without unique constraints there are no guards to release: a conditional delete is enough.
      const current = model.uniqueConstraints.length === 0 && !referred ? key : await this.read(design, key);
      if (current === undefined) throw notFound();
      if (referred) {
        const plan = await planDelete(model, current, models, (child, field, value) => this.children(child, field, value));
        await this.afterDeletePlan?.(model.name, attempt);
        if (plan.deletes.length > 1 || plan.nullify.length > 0) {
          // Each deleted record only if no reference to it was written since the plan read it.
          const failure = await this.writePlan(design, current, plan, models);
          if (failure === undefined) return;
          if (attempt >= MAX_ATTEMPTS) throw this.raced(model, key, failure.cause);
          continue;
        }
      }
      const guarded = model.uniqueConstraints.filter((fields) => !hasNull(current, fields));
      const context = new ExpressionContext();
      let condition = this.unchanged(design, current, model.uniqueConstraints.flat(), context);
      // A child written since the plan bumped the parent's revision, so this delete fails and plans again.
      if (referred) condition += ` AND ${this.sameRevision(current, context)}`;
      const steps: Step[] = [
        {
          item: {
            Delete: {
              TableName: design.tableName,
              Key: keyOf(design, current),
              ConditionExpression: condition,
              ...context.parameters(condition),
            },
          },
        },
        ...guarded.map((fields): Step => ({
          item: { Delete: { TableName: this.guardTable, Key: this.guardItemKey(model, fields, current) } },
        })),
      ];
      const failure = await this.write(design, current, steps);
      if (failure === undefined) return;
      if (model.uniqueConstraints.length === 0 && !referred) throw notFound(failure.cause);
      if (attempt >= MAX_ATTEMPTS) throw this.raced(model, key, failure.cause);
    }
  }

  async find(model: AnyModel, spec: FindSpec): Promise<Row[]> {
    const design = this.design(model);
    const rows: Row[] = [];
    await this.select(design, spec.where, undefined, (batch) => {
      rows.push(...batch);
      return false;
    });
    // Ordering, the keyset position, offset and limit follow the reference exactly.
    return applyFind(rows, spec);
  }

  async count(model: AnyModel, where: Condition): Promise<number> {
    let count = 0;
    await this.select(this.design(model), where, 'count', (batch, counted) => {
      count += counted ?? batch.filter((row) => matches(row, where)).length;
      return false;
    });
    return count;
  }

  async exists(model: AnyModel, where: Condition): Promise<boolean> {
    let found = false;
    await this.select(this.design(model), where, 'count', (batch, counted) => {
      found = (counted ?? batch.filter((row) => matches(row, where)).length) > 0;
      return found;
    });
    return found;
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private design(model: AnyModel): TableDesign {
    const design = this.designs.get(model.name);
    if (design === undefined) throw new Error(`The DynamoDB backend has no table for ${model.name}: sync the model first.`);
    return design;
  }

  /** The record with this key, or undefined (also, without asking DynamoDB, for a key no item can have). */
  private async read(design: TableDesign, key: Row): Promise<Row | undefined> {
    if (unstorableKey(design, key) !== undefined) return undefined;
    const output = await this.send(
      () => this.client.send(new GetItemCommand({ TableName: design.tableName, Key: keyOf(design, key), ConsistentRead: true })),
      `read ${design.model.name} ${describeKey(design.model, key)}`,
    );
    return output.Item === undefined ? undefined : this.decode(design.model, output.Item);
  }

  /** A record of an item, remembering the item's references revision for a later delete or rewrite. */
  private decode(model: AnyModel, item: Record<string, AttributeValue>, fields?: readonly string[]): Row {
    const row = decodeItem(model, item, fields);
    this.revisions.set(row, item[REFS_REVISION]?.N);
    return row;
  }

  /** A condition that an item's references revision is still the one `row` was read with. */
  private sameRevision(row: Row, context: ExpressionContext): string {
    const revision = this.revisions.get(row);
    const name = context.name(REFS_REVISION);
    return revision === undefined ? `attribute_not_exists(${name})` : `${name} = ${context.value({ N: revision })}`;
  }

  /** An update touching no unique field: one conditional UpdateItem that returns the new record. */
  private async updateInPlace(design: TableDesign, key: Row, changes: Row): Promise<Row> {
    const { model } = design;
    const fields = Object.keys(changes).filter((f) => !model.primaryKey.includes(f));
    if (fields.length === 0) {
      const current = await this.read(design, key);
      if (current === undefined) throw new NotFoundError(model.name, pick(key, model.primaryKey));
      return current;
    }
    const context = new ExpressionContext();
    const set = fields.map((f) => `${context.name(f)} = ${context.value(encodeValue((model.fields[f] as Field).kind, changes[f]))}`);
    const remove: string[] = [];
    for (const index of design.indexes.filter((i) => fields.includes(i.field))) {
      const value = indexValue(index, changes[index.field]);
      if (value === undefined) remove.push(context.name(index.attribute));
      else set.push(`${context.name(index.attribute)} = ${context.value(value)}`);
    }
    const update = `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`;
    const condition = `attribute_exists(${context.name(design.partitionKey.name)})`;
    const itemKey = keyOf(design, key);
    const written = { ...itemKey, ...Object.fromEntries(fields.map((f) => [f, encodeValue((model.fields[f] as Field).kind, changes[f])])) };
    if (itemBytes(written) > MAX_ITEM_BYTES) throw this.tooLarge(design, { ...key, ...changes }, itemBytes(written));
    this.onWrite?.(design.tableName, itemKey);
    try {
      const output = await this.client.send(
        new UpdateItemCommand({
          TableName: design.tableName,
          Key: itemKey,
          UpdateExpression: update,
          ConditionExpression: condition,
          ReturnValues: 'ALL_NEW',
          ...context.parameters(update, condition),
        }),
      );
      return decodeItem(model, output.Attributes ?? {});
    } catch (error) {
      const failure = this.errors.classify(error);
      if (failure.kind === 'condition-failed') throw new NotFoundError(model.name, pick(key, model.primaryKey), { cause: error });
      if (failure.kind === 'invalid-request') {
        // The changes fit, but the item they are added to may not: work out the size it would have.
        const stored = await this.send(
          () => this.client.send(new GetItemCommand({ TableName: design.tableName, Key: itemKey, ConsistentRead: true })),
          `read ${model.name} ${describeKey(model, key)}`,
        );
        const merged = { ...stored.Item, ...written };
        for (const name of remove) delete merged[context.names[name] as string];
        if (stored.Item !== undefined && itemBytes(merged) > MAX_ITEM_BYTES) {
          throw this.tooLarge(design, { ...key, ...changes }, itemBytes(merged), error);
        }
      }
      throw this.errors.convertException(error, `update ${model.name} ${describeKey(model, key)}`);
    }
  }

  /**
   * Update and upsert when unique values may move: read the record, then in one transaction
   * write it (only if it is unchanged since the read), release the guards of the values it gave
   * up and claim the new ones. A record changed in between is read again.
   */
  private async rewrite(
    design: TableDesign,
    key: Row,
    plan: (current: Row | undefined) => {
      next: Row;
      constraints: readonly (readonly string[])[];
      keep: readonly string[];
      /** The fields an update changes (their references are checked); undefined checks every reference. */
      changed: readonly string[] | undefined;
    },
  ): Promise<Row> {
    const { model } = design;
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.read(design, key);
      const { next, constraints, keep, changed } = plan(current);
      const moved = constraints.filter((fields) => current === undefined || !sameValues(model, current, next, fields));
      // The whole record is written, so every unique field (not only the moved ones) must be as read.
      const record = this.putRecord(design, next, current === undefined ? 'absent' : current, [...model.uniqueConstraints.flat(), ...keep]);
      const steps: Step[] = [
        record,
        ...this.releases(model, current, moved),
        ...this.claims(model, next, moved),
        ...this.parentChecks(model, next, changed),
      ];
      const failure = await this.write(design, next, steps);
      if (failure === undefined) return next;
      const refused = this.refused(model, next, steps[failure.step]!, failure.cause);
      if (refused !== undefined) throw refused;
      if (attempt >= MAX_ATTEMPTS) throw this.raced(model, key, failure.cause);
    }
  }

  /** The stored rows of `child` whose `field` holds `value` (through its index when it has one, else a consistent scan). */
  private async children(child: AnyModel, field: string, value: unknown): Promise<Row[]> {
    const rows: Row[] = [];
    await this.select(this.design(child), parseLookups(child, { [field]: value }), undefined, (batch) => {
      rows.push(...batch);
      return false;
    });
    return rows;
  }

  /**
   * Applies a delete plan: every deleted record only if it still exists (the first one unchanged
   * since it was read) and no reference to it was written since the plan, the guards of their
   * unique values released, and each `setNull` child's field cleared only if it still refers to
   * the parent. A plan of at most 100 items is one transaction. A wider one is applied in
   * transactions of at most 100 items, in an order that never shows a reference to a missing
   * record: the `setNull` children first, then the cascaded records children before parents, the
   * record asked for last. Each record's write travels with its guards. A failed transaction
   * leaves the earlier ones applied (a consistent state: the caller plans again from it).
   */
  private async writePlan(
    design: TableDesign,
    current: Row,
    plan: DeletePlan,
    models: readonly AnyModel[],
  ): Promise<ConditionFailure | undefined> {
    const { model } = design;
    /** The writes of one record, which must go in the same transaction. */
    const units: Step[][] = [];
    // One update per record, clearing every field of it that a setNull reference to a deleted parent holds.
    const nullified = new Map<string, { model: AnyModel; row: Row; fields: string[] }>();
    for (const { model: m, row, field } of plan.nullify) {
      const id = JSON.stringify([m.name, m.primaryKey.map((f) => row[f])]);
      const entry = nullified.get(id) ?? { model: m, row, fields: [] };
      if (!entry.fields.includes(field)) entry.fields.push(field);
      nullified.set(id, entry);
    }
    for (const { model: m, row, fields } of nullified.values()) {
      const d = this.design(m);
      const context = new ExpressionContext();
      const set = fields.map((f) => `${context.name(f)} = ${context.value({ NULL: true })}`);
      const remove = d.indexes.filter((ix) => fields.includes(ix.field)).map((ix) => context.name(ix.attribute));
      const update = `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`;
      const condition = this.unchanged(d, row, fields, context);
      units.push([
        {
          item: {
            Update: {
              TableName: d.tableName,
              Key: keyOf(d, row),
              UpdateExpression: update,
              ConditionExpression: condition,
              ...context.parameters(update, condition),
            },
          },
        },
        // A unique constraint over a cleared reference no longer holds a value.
        ...this.releases(
          m,
          row,
          m.uniqueConstraints.filter((group) => group.some((f) => fields.includes(f))),
        ),
      ]);
    }
    // The plan lists parents before their children: backwards, every record goes after its children.
    for (const [i, { model: m, row }] of [...plan.deletes.entries()].reverse()) {
      const d = this.design(m);
      const context = new ExpressionContext();
      let condition = i === 0 ? this.unchanged(d, current, model.uniqueConstraints.flat(), context) : this.unchanged(d, row, [], context);
      // Its children were planned from a read: no reference to it may have been written since.
      if (models.some((c) => c.references.some((r) => r.parent.name === m.name))) {
        condition += ` AND ${this.sameRevision(i === 0 ? current : row, context)}`;
      }
      units.push([
        {
          item: {
            Delete: { TableName: d.tableName, Key: keyOf(d, row), ConditionExpression: condition, ...context.parameters(condition) },
          },
        },
        ...this.releases(m, row, m.uniqueConstraints),
      ]);
    }
    const batches: Step[][] = [[]];
    for (const unit of units) {
      if (batches.at(-1)!.length + unit.length > MAX_TRANSACTION_ITEMS) batches.push([]);
      batches.at(-1)!.push(...unit);
    }
    for (const batch of batches) {
      const failure = await this.write(design, current, batch);
      if (failure !== undefined) return failure;
    }
    return undefined;
  }

  /**
   * For each non-null reference (among `changed`, for an update), an update of the parent item
   * that requires it to exist and bumps its references revision, so that a delete planned before
   * this write fails its condition and plans again.
   */
  private parentChecks(model: AnyModel, row: Row, changed?: readonly string[]): Step[] {
    const steps: Step[] = [];
    const seen = new Set<string>();
    for (const { field, parent, value } of referencesToCheck(model, row, changed)) {
      const d = this.design(parent);
      const key = parentKey(parent, value);
      const reference = { model: model.name, field, value, parent: parent.name };
      if (unstorableKey(d, key) !== undefined) {
        // No parent can have this key. A check that always fails takes this reference's place, so that
        // a taken key or an earlier missing parent is still reported first, as in the reference; any
        // later reference is never reported, so the checks end here.
        steps.push({
          reference,
          item: {
            ConditionCheck: {
              TableName: this.guardTable,
              Key: { [GUARD_KEY]: { S: NO_PARENT_GUARD } },
              ConditionExpression: 'attribute_exists(#guard) AND attribute_not_exists(#guard)',
              ExpressionAttributeNames: { '#guard': GUARD_KEY },
            },
          },
        });
        break;
      }
      // A transaction may touch an item once: two references to the same parent share one update (the first names the error).
      const id = JSON.stringify([parent.name, value]);
      if (seen.has(id)) continue;
      seen.add(id);
      // The record written is never its own parent (a model cannot refer to itself), so no other step touches this item.
      steps.push({
        reference,
        item: {
          Update: {
            TableName: d.tableName,
            Key: keyOf(d, key),
            UpdateExpression: 'SET #r = if_not_exists(#r, :zero) + :one',
            ConditionExpression: 'attribute_exists(#key)',
            ExpressionAttributeNames: { '#key': d.partitionKey.name, '#r': REFS_REVISION },
            ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } },
          },
        },
      });
    }
    return steps;
  }

  /** The error a failed step means: a taken key or unique value, or a missing parent. */
  private refused(model: AnyModel, row: Row, step: Step, cause: unknown): ParityError | undefined {
    if (step.reference !== undefined) {
      const { model: child, field, value, parent } = step.reference;
      return new ReferenceIntegrityError(child, field, value, parent, 'missing-parent', { cause });
    }
    if (step.fields !== undefined) return new DuplicateKeyError(model.name, step.fields, pick(row, step.fields), { cause });
    return undefined;
  }

  /** Writes a whole record: only if absent, or only if it still holds `current`'s values of `fields`. */
  private putRecord(design: TableDesign, row: Row, expect: 'absent' | Row, fields: readonly string[]): Step {
    const context = new ExpressionContext();
    // A put replaces the whole item: it keeps the references revision, and only if no child bumped it since the read.
    const revision = expect === 'absent' ? undefined : this.revisions.get(expect);
    const condition =
      expect === 'absent'
        ? `attribute_not_exists(${context.name(design.partitionKey.name)})`
        : `${this.unchanged(design, expect, fields, context)} AND ${this.sameRevision(expect, context)}`;
    return {
      item: {
        Put: {
          TableName: design.tableName,
          Item: { ...encodeItem(design, row), ...(revision !== undefined && { [REFS_REVISION]: { N: revision } }) },
          ConditionExpression: condition,
          ...context.parameters(condition),
        },
      },
    };
  }

  /** A condition that the record exists and still holds these values. */
  private unchanged(design: TableDesign, current: Row, fields: readonly string[], context: ExpressionContext): string {
    const parts = [`attribute_exists(${context.name(design.partitionKey.name)})`];
    for (const field of new Set(fields)) {
      const name = context.name(field);
      const value = current[field];
      parts.push(
        value === null || value === undefined
          ? `(attribute_not_exists(${name}) OR attribute_type(${name}, ${context.value({ S: 'NULL' })}))`
          : `${name} = ${context.value(encodeValue((design.model.fields[field] as Field).kind, value))}`,
      );
    }
    return parts.join(' AND ');
  }

  /** Guard puts claiming the row's values of each constraint that holds no null. */
  private claims(model: AnyModel, row: Row, constraints: readonly (readonly string[])[]): Step[] {
    const owner = JSON.stringify(pick(row, model.primaryKey));
    return constraints
      .filter((fields) => !hasNull(row, fields))
      .map((fields) => ({
        fields,
        item: {
          Put: {
            TableName: this.guardTable,
            Item: {
              ...this.guardItemKey(model, fields, row),
              model: { S: model.name },
              fields: { S: fields.join(',') },
              owner: { S: owner },
            },
            ConditionExpression: `attribute_not_exists(#guard)`,
            ExpressionAttributeNames: { '#guard': GUARD_KEY },
          },
        },
      }));
  }

  /** Guard deletes releasing the values the current record held for these constraints. */
  private releases(model: AnyModel, current: Row | undefined, constraints: readonly (readonly string[])[]): Step[] {
    if (current === undefined) return [];
    return constraints
      .filter((fields) => !hasNull(current, fields))
      .map((fields) => ({ item: { Delete: { TableName: this.guardTable, Key: this.guardItemKey(model, fields, current) } } }));
  }

  private guardItemKey(model: AnyModel, fields: readonly string[], row: Row): Record<string, AttributeValue> {
    return { [GUARD_KEY]: { S: guardKey(model, fields, row) } };
  }

  /**
   * Runs the steps atomically (one plain write when there is only one) and returns the first
   * step whose condition failed, or undefined when everything was written.
   */
  private async write(design: TableDesign, row: Row, steps: readonly Step[]): Promise<ConditionFailure | undefined> {
    const what = `write ${design.model.name} ${describeKey(design.model, row)}`;
    // DynamoDB's limits are checked here, before anything is sent or tracked, rather than read from its messages.
    for (const { item } of steps) {
      if (item.Put === undefined || item.Put.TableName === this.guardTable) continue;
      const records = [...this.designs.values()].find((d) => d.tableName === item.Put!.TableName) ?? design;
      const problem = unstorableKey(records, decodeItem(records.model, item.Put.Item!, records.model.primaryKey));
      if (problem !== undefined) throw new BackendError(`Could not ${what}: ${problem}. Use a shorter, non-empty key.`);
      const bytes = itemBytes(item.Put.Item!);
      if (bytes > MAX_ITEM_BYTES) throw this.tooLarge(records, row, bytes);
    }
    for (const { item } of steps) {
      if (item.Put) this.onWrite?.(item.Put.TableName!, this.keyOfItem(item.Put.TableName!, design, item.Put.Item!));
    }
    if (steps.length > MAX_TRANSACTION_ITEMS) {
      throw new BackendError(
        `Could not ${what}: it needs ${steps.length} writes in one transaction, and DynamoDB allows ${MAX_TRANSACTION_ITEMS}. Use fewer unique constraints on this model.`,
      );
    }
    const single = steps.length === 1 ? steps[0]!.item : undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (single?.Put) await this.client.send(new PutItemCommand(single.Put));
        else if (single?.Delete) await this.client.send(new DeleteItemCommand(single.Delete));
        else await this.client.send(new TransactWriteItemsCommand({ TransactItems: steps.map((s) => s.item) }));
        return undefined;
      } catch (error) {
        const failure = this.errors.classify(error);
        if (failure.kind === 'condition-failed') return { step: failure.step, cause: error };
        // Another transaction held one of these items: DynamoDB asks to try again.
        if (failure.kind === 'conflict' && attempt < MAX_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
          continue;
        }
        throw this.errors.convertException(error, what);
      }
    }
  }

  private keyOfItem(tableName: string, design: TableDesign, item: Record<string, AttributeValue>): Record<string, AttributeValue> {
    if (tableName === this.guardTable) return { [GUARD_KEY]: item[GUARD_KEY]! };
    const key: Record<string, AttributeValue> = { [design.partitionKey.name]: item[design.partitionKey.name]! };
    if (design.sortKey) key[design.sortKey.name] = item[design.sortKey.name]!;
    return key;
  }

  private raced(model: AnyModel, key: Row, cause: unknown): BackendError {
    return new BackendError(
      `${model.name} ${describeKey(model, key)} kept changing while it was being written (${MAX_ATTEMPTS} attempts): another client writes it at the same time. Try again.`,
      { cause },
    );
  }

  /**
   * Reads the rows a condition may select, page by page, following LastEvaluatedKey to the end
   * (a DynamoDB Limit counts items before the filter, so it is never the query's limit).
   * `onPage` gets each page's rows (or, when `mode` is count and DynamoDB filters exactly, only
   * its count) and returns true to stop early.
   */
  private async select(
    design: TableDesign,
    where: Condition,
    mode: 'count' | undefined,
    onPage: (rows: Row[], counted?: number) => boolean,
  ): Promise<void> {
    const { model } = design;
    const plan = this.plan(design, where);
    if (plan.kind === 'none') {
      onPage([]);
      return;
    }
    if (plan.kind === 'get') {
      const row = await this.read(design, plan.key);
      onPage(row !== undefined && matches(row, where) ? [row] : []);
      return;
    }
    const { context } = plan;
    // Counting needs no attributes when DynamoDB filters exactly, and only the condition's fields otherwise.
    const fields = mode === 'count' && !plan.exact ? [...conditionFields(where, new Set([design.partitionKey.name]))] : undefined;
    const projection = fields?.map((f) => context.name(f)).join(', ');
    const input: QueryCommandInput = {
      TableName: design.tableName,
      ...(plan.indexName !== undefined && { IndexName: plan.indexName }),
      ...(plan.keyCondition !== undefined && { KeyConditionExpression: plan.keyCondition }),
      ...(plan.filter !== undefined && { FilterExpression: plan.filter }),
      ...(mode === 'count' && plan.exact && { Select: 'COUNT' }),
      ...(projection !== undefined && { ProjectionExpression: projection }),
      // Index reads are eventually consistent on DynamoDB (GSIs allow nothing else); table reads are not.
      ...(plan.indexName === undefined && { ConsistentRead: true }),
      ...context.parameters(plan.keyCondition, plan.filter, projection),
    };
    const what = `query ${model.name}`;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const request = { ...input, ...(start !== undefined && { ExclusiveStartKey: start }) };
      const output: QueryCommandOutput =
        plan.kind === 'query'
          ? await this.send(() => this.client.send(new QueryCommand(request)), what)
          : await this.send(() => this.client.send(new ScanCommand(request)), what);
      const rows = (output.Items ?? []).map((item) => this.decode(model, item, fields));
      const stop =
        mode === 'count' && plan.exact
          ? onPage([], output.Count ?? 0)
          : onPage(plan.exact ? rows : rows.filter((r) => matches(r, where)), undefined);
      if (stop) return;
      start = output.LastEvaluatedKey;
    } while (start !== undefined);
  }

  /** Picks the cheapest access path: GetItem when the key is pinned, Query on the table or an index, else Scan. */
  private plan(design: TableDesign, where: Condition): Plan {
    const { model } = design;
    const parts = conjuncts(where);
    const pinned = (field: string): Lookup | undefined =>
      parts.find((c): c is Lookup => c.kind === 'lookup' && c.field === field && c.op === 'exact' && c.value !== null);
    const keyLookups = model.primaryKey.map(pinned);
    if (keyLookups.every((l) => l !== undefined)) {
      const key = Object.fromEntries(keyLookups.map((l) => [l!.field, l!.value]));
      return unstorableKey(design, key) === undefined ? { kind: 'get', key } : { kind: 'none' };
    }
    const context = new ExpressionContext();
    const rest = (used: Lookup): Condition => ({ kind: 'and', conditions: parts.filter((c) => c !== used) });
    const partition = pinned(design.partitionKey.name);
    // Every stored item's key is one DynamoDB can hold, so equality with any other value matches nothing.
    if (partition !== undefined && unstorableKey(design, { [partition.field]: partition.value }) !== undefined) return { kind: 'none' };
    if (partition !== undefined) {
      // A Query may not filter on the table's key attributes: lookups on them are matched here.
      const keyAttributes = new Set([design.partitionKey.name, ...(design.sortKey ? [design.sortKey.name] : [])]);
      const filter = translateCondition(rest(partition), context, keyAttributes);
      const keyCondition = `${context.name(partition.field)} = ${context.value(encodeValue(partition.fieldKind, partition.value))}`;
      return { kind: 'query', context, keyCondition, filter: filter.expression, exact: filter.exact };
    }
    for (const index of design.indexes) {
      const lookup = pinned(index.field);
      const value = lookup === undefined ? undefined : indexValue(index, lookup.value);
      if (lookup === undefined || value === undefined) continue;
      const filter = translateCondition(rest(lookup), context);
      const keyCondition = `${context.name(index.attribute)} = ${context.value(value)}`;
      return { kind: 'query', context, indexName: index.indexName, keyCondition, filter: filter.expression, exact: filter.exact };
    }
    const filter = translateCondition(where, context);
    return { kind: 'scan', context, filter: filter.expression, exact: filter.exact };
  }

  private async ensureTable(
    tableName: string,
    input: Omit<ReturnType<typeof createTableInput>, 'GlobalSecondaryIndexes'> & Partial<ReturnType<typeof createTableInput>>,
  ): Promise<void> {
    const existing = await this.describe(tableName);
    if (existing === undefined) {
      try {
        await this.client.send(new CreateTableCommand({ TableName: tableName, BillingMode: 'PAY_PER_REQUEST', ...input }));
        this.created.push(tableName);
      } catch (error) {
        if (this.errors.classify(error).kind !== 'table-exists') throw this.errors.convertException(error, `create the table ${tableName}`);
      }
    } else if (!sameKeySchema(existing.keySchema, input.KeySchema)) {
      throw new BackendError(
        `The DynamoDB table ${tableName} exists with the key ${describeKeySchema(existing.keySchema)}, but this model needs ` +
          `${describeKeySchema(input.KeySchema)}. Use another table prefix, or delete or migrate that table.`,
      );
    }
    for (let waited = 0; (await this.describe(tableName))?.status !== 'ACTIVE'; waited += 50) {
      if (waited > 120_000) throw new BackendError(`The DynamoDB table ${tableName} did not become ACTIVE within two minutes.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async describe(tableName: string): Promise<{ status: string | undefined; keySchema: KeySchemaElement[] } | undefined> {
    try {
      const { Table } = await this.client.send(new DescribeTableCommand({ TableName: tableName }));
      return { status: Table?.TableStatus, keySchema: Table?.KeySchema ?? [] };
    } catch (error) {
      if (this.errors.classify(error).kind === 'missing-table') return undefined;
      throw this.errors.convertException(error, `describe the table ${tableName}`);
    }
  }

  /** Runs a read, turning a native failure into a `BackendError` that says what was being done. */
  private async send<T>(run: () => Promise<T>, what: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.errors.convertException(error, what);
    }
  }

  /** The error for a record larger than an item holds (worked out here, not read from DynamoDB's message). */
  private tooLarge(design: TableDesign, row: Row, bytes: number, cause?: unknown): BackendError {
    return new BackendError(
      `${design.model.name} ${describeKey(design.model, row)} is too large for DynamoDB: an item holds at most ${MAX_ITEM_BYTES / 1024} KB ` +
        `(attribute names and values in UTF-8), and this record needs about ${Math.ceil(bytes / 1024)} KB. Keep large values elsewhere ` +
        `(such as S3) and store a reference, or use a backend with the large-items capability.`,
      cause === undefined ? undefined : { cause },
    );
  }
}

function sameValues(model: AnyModel, a: Row, b: Row, fields: readonly string[]): boolean {
  return fields.every((f) => valuesEqual((model.fields[f] as Field).kind, a[f], b[f]));
}

function sameKeySchema(a: readonly KeySchemaElement[], b: readonly KeySchemaElement[]): boolean {
  return a.length === b.length && a.every((k, i) => k.AttributeName === b[i]?.AttributeName && k.KeyType === b[i]?.KeyType);
}

function describeKeySchema(schema: readonly KeySchemaElement[]): string {
  return schema.map((k) => `${k.AttributeName} (${k.KeyType})`).join(' + ');
}

function describeKey(model: AnyModel, row: Row): string {
  return model.primaryKey.map((f) => (model.primaryKey.length === 1 ? describeValue(row[f]) : `${f}=${describeValue(row[f])}`)).join(', ');
}

function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

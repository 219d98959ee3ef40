import {
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ScanCommand,
  UpdateTableCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Product, specModels, tenantModels, User } from '../../features/models';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbEngine } from '../drivers/dynamodb/engine';
import type { StartedEngine } from '../drivers/driver';
import { Database, DuplicateKeyError } from '../orm';
import { DynamoDbBackend } from '../orm/backends/dynamodb';
import { guardKey } from '../orm/backends/dynamodb/table-design';
import type { AnyModel } from '../orm/model';
import { dynamoDbTarget } from './dynamodb-target';
import { duplicatesForUnique, nullsInRequired, orphansForReference, requiredWithoutValue } from './refusals';
import { migrate, type NamedMigration } from './runner';
import {
  applyOperations,
  MigrationError,
  operationsBetween,
  schemaDifferences,
  schemaOf,
  type MigrationOperation,
  type ModelSchema,
} from './schema';
import { modelsOfSchema } from './schema-models';
import type { MigrationTarget } from './target';
import { rejection } from '../../test/expect-rejection';

/*
 * The DynamoDB migration target on real DynamoDB Local (no mocks): the spec's models built by
 * migrations read back as the models need and serve the backend, each change keeps the stored
 * items as the other backends keep their rows, and the data refuses what it refuses elsewhere,
 * in the same words, before anything changes.
 */

const models = [...specModels, ...tenantModels];
const expected = schemaOf(models);

/** A small model to change: a string key, a unique code, a nullable note and an indexed tag. */
const Note: ModelSchema = {
  name: 'Note',
  database: 'default',
  fields: {
    id: { kind: 'string', nullable: false },
    code: { kind: 'string', nullable: false },
    note: { kind: 'string', nullable: true },
    tag: { kind: 'string', nullable: true },
  },
  primaryKey: ['id'],
  unique: [['code']],
  indexes: [['tag']],
  references: [],
};

/** A parent for references. */
const Owner: ModelSchema = {
  name: 'Owner',
  database: 'default',
  fields: { id: { kind: 'string', nullable: false } },
  primaryKey: ['id'],
  unique: [],
  indexes: [],
  references: [],
};

const step = (name: string, operations: MigrationOperation[]): NamedMigration => ({ name, migration: { operations } });
const createNote = step('0001_note', [{ op: 'createModel', model: Note }]);

describe('migrations on DynamoDB (the DynamoDB target, on DynamoDB Local)', function () {
  this.timeout(60_000);
  let engine: StartedEngine;
  let client: DynamoDBClient;
  let prefix: string;
  let target: MigrationTarget;
  let created: string[];
  let backends: DynamoDbBackend[];

  before(async () => {
    engine = await startDynamoDbEngine();
    client = new DynamoDBClient({ endpoint: engine.env.PARITY_DYNAMODB_ENDPOINT, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  });

  after(async () => {
    // Nothing is left behind: every table a test made was dropped (on a shared endpoint too).
    const { TableNames } = (await client?.send(new ListTablesCommand({}))) ?? {};
    expect((TableNames ?? []).filter((t) => t.startsWith(`parity_test_unit_mig_${process.pid}_`))).to.deep.equal([]);
    client?.destroy();
    await engine?.stop();
  });

  beforeEach(() => {
    prefix = `parity_test_unit_mig_${process.pid}_${randomBytes(3).toString('hex')}_`;
    created = [];
    backends = [];
    target = dynamoDbTarget({ client, tablePrefix: prefix, onCreateTable: (table) => created.push(table) });
  });

  afterEach(async () => {
    const tables = new Set([...created, ...backends.flatMap((b) => b.tablesCreated())]);
    for (const table of tables) {
      await client.send(new DeleteTableCommand({ TableName: table })).catch((error: { name?: string }) => {
        if (error.name !== 'ResourceNotFoundException') throw error;
      });
    }
  });

  /** A database on a backend with the target's prefix, with the models of the schema the migrations built. */
  async function databaseFor(migrations: readonly NamedMigration[]): Promise<{ db: Database; model: (name: string) => AnyModel }> {
    const schema = migrations.reduce((s, m) => applyOperations(s, m.migration.operations), {});
    const made = modelsOfSchema(schema);
    const backend = new DynamoDbBackend({ client, tablePrefix: prefix });
    backends.push(backend);
    const db = new Database(backend);
    await db.sync(...made.values());
    return { db, model: (name) => made.get(name)! };
  }

  /** Every item of a table, raw, in the order of their `key` attribute. */
  async function items(table: string, key = 'id'): Promise<Record<string, AttributeValue>[]> {
    const { Items } = await client.send(new ScanCommand({ TableName: `${prefix}${table}`, ConsistentRead: true }));
    const order = (item: Record<string, AttributeValue>): string => JSON.stringify(item[key]);
    return (Items ?? []).sort((a, b) => order(a).localeCompare(order(b)));
  }

  async function indexNames(table: string): Promise<string[]> {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: `${prefix}${table}` }));
    return (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName!).sort();
  }

  /** Stores notes through the backend, with the models the migrations so far built. */
  async function storeNotes(migrations: readonly NamedMigration[], ...rows: Record<string, unknown>[]): Promise<void> {
    const { db, model } = await databaseFor(migrations);
    for (const row of rows) await db.repository(model('Note')).create(row as never);
  }

  it("builds the spec's models, which read back as the models need and serve the backend", async function () {
    const applied = await migrate({ target, migrations: [step('0001_initial', operationsBetween({}, expected))] });
    expect(applied).to.deep.equal(['0001_initial']);
    const stored = await target.read(expected);
    expect(schemaDifferences(expected, stored.schema, stored.sees)).to.deep.equal([]);
    expect(await indexNames('Product')).to.deep.equal(['ix_category']);

    const backend = new DynamoDbBackend({ client, tablePrefix: prefix });
    backends.push(backend);
    const db = new Database(backend);
    await db.sync(...models);
    expect(backend.tablesCreated()).to.deep.equal([]); // every table was there, as migrations made it
    const users = db.repository(User);
    await users.create({ id: 'u1', email: 'ann@example.com', name: 'Ann' });
    expect((await users.get({ id: 'u1' }))?.email).to.equal('ann@example.com');
    const error = await rejection(users.create({ id: 'u2', email: 'ann@example.com', name: 'Bob' }), DuplicateKeyError);
    expect(error.fields).to.deep.equal(['email']);
  });

  it("backfills an added field's default into stored items, and refuses a required field with nothing to give them", async function () {
    await migrate({ target, migrations: [createNote] });
    await storeNotes([createNote], { id: 'a', code: 'A', note: 'first' }, { id: 'b', code: 'B' });
    const added = step('0002_added', [
      { op: 'addField', model: 'Note', field: 'priority', schema: { kind: 'integer', nullable: false, default: { value: 3 } } },
      {
        op: 'addField',
        model: 'Note',
        field: 'seenAt',
        schema: { kind: 'datetime', nullable: false, default: { value: '2026-01-02T03:04:05.000Z' } },
      },
      { op: 'addField', model: 'Note', field: 'extra', schema: { kind: 'json', nullable: true } },
    ]);
    expect(await migrate({ target, migrations: [createNote, added] })).to.deep.equal(['0002_added']);
    const stored = await items('Note');
    expect(stored.map((i) => [i.priority, i.seenAt, i.extra])).to.deep.equal([
      [{ N: '3' }, { S: '2026-01-02T03:04:05.000Z' }, { NULL: true }],
      [{ N: '3' }, { S: '2026-01-02T03:04:05.000Z' }, { NULL: true }],
    ]);
    const { db, model } = await databaseFor([createNote, added]);
    const a = await db.repository(model('Note')).get({ id: 'a' });
    expect(a).to.deep.include({ id: 'a', note: 'first', priority: 3, seenAt: new Date('2026-01-02T03:04:05.000Z'), extra: null });

    const owner: Extract<MigrationOperation, { op: 'addField' }> = {
      op: 'addField',
      model: 'Note',
      field: 'owner',
      schema: { kind: 'string', nullable: false },
    };
    const error = await rejection(migrate({ target, migrations: [createNote, added, step('0003_owner', [owner])] }), MigrationError);
    expect(error.message).to.include(requiredWithoutValue(owner).message);
    expect(await items('Note')).to.deep.equal(stored);
    const backfilled = step('0003_owner', [{ ...owner, backfill: 'nobody' }]);
    expect(await migrate({ target, migrations: [createNote, added, backfilled] })).to.deep.equal(['0003_owner']);
    expect((await items('Note')).map((i) => i.owner)).to.deep.equal([{ S: 'nobody' }, { S: 'nobody' }]);
  });

  it("keeps the data through a rename, with the field's index and guard items, and refuses to rename a key field", async function () {
    await migrate({ target, migrations: [createNote] });
    await storeNotes([createNote], { id: 'a', code: 'A', note: 'first', tag: 'red' }, { id: 'b', code: 'B' });
    const renamed = step('0002_rename', [
      { op: 'renameField', model: 'Note', from: 'tag', to: 'label' },
      { op: 'renameField', model: 'Note', from: 'code', to: 'ref' },
    ]);
    await migrate({ target, migrations: [createNote, renamed] });
    expect(await indexNames('Note')).to.deep.equal(['ix_label']);
    const [a, b] = await items('Note');
    expect(a).to.deep.equal({ id: { S: 'a' }, ref: { S: 'A' }, note: { S: 'first' }, label: { S: 'red' }, __ix_label: { S: 'red' } });
    expect(b).to.deep.equal({ id: { S: 'b' }, ref: { S: 'B' }, note: { NULL: true }, label: { NULL: true } });

    const { db, model } = await databaseFor([createNote, renamed]);
    const notes = db.repository(model('Note'));
    expect((await notes.filter({ label: 'red' }).all()).map((n) => n.id)).to.deep.equal(['a']);
    const guards = (await items('_unique', 'guard')).map((g) => g.guard!.S);
    expect(guards).to.have.members([guardKey(model('Note'), ['ref'], { ref: 'A' }), guardKey(model('Note'), ['ref'], { ref: 'B' })]);
    // The moved guard item is the one the backend writes for the record: its model, fields and owner.
    expect((await items('_unique', 'guard')).find((g) => g.guard!.S === guardKey(model('Note'), ['ref'], { ref: 'A' }))).to.deep.equal({
      guard: { S: guardKey(model('Note'), ['ref'], { ref: 'A' }) },
      model: { S: 'Note' },
      fields: { S: 'ref' },
      owner: { S: JSON.stringify({ id: 'a' }) },
    });
    const clash = await rejection(notes.create({ id: 'c', ref: 'A' } as never), DuplicateKeyError);
    expect(clash.fields).to.deep.equal(['ref']);

    const before = await items('Note');
    const error = await rejection(
      migrate({
        target,
        migrations: [createNote, renamed, step('0003_key', [{ op: 'renameField', model: 'Note', from: 'id', to: 'key' }])],
      }),
      MigrationError,
    );
    expect(error.message).to.include('renameField').and.include('dynamodb').and.include('Create a new model');
    expect(await items('Note')).to.deep.equal(before);
    expect(await target.storage().executed({ context: {} })).to.deep.equal(['0001_note', '0002_rename']);
  });

  it('drops a unique constraint (duplicates accepted after), and refuses one over duplicates without writing a guard', async function () {
    await migrate({ target, migrations: [createNote] });
    await storeNotes([createNote], { id: 'a', code: 'A' });
    expect(await items('_unique')).to.have.length(1);
    const dropped = step('0002_drop', [{ op: 'dropUnique', model: 'Note', fields: ['code'] }]);
    await migrate({ target, migrations: [createNote, dropped] });
    expect(await items('_unique')).to.deep.equal([]);
    await storeNotes([createNote, dropped], { id: 'b', code: 'A' });
    expect((await items('Note')).map((i) => i.code)).to.deep.equal([{ S: 'A' }, { S: 'A' }]);

    const error = await rejection(
      migrate({ target, migrations: [createNote, dropped, step('0003_add', [{ op: 'addUnique', model: 'Note', fields: ['code'] }])] }),
      MigrationError,
    );
    expect(error.message).to.include(duplicatesForUnique('Note', ['code']).message);
    expect(await items('_unique')).to.deep.equal([]);
  });

  it('refuses to make a field required over a null, and a reference over an orphan, changing nothing', async function () {
    const first = step('0001_models', [
      { op: 'createModel', model: Owner },
      { op: 'createModel', model: { ...Note, fields: { ...Note.fields, ownerId: { kind: 'string', nullable: true } } } },
    ]);
    await migrate({ target, migrations: [first] });
    await storeNotes([first], { id: 'a', code: 'A', ownerId: 'ghost' }, { id: 'b', code: 'B', note: 'set' });
    const before = await items('Note');

    const required = await rejection(
      migrate({
        target,
        migrations: [first, step('0002_required', [{ op: 'alterField', model: 'Note', field: 'note', nullable: false }])],
      }),
      MigrationError,
    );
    expect(required.message).to.include(nullsInRequired('Note', 'note').message);
    const reference = { field: 'ownerId', parent: 'Owner', onDelete: 'restrict' } as const;
    const orphan = await rejection(
      migrate({ target, migrations: [first, step('0002_reference', [{ op: 'addReference', model: 'Note', reference }])] }),
      MigrationError,
    );
    expect(orphan.message).to.include(orphansForReference('Note', 'ownerId', 'Owner').message);
    expect(await items('Note')).to.deep.equal(before);
    expect(await target.storage().executed({ context: {} })).to.deep.equal(['0001_models']);
  });

  it('reports an index deleted behind its back as the one difference', async function () {
    await migrate({ target, migrations: [step('0001_initial', operationsBetween({}, expected))] });
    await client.send(
      new UpdateTableCommand({ TableName: `${prefix}Product`, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'ix_category' } }] }),
    );
    for (let i = 0; (await indexNames('Product')).includes('ix_category'); i++) {
      if (i > 600) expect.fail('ix_category was never deleted');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stored = await target.read(expected);
    expect(schemaDifferences(expected, stored.schema, stored.sees)).to.deep.equal([
      'Product.category: index (category) missing in the database',
    ]);
  });

  it('applies nothing the second time (umzug keeps what ran in the storage table)', async function () {
    const migrations = [step('0001_initial', operationsBetween({}, expected)), step('0002_note', [{ op: 'createModel', model: Note }])];
    expect(await migrate({ target, migrations })).to.deep.equal(['0001_initial', '0002_note']);
    expect(await migrate({ target, migrations })).to.deep.equal([]);
    const { Items } = await client.send(new ScanCommand({ TableName: `${prefix}_migrations`, ConsistentRead: true }));
    expect((Items ?? []).map((i) => i.name!.S).sort()).to.deep.equal(['0001_initial', '0002_note']);
    for (const item of Items ?? []) expect(new Date(item.appliedAt!.S!).toISOString()).to.equal(item.appliedAt!.S);
    expect(created).to.include(`${prefix}_migrations`);
  });

  it('adds and drops indexes, unique constraints, references and fields over stored items, leaving what the models need', async function () {
    const first = step('0001_initial', operationsBetween({}, expected));
    await migrate({ target, migrations: [first] });
    const { db } = await databaseFor([first]);
    const products = db.repository(Product);
    await products.create({ sku: 1, code: 'ABC-001', title: 'One', price: 1, category: 'book' });
    await products.create({ sku: 2, code: 'ABC-002', title: 'Two', price: 2, category: 'film' });
    const changes = step('0002_round_trip', [
      { op: 'dropIndex', model: 'Product', fields: ['category'] },
      { op: 'dropUnique', model: 'Product', fields: ['code'] },
      { op: 'addField', model: 'Product', field: 'extra', schema: { kind: 'string', nullable: true } },
      { op: 'addIndex', model: 'Product', fields: ['extra'] },
      { op: 'dropField', model: 'Product', field: 'extra' },
      { op: 'addIndex', model: 'Product', fields: ['category'] },
      { op: 'addUnique', model: 'Product', fields: ['code'] },
      { op: 'dropReference', model: 'Book', field: 'authorId' },
      { op: 'addReference', model: 'Book', reference: expected.Book!.references.find((r) => r.field === 'authorId')! },
      { op: 'alterField', model: 'User', field: 'score', nullable: false },
      { op: 'alterField', model: 'User', field: 'score', nullable: true },
    ]);
    await migrate({ target, migrations: [first, changes] });
    const stored = await target.read(expected);
    expect(schemaDifferences(expected, stored.schema, stored.sees)).to.deep.equal([]);
    expect(await indexNames('Product')).to.deep.equal(['ix_category']);
    expect((await items('Product', 'sku')).map((i) => [i.__ix_category, i.extra])).to.deep.equal([
      [{ S: 'book' }, undefined],
      [{ S: 'film' }, undefined],
    ]);
    const { db: after } = await databaseFor([first, changes]);
    const again = after.repository(Product);
    expect((await again.filter({ category: 'film' }).all()).map((p) => p.sku)).to.deep.equal([2]);
    await rejection(again.create({ sku: 3, code: 'ABC-001', title: 'Three', price: 3, category: 'book' }), DuplicateKeyError);
  });

  it('refuses an index over several fields before anything changes', async function () {
    await migrate({ target, migrations: [createNote] });
    const error = await rejection(
      migrate({
        target,
        migrations: [
          createNote,
          step('0002_index', [
            { op: 'dropField', model: 'Note', field: 'note' },
            { op: 'addIndex', model: 'Note', fields: ['code', 'tag'] },
          ]),
        ],
      }),
      MigrationError,
    );
    expect(error.message).to.include('addIndex').and.include('dynamodb');
    expect(await indexNames('Note')).to.deep.equal(['ix_tag']);
  });
});

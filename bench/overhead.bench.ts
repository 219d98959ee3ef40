/*
 * What the ORM costs over the raw driver, and against what a user would pick instead (issue 15),
 * on every backend and for every operation, in one run: create, get, update, upsert, a filtered,
 * ordered query (`n >= x`, by name, limit 20), a count with the same filter, a page walk (pages of
 * 50 over every row, by primary key) and delete. Each backend's sides do the same work on the same
 * model, `Item { id: string key, n: integer, name: string, score: float nullable, code: string unique }`:
 *
 * - orm: Parity ORM (`Database`, `repository(Item)`), on its in-memory, Sequelize (SQLite, PostgreSQL)
 *   and DynamoDB backends;
 * - raw: the driver alone doing the same work and keeping `code` unique alike: a plain `Map` (and
 *   a `Map` of codes) for in-memory; `sqlite3` and `pg` with the SQL a user would write (same table
 *   DDL as the ORM's, UNIQUE index included); `@aws-sdk/client-dynamodb` sending the requests the
 *   ORM's DynamoDB backend sends (a create is a TransactWriteItems of the record and its `code` guard
 *   item; an update that leaves `code` alone one conditional UpdateItem; an upsert a consistent
 *   GetItem then a conditional PutItem, or a transaction when `code` moves; a delete a GetItem then a
 *   TransactWriteItems deleting the record and its guard; queries, counts and pages consistent Scans,
 *   ordered and cut here, since DynamoDB has no order over a table);
 * - sequelize (SQLite, PostgreSQL): Sequelize's own model layer (`define`, `create`, `findByPk`,
 *   `update`, `upsert`, `findAll`, `count`, `destroy`), returning its model instances;
 * - kysely (SQLite, PostgreSQL): Kysely, a typed query builder with no model layer: the thin end a
 *   user picks instead of an ORM. It has a native pg dialect (`PostgresDialect` over a `pg` Pool of
 *   one connection), and kysely-generic-sqlite's `GenericSqliteDialect` runs it over the same
 *   `sqlite3` Database as our SQLite backend (its README's `buildQueryFn` over `all`/`run`), so all
 *   four SQLite sides share one driver.
 *
 * Every side has its own table (its own in-memory database on SQLite) with the same DDL. Each round
 * gives every side fresh rows, runs each operation on every side before the next operation (the
 * sides' order rotated round by round, so that no side always goes first), and checks that the sides
 * returned the same records. An untimed warm-up round comes first. Every call is timed on its own;
 * a round's number for a side and an operation is the median µs per call; the report gives the
 * median over the rounds, the spread (min and max over the rounds) and the ratio to raw (the median
 * of the per-round ratios).
 *
 *   npm run bench                                          # every backend, 2000 rows, 5 rounds
 *   npm run bench -- --backends sqlite,postgres --rows 500 --rounds 3
 *   npm run bench -- --quick                               # 50 rows, 1 round: proves it works
 *
 * PostgreSQL is the server at PARITY_POSTGRES_URL (else an embedded one), in a database of its own
 * (parity_test_bench_<random>); DynamoDB is PARITY_DYNAMODB_ENDPOINT (else DynamoDB Local), in tables
 * named parity_test_bench_<random>_…; both are dropped at the end. Prints a table, and writes
 * <out>/results.json (machine facts and every per-round number) and <out>/index.html (a chart of the
 * ratios and the table, self-contained); --out defaults to reports/bench.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type ScanCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import { GenericSqliteDialect, buildQueryFn, parseBigInt } from 'kysely-generic-sqlite';
import { Client, Pool } from 'pg';
import { DataTypes, Op, Sequelize, type ModelStatic, type Model as SequelizeModel } from 'sequelize';
import sqlite3 from 'sqlite3';
import { Database, defineModel, field } from '../src';
import { ENDPOINT_VARIABLE, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbEngine } from '../src/drivers/dynamodb/engine';
import { startPostgresEngine } from '../src/drivers/postgres/engine';
import { createDynamoDbBackend } from '../src/orm/backends/dynamodb';
import { createInMemoryBackend } from '../src/orm/backends/inmemory';
import { createSequelizeBackend } from '../src/orm/backends/sequelize';

const root = path.resolve(__dirname, '..');
const BACKENDS = ['inmemory', 'sqlite', 'postgres', 'dynamodb'] as const;
type BackendName = (typeof BACKENDS)[number];
const OPERATIONS = ['create', 'get', 'update', 'upsert', 'query', 'count', 'page', 'delete'] as const;
type Operation = (typeof OPERATIONS)[number];
const SIDES = ['raw', 'orm', 'sequelize', 'kysely'] as const;
type SideName = (typeof SIDES)[number];
const PAGE_SIZE = 50;
const QUERY_LIMIT = 20;

const ItemModel = defineModel('Item', {
  id: field.string({ primaryKey: true }),
  n: field.integer(),
  name: field.string(),
  score: field.float({ nullable: true }),
  code: field.string({ unique: true }),
});

interface Item {
  id: string;
  n: number;
  name: string;
  score: number | null;
  code: string;
}
type Changes = Pick<Item, 'n' | 'score'>;
/** A returned record: only its id is read (to check that the sides returned the same records). */
type Record = { readonly id: string };

/** One way of doing the work on one backend. */
interface Side {
  readonly name: SideName;
  create(item: Item): Promise<unknown>;
  get(id: string): Promise<Record | undefined | null>;
  update(id: string, changes: Changes): Promise<unknown>;
  upsert(item: Item): Promise<unknown>;
  query(min: number): Promise<readonly Record[]>;
  count(min: number): Promise<number>;
  page(cursor: string | null): Promise<{ items: readonly Record[]; next: string | null }>;
  delete(id: string): Promise<void>;
}

interface Setup {
  readonly engine: string;
  readonly sides: readonly Side[];
  /** Records what the sides send during the warm-up, and says how the raw side's requests differ from the ORM's (undefined: they do not). */
  readonly requests?: { start(): void; difference(): string | undefined };
  stop(): Promise<void>;
}

/** An object as JSON with its keys sorted, so that two requests compare by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as { [key: string]: unknown }).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => byText(a, b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Logs every command a client sends (its name and input, the table prefix replaced by `<tables>`)
 * while `on()` says so: how the bench checks that the raw DynamoDB side sends the ORM's requests.
 */
function recordRequests(client: DynamoDBClient, tablePrefix: string, on: () => boolean): string[] {
  const log: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (on()) log.push(`${context.commandName} ${canonical(args.input).split(tablePrefix).join('<tables>')}`);
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestLog' },
  );
  return log;
}

function missing(what: string): Error {
  return new Error(`${what}: not found`);
}

const SQL_COLUMNS = '"id", "n", "name", "score", "code"';

/** The DDL the ORM's Sequelize backend makes for Item (checked against its `sync`), under another table name. */
function ddl(dialect: 'sqlite' | 'postgres', table: string): string[] {
  const text = dialect === 'sqlite' ? 'TEXT' : 'TEXT COLLATE "C"';
  const types = dialect === 'sqlite' ? { n: 'INTEGER', score: 'REAL' } : { n: 'BIGINT', score: 'DOUBLE PRECISION' };
  return [
    `CREATE TABLE "${table}" ("id" ${text} NOT NULL PRIMARY KEY, "n" ${types.n} NOT NULL, "name" ${text} NOT NULL, "score" ${types.score}, "code" ${text} NOT NULL)`,
    `CREATE UNIQUE INDEX "${table}_unique_code" ON "${table}" ("code")`,
  ];
}

// ---------------------------------------------------------------------------------------------
// The sides

function ormSide(db: Database): Side {
  const items = db.repository(ItemModel);
  return {
    name: 'orm',
    create: (item) => items.create(item),
    get: (id) => items.get(id),
    update: (id, changes) => items.update(id, changes),
    upsert: (item) => items.upsert(item),
    query: (min) => items.filter({ n__gte: min }).orderBy('name').limit(QUERY_LIMIT).all(),
    count: (min) => items.count({ n__gte: min }),
    page: async (cursor) => {
      const page = await items.page(PAGE_SIZE, cursor);
      return { items: page.items, next: page.nextCursor };
    },
    delete: (id) => items.delete(id),
  };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function mapSide(): Side {
  const rows = new Map<string, Item>();
  const codes = new Map<string, string>();
  return {
    name: 'raw',
    create: async (item) => {
      if (rows.has(item.id)) throw new Error(`${item.id}: taken`);
      if (codes.has(item.code)) throw new Error(`${item.code}: taken`);
      rows.set(item.id, { ...item });
      codes.set(item.code, item.id);
    },
    get: async (id) => {
      const row = rows.get(id);
      return row === undefined ? undefined : { ...row };
    },
    update: async (id, changes) => {
      const current = rows.get(id);
      if (current === undefined) throw missing(id);
      const next = { ...current, ...changes };
      rows.set(id, next);
      return { ...next };
    },
    upsert: async (item) => {
      const owner = codes.get(item.code);
      if (owner !== undefined && owner !== item.id) throw new Error(`${item.code}: taken`);
      const current = rows.get(item.id);
      if (current !== undefined && current.code !== item.code) codes.delete(current.code);
      rows.set(item.id, { ...item });
      codes.set(item.code, item.id);
      return { ...item };
    },
    query: async (min) =>
      [...rows.values()]
        .filter((row) => row.n >= min)
        .sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id))
        .slice(0, QUERY_LIMIT)
        .map((row) => ({ ...row })),
    count: async (min) => {
      let count = 0;
      for (const row of rows.values()) if (row.n >= min) count += 1;
      return count;
    },
    page: async (cursor) => {
      const found = [...rows.values()]
        .filter((row) => cursor === null || row.id > cursor)
        .sort((a, b) => byText(a.id, b.id))
        .slice(0, PAGE_SIZE + 1)
        .map((row) => ({ ...row }));
      const items = found.slice(0, PAGE_SIZE);
      return { items, next: found.length > PAGE_SIZE ? items[items.length - 1]!.id : null };
    },
    delete: async (id) => {
      const row = rows.get(id);
      if (row === undefined) throw missing(id);
      rows.delete(id);
      codes.delete(row.code);
    },
  };
}

/** The raw SQL side over a `run(sql, params) → rows` of a driver; `p(i)` is the i-th placeholder. */
function sqlSide(table: string, run: (sql: string, params: unknown[]) => Promise<Item[]>, p: (i: number) => string): Side {
  const t = `"${table}"`;
  // PostgreSQL returns BIGINT as text: turned back into a number, as the ORM does.
  const rows = async (sql: string, params: unknown[]): Promise<Item[]> =>
    (await run(sql, params)).map((row) => (typeof row.n === 'string' ? { ...row, n: Number(row.n) } : row));
  return {
    name: 'raw',
    create: (item) => run(`INSERT INTO ${t} (${SQL_COLUMNS}) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`, Object.values(item)),
    get: async (id) => (await rows(`SELECT ${SQL_COLUMNS} FROM ${t} WHERE "id" = ${p(1)}`, [id]))[0],
    update: async (id, changes) => {
      const [row] = await rows(`UPDATE ${t} SET "n" = ${p(1)}, "score" = ${p(2)} WHERE "id" = ${p(3)} RETURNING ${SQL_COLUMNS}`, [
        changes.n,
        changes.score,
        id,
      ]);
      if (row === undefined) throw missing(id);
      return row;
    },
    upsert: async (item) =>
      (
        await rows(
          `INSERT INTO ${t} (${SQL_COLUMNS}) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}) ON CONFLICT ("id") DO UPDATE SET ` +
            `"n" = excluded."n", "name" = excluded."name", "score" = excluded."score", "code" = excluded."code" RETURNING ${SQL_COLUMNS}`,
          Object.values(item),
        )
      )[0],
    query: (min) => rows(`SELECT ${SQL_COLUMNS} FROM ${t} WHERE "n" >= ${p(1)} ORDER BY "name", "id" LIMIT ${QUERY_LIMIT}`, [min]),
    count: async (min) => Number((await run(`SELECT COUNT(*) AS "n" FROM ${t} WHERE "n" >= ${p(1)}`, [min]))[0]!.n),
    page: async (cursor) => {
      const found =
        cursor === null
          ? await rows(`SELECT ${SQL_COLUMNS} FROM ${t} ORDER BY "id" LIMIT ${PAGE_SIZE + 1}`, [])
          : await rows(`SELECT ${SQL_COLUMNS} FROM ${t} WHERE "id" > ${p(1)} ORDER BY "id" LIMIT ${PAGE_SIZE + 1}`, [cursor]);
      const items = found.slice(0, PAGE_SIZE);
      return { items, next: found.length > PAGE_SIZE ? items[items.length - 1]!.id : null };
    },
    delete: async (id) => {
      const deleted = await run(`DELETE FROM ${t} WHERE "id" = ${p(1)} RETURNING 1 AS "deleted"`, [id]);
      if (deleted.length === 0) throw missing(id);
    },
  };
}

/** Sequelize's model layer: a model defined on the table, used as its documentation shows. */
function sequelizeSide(sequelize: Sequelize, table: string, dialect: 'sqlite' | 'postgres'): Side {
  const text = DataTypes.TEXT;
  const model: ModelStatic<SequelizeModel> = sequelize.define(
    'ItemPeer',
    {
      id: { type: text, primaryKey: true, allowNull: false },
      n: { type: dialect === 'postgres' ? DataTypes.BIGINT : DataTypes.INTEGER, allowNull: false },
      name: { type: text, allowNull: false },
      score: { type: DataTypes.DOUBLE, allowNull: true },
      code: { type: text, allowNull: false, unique: true },
    },
    { tableName: table, timestamps: false },
  );
  const asRecord = (instance: SequelizeModel): Record => instance as unknown as Record;
  return {
    name: 'sequelize',
    create: (item) => model.create({ ...item }),
    get: async (id) => {
      const found = await model.findByPk(id);
      return found === null ? undefined : asRecord(found);
    },
    update: async (id, changes) => {
      const [count] = await model.update(changes, { where: { id }, returning: true });
      if (count === 0) throw missing(id);
    },
    upsert: (item) => model.upsert({ ...item }, { returning: true }),
    query: async (min) =>
      (
        await model.findAll({
          where: { n: { [Op.gte]: min } },
          order: [
            ['name', 'ASC'],
            ['id', 'ASC'],
          ],
          limit: QUERY_LIMIT,
        })
      ).map(asRecord),
    count: (min) => model.count({ where: { n: { [Op.gte]: min } } }),
    page: async (cursor) => {
      const found = (
        await model.findAll({ where: cursor === null ? {} : { id: { [Op.gt]: cursor } }, order: [['id', 'ASC']], limit: PAGE_SIZE + 1 })
      ).map(asRecord);
      const items = found.slice(0, PAGE_SIZE);
      return { items, next: found.length > PAGE_SIZE ? items[items.length - 1]!.id : null };
    },
    delete: async (id) => {
      if ((await model.destroy({ where: { id } })) === 0) throw missing(id);
    },
  };
}

interface KyselySchema {
  item_kysely: Item;
}

function kyselySide(db: Kysely<KyselySchema>): Side {
  const table = 'item_kysely' as const;
  return {
    name: 'kysely',
    create: (item) => db.insertInto(table).values(item).execute(),
    get: (id) => db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst(),
    update: async (id, changes) => {
      const row = await db.updateTable(table).set(changes).where('id', '=', id).returningAll().executeTakeFirst();
      if (row === undefined) throw missing(id);
      return row;
    },
    upsert: (item) =>
      db
        .insertInto(table)
        .values(item)
        .onConflict((conflict) =>
          conflict.column('id').doUpdateSet((eb) => ({
            n: eb.ref('excluded.n'),
            name: eb.ref('excluded.name'),
            score: eb.ref('excluded.score'),
            code: eb.ref('excluded.code'),
          })),
        )
        .returningAll()
        .executeTakeFirst(),
    query: (min) => db.selectFrom(table).selectAll().where('n', '>=', min).orderBy('name').orderBy('id').limit(QUERY_LIMIT).execute(),
    count: async (min) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('n', '>=', min)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    page: async (cursor) => {
      let query = db.selectFrom(table).selectAll();
      if (cursor !== null) query = query.where('id', '>', cursor);
      const found = await query
        .orderBy('id')
        .limit(PAGE_SIZE + 1)
        .execute();
      const items = found.slice(0, PAGE_SIZE);
      return { items, next: found.length > PAGE_SIZE ? items[items.length - 1]!.id : null };
    },
    delete: async (id) => {
      const result = await db.deleteFrom(table).where('id', '=', id).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw missing(id);
    },
  };
}

/** The guard item key the ORM's DynamoDB backend writes for a `code` (table-design.ts `guardKey`). */
function guardKey(code: string): string {
  return `Item#code#${createHash('sha256')
    .update(JSON.stringify([code]))
    .digest('base64url')}`;
}

/**
 * The raw DynamoDB side: the same requests, with the same conditions, as DynamoDbBackend sends for
 * Item (one unique field, no references, no index): see the file header.
 */
function dynamoDbSide(client: DynamoDBClient, table: string, guardTable: string): Side {
  const encode = (item: Item): { [name: string]: AttributeValue } => ({
    id: { S: item.id },
    n: { N: String(item.n) },
    name: { S: item.name },
    score: item.score === null ? { NULL: true } : { N: String(item.score) },
    code: { S: item.code },
  });
  const decode = (a: { [name: string]: AttributeValue }): Item => ({
    id: a.id!.S!,
    n: Number(a.n!.N),
    name: a.name!.S!,
    score: a.score === undefined || a.score.NULL === true ? null : Number(a.score.N),
    code: a.code!.S!,
  });
  const claim = (item: Item): TransactWriteItem => ({
    Put: {
      TableName: guardTable,
      Item: {
        guard: { S: guardKey(item.code) },
        model: { S: 'Item' },
        fields: { S: 'code' },
        owner: { S: JSON.stringify({ id: item.id }) },
      },
      ConditionExpression: 'attribute_not_exists(#guard)',
      ExpressionAttributeNames: { '#guard': 'guard' },
    },
  });
  const read = async (id: string): Promise<Item | undefined> => {
    const { Item: found } = await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }));
    return found === undefined ? undefined : decode(found);
  };
  /** Every item, page by page (a Scan's Limit counts before the filter, so none is given). */
  const scan = async (input: ScanCommandInput, onPage: (items: { [name: string]: AttributeValue }[], count: number) => void) => {
    let start: { [name: string]: AttributeValue } | undefined;
    do {
      const output = await client.send(new ScanCommand({ ...input, ...(start !== undefined && { ExclusiveStartKey: start }) }));
      onPage(output.Items ?? [], output.Count ?? 0);
      start = output.LastEvaluatedKey;
    } while (start !== undefined);
  };
  const filter = (min: number) => ({
    FilterExpression: '#n0 >= :v0',
    ExpressionAttributeNames: { '#n0': 'n' },
    ExpressionAttributeValues: { ':v0': { N: String(min) } },
  });
  return {
    name: 'raw',
    create: (item) =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: encode(item),
                ConditionExpression: 'attribute_not_exists(#n0)',
                ExpressionAttributeNames: { '#n0': 'id' },
              },
            },
            claim(item),
          ],
        }),
      ),
    get: read,
    update: async (id, changes) => {
      const output = await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: { S: id } },
          UpdateExpression: 'SET #n0 = :v0, #n1 = :v1',
          ConditionExpression: 'attribute_exists(#n2)',
          ReturnValues: 'ALL_NEW',
          ExpressionAttributeNames: { '#n0': 'n', '#n1': 'score', '#n2': 'id' },
          ExpressionAttributeValues: {
            ':v0': { N: String(changes.n) },
            ':v1': changes.score === null ? { NULL: true } : { N: String(changes.score) },
          },
        }),
      );
      return decode(output.Attributes!);
    },
    upsert: async (item) => {
      const current = await read(item.id);
      if (current === undefined) {
        const put = {
          TableName: table,
          Item: encode(item),
          ConditionExpression: 'attribute_not_exists(#n0)',
          ExpressionAttributeNames: { '#n0': 'id' },
        };
        await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: put }, claim(item)] }));
        return item;
      }
      // Written only if its unique value is still the one read (and, as the ORM's, no reference revision appeared).
      const put = {
        TableName: table,
        Item: encode(item),
        ConditionExpression: 'attribute_exists(#n0) AND #n1 = :v0 AND attribute_not_exists(#n2)',
        ExpressionAttributeNames: { '#n0': 'id', '#n1': 'code', '#n2': '__refs' },
        ExpressionAttributeValues: { ':v0': { S: current.code } },
      };
      if (current.code === item.code) await client.send(new PutItemCommand(put));
      else {
        const release = { Delete: { TableName: guardTable, Key: { guard: { S: guardKey(current.code) } } } };
        await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: put }, release, claim(item)] }));
      }
      return item;
    },
    query: async (min) => {
      const rows: Item[] = [];
      await scan({ TableName: table, ConsistentRead: true, ...filter(min) }, (items) => rows.push(...items.map(decode)));
      return rows.sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id)).slice(0, QUERY_LIMIT);
    },
    count: async (min) => {
      let count = 0;
      await scan({ TableName: table, ConsistentRead: true, Select: 'COUNT', ...filter(min) }, (_items, counted) => (count += counted));
      return count;
    },
    page: async (cursor) => {
      const rows: Item[] = [];
      await scan({ TableName: table, ConsistentRead: true }, (items) => rows.push(...items.map(decode)));
      const found = rows
        .sort((a, b) => byText(a.id, b.id))
        .filter((row) => cursor === null || row.id > cursor)
        .slice(0, PAGE_SIZE + 1);
      const items = found.slice(0, PAGE_SIZE);
      return { items, next: found.length > PAGE_SIZE ? items[items.length - 1]!.id : null };
    },
    delete: async (id) => {
      const current = await read(id);
      if (current === undefined) throw missing(id);
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Delete: {
                TableName: table,
                Key: { id: { S: id } },
                ConditionExpression: 'attribute_exists(#n0) AND #n1 = :v0',
                ExpressionAttributeNames: { '#n0': 'id', '#n1': 'code' },
                ExpressionAttributeValues: { ':v0': { S: current.code } },
              },
            },
            { Delete: { TableName: guardTable, Key: { guard: { S: guardKey(current.code) } } } },
          ],
        }),
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The backends

function sqliteRun(db: sqlite3.Database) {
  return (sql: string, params: unknown[]): Promise<Item[]> =>
    new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as Item[]))));
}

function closeSqlite(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}

async function inmemory(): Promise<Setup> {
  const db = new Database(createInMemoryBackend());
  await db.sync(ItemModel);
  return { engine: 'in memory (a Map per table)', sides: [mapSide(), ormSide(db)], stop: () => db.close() };
}

async function sqlite(facts: { [name: string]: string | number }): Promise<Setup> {
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const orm = new Database(createSequelizeBackend(new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false })));
    stops.push(() => orm.close());
    await orm.sync(ItemModel);

    const raw = new sqlite3.Database(':memory:');
    stops.push(() => closeSqlite(raw));
    const run = sqliteRun(raw);
    for (const statement of ddl('sqlite', 'item_raw')) await run(statement, []);
    facts.sqlite = `SQLite ${(await run('SELECT sqlite_version() AS id', []))[0]!.id} (sqlite3 ${packageVersion('sqlite3')}), in memory`;

    const peer = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
    stops.push(() => peer.close());
    for (const statement of ddl('sqlite', 'item_sequelize')) await peer.query(statement);

    const kyselyDb = new sqlite3.Database(':memory:');
    const all = sqliteRun(kyselyDb);
    const kysely = new Kysely<KyselySchema>({
      dialect: new GenericSqliteDialect(() => ({
        db: kyselyDb,
        query: buildQueryFn({
          all: (sql, parameters) => all(sql, [...(parameters ?? [])]),
          run: (sql, parameters) =>
            new Promise((resolve, reject) =>
              kyselyDb.run(sql, [...(parameters ?? [])], function (this: sqlite3.RunResult, error: Error | null) {
                if (error) reject(error);
                else resolve({ insertId: parseBigInt(this.lastID), numAffectedRows: parseBigInt(this.changes) });
              }),
            ),
        }),
        close: () => closeSqlite(kyselyDb),
      })),
    });
    stops.push(() => kysely.destroy());
    for (const statement of ddl('sqlite', 'item_kysely')) await kysely.executeQuery(CompiledQuery.raw(statement));

    return {
      engine: facts.sqlite,
      sides: [sqlSide('item_raw', run, () => '?'), ormSide(orm), sequelizeSide(peer, 'item_sequelize', 'sqlite'), kyselySide(kysely)],
      stop: () => stopAll(stops),
    };
  } catch (error) {
    await stopAll(stops).catch(() => undefined);
    throw error;
  }
}

async function postgres(facts: { [name: string]: string | number }, prefix: string, checks: Checks): Promise<Setup> {
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const engine = await startPostgresEngine();
    stops.push(() => engine.stop());
    const serverUrl = engine.env.PARITY_POSTGRES_URL!;
    const database = `${prefix}_pg`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    // What is left is read right after the drop, while the server still runs (an embedded one stops next).
    let left: string[] | undefined;
    stops.push(async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
        left = rows.map((row) => row.datname);
      } finally {
        await admin.end();
      }
    });
    facts.postgres = `PostgreSQL ${(await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version} (pg ${packageVersion('pg')}), ${engine.description}`;
    checks.postgres = async () => left ?? [`the database ${database} (it could not be dropped)`];
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;

    // Stopped last added first: the connections end before the database is dropped.
    const closers = stops;
    const orm = new Database(
      createSequelizeBackend(new Sequelize(url.toString(), { dialect: 'postgres', logging: false, pool: { max: 1 } })),
    );
    closers.push(() => orm.close());
    await orm.sync(ItemModel);

    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    closers.push(() => client.end());
    const run = async (sql: string, params: unknown[]): Promise<Item[]> => (await client.query(sql, params)).rows as Item[];
    for (const statement of ddl('postgres', 'item_raw')) await run(statement, []);

    const peer = new Sequelize(url.toString(), { dialect: 'postgres', logging: false, pool: { max: 1 } });
    closers.push(() => peer.close());
    for (const statement of ddl('postgres', 'item_sequelize')) await peer.query(statement);

    const kysely = new Kysely<KyselySchema>({
      dialect: new PostgresDialect({ pool: new Pool({ connectionString: url.toString(), max: 1 }) }),
    });
    closers.push(() => kysely.destroy());
    for (const statement of ddl('postgres', 'item_kysely')) await kysely.executeQuery(CompiledQuery.raw(statement));

    return {
      engine: facts.postgres,
      sides: [
        sqlSide('item_raw', run, (i) => `$${i}`),
        ormSide(orm),
        sequelizeSide(peer, 'item_sequelize', 'postgres'),
        kyselySide(kysely),
      ],
      stop: () => stopAll(stops),
    };
  } catch (error) {
    await stopAll(stops).catch(() => undefined);
    throw error;
  }
}

async function dynamodb(facts: { [name: string]: string | number }, prefix: string, checks: Checks): Promise<Setup> {
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const given = process.env[ENDPOINT_VARIABLE];
    const engine = await startDynamoDbEngine();
    stops.push(() => engine.stop());
    if (given === undefined || given === '') startedPorts.push(new URL(engine.env[ENDPOINT_VARIABLE]!).port);
    facts.dynamodb = `${engine.description} (@aws-sdk/client-dynamodb ${packageVersion('@aws-sdk/client-dynamodb')})`;
    const clientConfig = { endpoint: engine.env[ENDPOINT_VARIABLE]!, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const client = new DynamoDBClient(clientConfig);
    const tables = async (): Promise<string[]> => {
      const found: string[] = [];
      let start: string | undefined;
      do {
        const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
        found.push(...(page.TableNames ?? []).filter((name) => name.startsWith(prefix)));
        start = page.LastEvaluatedTableName;
      } while (start !== undefined);
      return found;
    };
    stops.push(async () => {
      for (const name of await tables()) await client.send(new DeleteTableCommand({ TableName: name }));
      // Checked while the engine still runs (an engine this run started takes its tables with it anyway).
      const left = await tables();
      checks.dynamodb = async () => left;
      client.destroy();
    });

    // The ORM's own client (the backend never destroys a client it is given), so that its requests can be logged.
    const ormClient = new DynamoDBClient(clientConfig);
    stops.push(async () => ormClient.destroy());
    const orm = new Database(createDynamoDbBackend({ client: ormClient, tablePrefix: `${prefix}_orm_` }));
    stops.push(() => orm.close());
    await orm.sync(ItemModel);
    let recording = false;
    const ormRequests = recordRequests(ormClient, `${prefix}_orm_`, () => recording);
    const rawRequests = recordRequests(client, `${prefix}_raw_`, () => recording);
    const requests = {
      start: () => void (recording = true),
      difference: (): string | undefined => {
        recording = false;
        const at = Math.max(ormRequests.length, rawRequests.length);
        for (let i = 0; i < at; i += 1) {
          if (ormRequests[i] !== rawRequests[i]) return `request ${i + 1}: the ORM sent\n  ${ormRequests[i]}\nand raw\n  ${rawRequests[i]}`;
        }
        return undefined;
      },
    };

    const table = `${prefix}_raw_Item`;
    const guardTable = `${prefix}_raw__unique`;
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await client.send(
      new CreateTableCommand({
        TableName: guardTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'guard', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'guard', KeyType: 'HASH' }],
      }),
    );
    return { engine: facts.dynamodb, sides: [dynamoDbSide(client, table, guardTable), ormSide(orm)], requests, stop: () => stopAll(stops) };
  } catch (error) {
    await stopAll(stops).catch(() => undefined);
    throw error;
  }
}

/** Runs every stop, last added first, even after one fails; the first failure is thrown. */
async function stopAll(stops: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  while (stops.length > 0) await stops.pop()!().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** One round's numbers for one side and operation. */
interface RoundSample {
  /** Median µs per call. */
  medianUs: number;
  meanUs: number;
  calls: number;
}

interface Options {
  rows: number;
  rounds: number;
  queries: number;
  warmupRows: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function itemsOf(round: number, rows: number): Item[] {
  return Array.from({ length: rows }, (_, i) => ({
    id: `item-${round}-${String(i).padStart(6, '0')}`,
    n: i % 100,
    name: `name ${i % 37}`,
    score: i % 3 === 0 ? null : i / 7,
    code: `code-${round}-${i}`,
  }));
}

/** Each operation's calls for one side, timed one by one; `digest` takes what came back (to compare the sides). */
function work(
  side: Side,
  items: readonly Item[],
  queries: number,
  digest: (value: unknown) => void,
): { [op in Operation]: () => Promise<number[]> } {
  const each = async <T>(inputs: readonly T[], call: (input: T, i: number) => Promise<unknown>): Promise<number[]> => {
    const times: number[] = [];
    for (const [i, input] of inputs.entries()) {
      const started = process.hrtime.bigint();
      const result = await call(input, i);
      times.push(Number(process.hrtime.bigint() - started) / 1e3);
      digest(result);
    }
    return times;
  };
  const mins = Array.from({ length: queries }, (_, q) => (q * 7) % 100);
  return {
    create: () => each(items, (item) => side.create(item)),
    get: () => each(items, async (item) => (await side.get(item.id))?.id ?? missing(item.id).message),
    update: () => each(items, (item, i) => side.update(item.id, { n: (i * 7) % 100, score: i % 5 === 0 ? null : i / 3 })),
    upsert: () => each(items, (item, i) => side.upsert({ ...item, n: i % 100, name: `name ${(i * 3) % 37}`, score: i / 11 })),
    query: () => each(mins, async (min) => (await side.query(min)).map((row) => row.id).join(',')),
    count: () => each(mins, (min) => side.count(min)),
    page: async () => {
      const times: number[] = [];
      let cursor: string | null = null;
      do {
        const started = process.hrtime.bigint();
        const page: { items: readonly Record[]; next: string | null } = await side.page(cursor);
        times.push(Number(process.hrtime.bigint() - started) / 1e3);
        digest(page.items.map((row) => row.id).join(','));
        cursor = page.next;
      } while (cursor !== null);
      return times;
    },
    delete: () => each(items, (item) => side.delete(item.id)),
  };
}

type Samples = Map<SideName, Map<Operation, RoundSample[]>>;

async function bench(backend: BackendName, setup: Setup, options: Options): Promise<Samples> {
  const { sides } = setup;
  const samples: Samples = new Map(sides.map((side) => [side.name, new Map(OPERATIONS.map((op) => [op, []]))]));
  for (let round = 0; round <= options.rounds; round += 1) {
    const warmup = round === 0;
    if (warmup) setup.requests?.start();
    const items = itemsOf(round, warmup ? options.warmupRows : options.rows);
    const queries = warmup ? Math.min(options.queries, 10) : options.queries;
    // What each side got back for reads (records by id, counts); writes return nothing compared.
    const digests = new Map(sides.map((side) => [side.name, new Map(OPERATIONS.map((op) => [op, createHash('sha256')]))]));
    const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
    for (const op of OPERATIONS) {
      for (const side of order) {
        const hash = digests.get(side.name)!.get(op)!;
        const compared = ['get', 'query', 'count', 'page'].includes(op);
        const times = await work(side, items, queries, (value) => compared && hash.update(`${String(value)};`))[op]();
        if (!warmup) {
          samples
            .get(side.name)!
            .get(op)!
            .push({ medianUs: median(times), meanUs: times.reduce((a, b) => a + b, 0) / times.length, calls: times.length });
        }
      }
    }
    for (const op of ['get', 'query', 'count', 'page'] as const) {
      const [first, ...others] = sides.map((side) => ({ side: side.name, digest: digests.get(side.name)!.get(op)!.digest('hex') }));
      const different = others.filter((other) => other.digest !== first!.digest);
      if (different.length > 0) {
        throw new Error(`${backend} ${op}: ${different.map((d) => d.side).join(', ')} returned other records than ${first!.side}.`);
      }
    }
    const difference = warmup ? setup.requests?.difference() : undefined;
    if (difference !== undefined) throw new Error(`${backend}: the raw side does not send the ORM's requests: ${difference}`);
    process.stderr.write(warmup ? `  ${backend}: warm-up done\n` : `  ${backend}: round ${round}/${options.rounds} done\n`);
  }
  return samples;
}

interface Result {
  backend: BackendName;
  operation: Operation;
  side: SideName;
  /** Calls of the operation in a round. */
  calls: number;
  /** Median over the rounds of each round's median µs per call. */
  medianUs: number;
  minUs: number;
  maxUs: number;
  /** Median over the rounds of (this side's round median / raw's); 1 for raw. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  rounds: RoundSample[];
}

function summarize(backend: BackendName, samples: Samples): Result[] {
  const results: Result[] = [];
  const raw = samples.get('raw')!;
  for (const op of OPERATIONS) {
    for (const side of SIDES) {
      const rounds = samples.get(side)?.get(op);
      if (rounds === undefined) continue;
      const medians = rounds.map((r) => r.medianUs);
      const ratios = rounds.map((r, i) => r.medianUs / raw.get(op)![i]!.medianUs);
      results.push({
        backend,
        operation: op,
        side,
        calls: rounds[0]!.calls,
        medianUs: median(medians),
        minUs: Math.min(...medians),
        maxUs: Math.max(...medians),
        ratio: median(ratios),
        ratioMin: Math.min(...ratios),
        ratioMax: Math.max(...ratios),
        rounds,
      });
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Reporting

function us(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** One table per backend: a row per operation, µs per call (min–max over rounds) and ×raw per side. */
function tableRows(results: readonly Result[], backend: BackendName): string[][] {
  const sides = SIDES.filter((side) => results.some((r) => r.backend === backend && r.side === side));
  const header = ['operation', 'calls', ...sides.flatMap((side) => (side === 'raw' ? ['raw µs'] : [`${side} µs`, `${side}/raw`]))];
  const rows = OPERATIONS.map((op) => {
    const of = (side: SideName): Result => results.find((r) => r.backend === backend && r.operation === op && r.side === side)!;
    return [
      op,
      String(of('raw').calls),
      ...sides.flatMap((side) => {
        const r = of(side);
        const time = `${us(r.medianUs)} (${us(r.minUs)}–${us(r.maxUs)})`;
        return side === 'raw' ? [time] : [time, `${r.ratio.toFixed(2)} (${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)})`];
      }),
    ];
  });
  return [header, ...rows];
}

function textTable(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

function markdownTable(rows: readonly string[][]): string {
  const [header, ...body] = rows;
  return [header!, header!.map((_, i) => (i === 0 ? '---' : '---:')), ...body].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

const COLORS: { [side in SideName]: string } = { raw: '#888888', orm: '#2a6fdb', sequelize: '#d9822b', kysely: '#2b9e5a' };

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A bar chart of the ratios to raw, per backend and operation, on a log scale (inline SVG). */
function chart(results: readonly Result[], backends: readonly BackendName[]): string {
  const bars = results.filter((r) => r.side !== 'raw');
  const max = Math.max(2, ...bars.map((r) => r.ratioMax));
  const min = Math.min(0.5, ...bars.map((r) => r.ratioMin));
  const left = 170;
  const width = 620;
  const barHeight = 9;
  const x = (ratio: number): number => left + (Math.log(ratio / min) / Math.log(max / min)) * width;
  const ticks: number[] = [];
  for (let t = 2 ** Math.ceil(Math.log2(min)); t <= max; t *= 2) ticks.push(t);
  const parts: string[] = [];
  let y = 30;
  for (const backend of backends) {
    parts.push(`<text x="0" y="${y + 12}" class="backend">${backend}</text>`);
    y += 22;
    for (const op of OPERATIONS) {
      const these = bars.filter((r) => r.backend === backend && r.operation === op);
      if (these.length === 0) continue;
      parts.push(`<text x="${left - 8}" y="${y + (these.length * barHeight) / 2 + 4}" text-anchor="end">${op}</text>`);
      for (const r of these) {
        const x0 = x(Math.min(1, r.ratio));
        const x1 = x(Math.max(1, r.ratio));
        parts.push(
          `<rect x="${x0.toFixed(1)}" y="${y}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${barHeight - 1}" fill="${COLORS[r.side]}">` +
            `<title>${backend} ${op} ${r.side}/raw ${r.ratio.toFixed(2)} (rounds ${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)})</title></rect>`,
          `<line x1="${x(r.ratioMin).toFixed(1)}" x2="${x(r.ratioMax).toFixed(1)}" y1="${y + barHeight / 2}" y2="${y + barHeight / 2}" stroke="#222" stroke-width="1"/>`,
          `<text x="${(x1 + 4).toFixed(1)}" y="${y + barHeight - 1}" class="value">${r.ratio.toFixed(2)}</text>`,
        );
        y += barHeight;
      }
      y += 6;
    }
    y += 10;
  }
  const axis = ticks.map(
    (t) =>
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="20" y2="${y}" stroke="${t === 1 ? '#000' : '#ddd'}"/>` +
      `<text x="${x(t).toFixed(1)}" y="14" text-anchor="middle">${t >= 1 ? `${t}×` : `${t}×`}</text>`,
  );
  const legend = SIDES.filter((side) => side !== 'raw' && bars.some((r) => r.side === side)).map(
    (side, i) =>
      `<rect x="${left + i * 130}" y="${y + 6}" width="12" height="12" fill="${COLORS[side]}"/><text x="${left + i * 130 + 18}" y="${y + 16}">${side} / raw</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 60}" height="${y + 30}" role="img" aria-label="time relative to the raw driver">` +
    `<style>text{font:11px sans-serif}.backend{font-weight:bold;font-size:13px}.value{font-size:9px}</style>` +
    [...axis, ...parts, ...legend].join('\n') +
    `</svg>`
  );
}

function html(results: readonly Result[], backends: readonly BackendName[], machine: object, options: Options): string {
  const tables = backends.map((backend) => {
    const [header, ...body] = tableRows(results, backend);
    return (
      `<h3>${backend}</h3><table><tr>${header!.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>` +
      body.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('') +
      `</table>`
    );
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parity ORM: cost over the raw driver</title>
<style>body{font:14px sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}pre{background:#f4f4f4;padding:.5em}</style>
</head><body>
<h1>Cost over the raw driver</h1>
<p>Time per call relative to the raw driver doing the same work (1× = as fast as raw; log scale), per operation and backend:
median over ${options.rounds} round(s) of ${options.rows} rows, the whisker the spread over the rounds.</p>
${chart(results, backends)}
<h2>Median µs per call (min–max over rounds), and ratio to raw (median of per-round ratios, min–max)</h2>
${tables.join('\n')}
<h2>Machine</h2><pre>${escapeHtml(JSON.stringify(machine, null, 2))}</pre>
</body></html>
`;
}

type Checks = { [what: string]: () => Promise<string[]> };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string', default: BACKENDS.join(',') },
      rows: { type: 'string' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join('reports', 'bench') },
    },
  });
  const rows = Number(values.rows ?? (values.quick ? 50 : 2000));
  const rounds = Number(values.rounds ?? (values.quick ? 1 : 5));
  for (const [name, value] of Object.entries({ rows, rounds })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1, not ${String(value)}.`);
  }
  const options: Options = {
    rows,
    rounds,
    queries: Math.max(10, Math.floor(rows / 20)),
    warmupRows: values.quick ? 5 : Math.min(rows, 200),
  };
  const backends = values.backends
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => {
      if (!(BACKENDS as readonly string[]).includes(name)) throw new Error(`--backends: ${name} is not one of ${BACKENDS.join(', ')}.`);
      return name as BackendName;
    });
  const out = path.resolve(values.out);
  const prefix = `parity_test_bench_${randomBytes(4).toString('hex')}`;
  const machine: { [name: string]: string | number } = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    sequelize: packageVersion('sequelize'),
    kysely: `${packageVersion('kysely')} (kysely-generic-sqlite ${packageVersion('kysely-generic-sqlite')})`,
  };
  console.log(
    `Cost over the raw driver: ${rows} rows, ${options.queries} queries and counts, pages of ${PAGE_SIZE}, ${rounds} round(s) after an untimed ` +
      `warm-up of ${options.warmupRows} rows, on ${backends.join(', ')}.`,
  );
  const results: Result[] = [];
  const checks: Checks = {};
  for (const backend of backends) {
    const setup =
      backend === 'inmemory'
        ? await inmemory()
        : backend === 'sqlite'
          ? await sqlite(machine)
          : backend === 'postgres'
            ? await postgres(machine, prefix, checks)
            : await dynamodb(machine, prefix, checks);
    try {
      console.log(`  ${backend}: ${setup.engine}`);
      results.push(...summarize(backend, await bench(backend, setup, options)));
    } finally {
      await setup.stop();
    }
  }
  machine.loadAverageAtEnd = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

  const leftBehind: { [what: string]: string[] } = {};
  for (const [what, check] of Object.entries(checks)) leftBehind[what] = await check();
  const processes = dynamoDbLocalProcesses();
  if (processes !== undefined) leftBehind.dynamoDbLocalProcesses = processes;

  console.log('');
  for (const backend of backends) console.log(`${backend} (${rows} rows, ${rounds} rounds)\n${textTable(tableRows(results, backend))}\n`);
  console.log(
    "µs per call: median over the rounds of each round's median (min–max over the rounds); side/raw: median of the per-round ratios (min–max).",
  );
  mkdirSync(out, { recursive: true });
  const markdown = backends.map((backend) => `**${backend}**\n\n${markdownTable(tableRows(results, backend))}`).join('\n\n');
  writeFileSync(
    path.join(out, 'results.json'),
    `${JSON.stringify({ machine, options: { ...options, pageSize: PAGE_SIZE, queryLimit: QUERY_LIMIT, backends }, results, markdown, leftBehind }, null, 2)}\n`,
  );
  writeFileSync(path.join(out, 'index.html'), html(results, backends, machine, options));
  console.log(
    `Written: ${path.relative(process.cwd(), path.join(out, 'results.json'))}, ${path.relative(process.cwd(), path.join(out, 'index.html'))}.`,
  );
  const left = Object.entries(leftBehind).filter(([, names]) => names.length > 0);
  console.log(
    `Left behind by this run: ${left.length === 0 ? 'nothing' : left.map(([what, names]) => `${what}: ${names.join(', ')}`).join('; ')}` +
      ` (checked: ${Object.keys(leftBehind).join(', ') || 'nothing to check'}).`,
  );
  if (left.length > 0) throw new Error(`The bench left ${left.map(([what]) => what).join(', ')} behind.`);
}

/** DynamoDB Local processes still running with this run's tables' engine (Linux: from /proc; elsewhere not checked). */
function dynamoDbLocalProcesses(): string[] | undefined {
  if (startedPorts.length === 0) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  return pids.filter((pid) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      return command.includes('DynamoDBLocal') && startedPorts.some((port) => new RegExp(`-port ${port}(\\s|$)`).test(command));
    } catch {
      return false;
    }
  });
}

/** Ports of the DynamoDB Local engines this run started (none when PARITY_DYNAMODB_ENDPOINT was given). */
const startedPorts: string[] = [];

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/*
 * How much the ORM costs over the raw driver, on the same engine, in one run: the same inserts,
 * key reads and filtered, ordered queries through Parity ORM (Sequelize backend) and through
 * sqlite3 / node-postgres directly. Prints the ratio ORM time / raw time per operation.
 *
 *   npm run bench                        # SQLite in memory, and PostgreSQL (PARITY_POSTGRES_URL or embedded)
 *   npm run bench -- --rows 5000 --only sqlite
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { Sequelize } from 'sequelize';
import sqlite3 from 'sqlite3';
import { Database, defineModel, field } from '../src';
import { startPostgresEngine } from '../src/drivers/postgres/engine';
import { createSequelizeBackend } from '../src/orm/backends/sequelize';

const Item = defineModel('Item', {
  id: field.string({ primaryKey: true }),
  n: field.integer(),
  name: field.string(),
  score: field.float({ nullable: true }),
});

interface Raw {
  run(sql: string, params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

interface Timings {
  insert: number;
  get: number;
  query: number;
}

const { values: options } = parseArgs({ options: { rows: { type: 'string', default: '2000' }, only: { type: 'string' } } });
const rows = Number(options.rows);
const queries = Math.max(Math.floor(rows / 10), 10);
const ids = Array.from({ length: rows }, (_, i) => `item-${String(i).padStart(6, '0')}`);
/** Rows written and read first, untimed, so both paths are measured warm (JIT, caches, connections). */
const warmup = Array.from({ length: 300 }, (_, i) => `warm-${i}`);

async function time(action: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function viaOrm(sequelize: Sequelize): Promise<Timings> {
  const db = new Database(createSequelizeBackend(sequelize));
  const items = db.repository(Item);
  await db.sync(Item);
  for (const [i, id] of warmup.entries()) {
    await items.create({ id, n: i % 100, name: 'warm', score: null });
    await items.get(id);
    await items
      .filter({ n__gte: i % 100 })
      .orderBy('name')
      .limit(20)
      .all();
  }
  return {
    insert: await time(async () => {
      for (const [i, id] of ids.entries())
        await items.create({ id, n: i % 100, name: `name ${i % 37}`, score: i % 3 === 0 ? null : i / 7 });
    }),
    get: await time(async () => {
      for (const id of ids) await items.get(id);
    }),
    query: await time(async () => {
      for (let i = 0; i < queries; i += 1)
        await items
          .filter({ n__gte: i % 100 })
          .orderBy('name')
          .limit(20)
          .all();
    }),
  };
}

async function viaRaw(raw: Raw, placeholder: (i: number) => string): Promise<Timings> {
  const p = placeholder;
  for (const [i, id] of warmup.entries()) {
    await raw.run(`INSERT INTO "Item" ("id", "n", "name", "score") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`, [
      id,
      i % 100,
      'warm',
      null,
    ]);
    await raw.run(`SELECT "id", "n", "name", "score" FROM "Item" WHERE "id" = ${p(1)}`, [id]);
    await raw.run(`SELECT "id", "n", "name", "score" FROM "Item" WHERE "n" >= ${p(1)} ORDER BY "name", "id" LIMIT 20`, [i % 100]);
  }
  return {
    insert: await time(async () => {
      for (const [i, id] of ids.entries()) {
        await raw.run(`INSERT INTO "Item" ("id", "n", "name", "score") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`, [
          id,
          i % 100,
          `name ${i % 37}`,
          i % 3 === 0 ? null : i / 7,
        ]);
      }
    }),
    get: await time(async () => {
      for (const id of ids) await raw.run(`SELECT "id", "n", "name", "score" FROM "Item" WHERE "id" = ${p(1)}`, [id]);
    }),
    query: await time(async () => {
      for (let i = 0; i < queries; i += 1) {
        await raw.run(`SELECT "id", "n", "name", "score" FROM "Item" WHERE "n" >= ${p(1)} ORDER BY "name", "id" LIMIT 20`, [i % 100]);
      }
    }),
  };
}

function report(engine: string, orm: Timings, raw: Timings): void {
  const counts: Record<keyof Timings, number> = { insert: rows, get: rows, query: queries };
  console.log(`\n${engine}: ${rows} rows`);
  console.log('operation  count   raw ms   orm ms   orm/raw');
  for (const op of ['insert', 'get', 'query'] as const) {
    console.log(
      `${op.padEnd(9)} ${String(counts[op]).padStart(6)} ${raw[op].toFixed(0).padStart(8)} ${orm[op].toFixed(0).padStart(8)} ${(orm[op] / raw[op]).toFixed(2).padStart(9)}`,
    );
  }
}

async function sqlite(): Promise<void> {
  const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
  const orm = await viaOrm(sequelize);
  await sequelize.close();
  const db = new sqlite3.Database(':memory:');
  const raw: Raw = {
    run: (sql, params) =>
      new Promise((resolve, reject) => db.all(sql, params, (error, result) => (error ? reject(error) : resolve(result)))),
    close: () => new Promise((resolve) => db.close(() => resolve())),
  };
  await raw.run('CREATE TABLE "Item" ("id" TEXT PRIMARY KEY NOT NULL, "n" INTEGER NOT NULL, "name" TEXT NOT NULL, "score" REAL)', []);
  report('SQLite (in memory)', orm, await viaRaw(raw, () => '?'));
  await raw.close();
}

async function postgres(): Promise<void> {
  const engine = await startPostgresEngine();
  const url = new URL(engine.env.PARITY_POSTGRES_URL as string);
  const database = `parity_test_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  url.pathname = `/${database}`;
  try {
    const sequelize = new Sequelize(url.toString(), { dialect: 'postgres', logging: false, pool: { max: 1 } });
    const orm = await viaOrm(sequelize);
    await sequelize.query('DELETE FROM "Item"');
    await sequelize.close();
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    const raw: Raw = { run: async (sql, params) => (await client.query(sql, params)).rows, close: () => client.end() };
    report(`PostgreSQL (${engine.description})`, orm, await viaRaw(raw, (i) => `$${i}`));
    await raw.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    await engine.stop();
  }
}

void (async () => {
  if (options.only === undefined || options.only === 'sqlite') await sqlite();
  if (options.only === undefined || options.only === 'postgres') await postgres();
})().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

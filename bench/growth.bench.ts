/*
 * How the cost of reads grows with the data (issue 15, part 3), per backend, through the ORM: a
 * key read, a filtered query with a limit, a filtered count and a walk of the first pages, at
 * 1,000, 10,000 and 100,000 stored rows (DynamoDB Local at 1,000 and 10,000). The rows are loaded
 * with the engine's own bulk path (multi-row INSERT, BatchWriteItem, the in-memory backend's
 * insert), since only the reads are measured. The model is indexed on the field the query and the
 * count filter by, as a team would index what it looks up.
 *
 *   npm run bench:growth                              # every backend
 *   npm run bench:growth -- --backends sqlite,postgres --sizes 1000,10000
 *
 * PostgreSQL is the server PARITY_POSTGRES_URL names, else an embedded one; DynamoDB the endpoint
 * PARITY_DYNAMODB_ENDPOINT names, else DynamoDB Local. Everything made is dropped at the end.
 */
import { BatchWriteItemCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Sequelize } from 'sequelize';
import { Database, defineModel, field, type Backend } from '../src';
import { ENDPOINT_VARIABLE, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbEngine } from '../src/drivers/dynamodb/engine';
import { startPostgresEngine } from '../src/drivers/postgres/engine';
import type { StartedEngine } from '../src/drivers/driver';
import { createDynamoDbBackend } from '../src/orm/backends/dynamodb';
import { designTable, encodeItem } from '../src/orm/backends/dynamodb/table-design';
import { InMemoryBackend } from '../src/orm/backends/inmemory';
import { createSequelizeBackend } from '../src/orm/backends/sequelize';
import { backendNames } from '../src/backend-names';
import { median } from './measure';

const Item = defineModel('Item', {
  id: field.string({ primaryKey: true }),
  n: field.integer({ index: true }),
  name: field.string(),
  score: field.float({ nullable: true }),
});

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'inmemory,sqlite,postgres,dynamodb' },
    sizes: { type: 'string', default: '1000,10000,100000' },
    repeat: { type: 'string', default: '200' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const REPEAT = Number(values.repeat);
/** The query and the count select one value of `n`, held by one row in a hundred. */
const GROUPS = 100;
const PAGE = 50;
const PAGES = 5;

const idOf = (i: number): string => `item-${String(i).padStart(7, '0')}`;
const rowOf = (i: number) => ({ id: idOf(i), n: i % GROUPS, name: `name ${i % 37}`, score: i % 3 === 0 ? null : i / 7 });

async function timed(times: number, action: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, times); i += 1) await action(i); // warm
  const each: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = process.hrtime.bigint();
    await action(i);
    each.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
  return median(each);
}

/** One backend under test: its ORM backend, a bulk loader of rows `from`..`to`, and what to drop. */
interface Subject {
  readonly backend: Backend;
  load(from: number, to: number): Promise<void>;
  close(): Promise<void>;
}

async function sqlSubject(sequelize: Sequelize, table: string): Promise<Subject> {
  const backend = createSequelizeBackend(sequelize, { tableName: () => table });
  await new Database(backend).sync(Item);
  const postgres = sequelize.getDialect() === 'postgres';
  return {
    backend,
    async load(from, to) {
      for (let start = from; start < to; start += 500) {
        const rows = Array.from({ length: Math.min(500, to - start) }, (_, k) => rowOf(start + k));
        const bind = rows.flatMap((r) => [r.id, r.n, r.name, r.score]);
        const values = rows.map((_, k) => `($${4 * k + 1}, $${4 * k + 2}, $${4 * k + 3}, $${4 * k + 4})`).join(', ');
        await sequelize.query(`INSERT INTO "${table}" ("id", "n", "name", "score") VALUES ${values}`, { bind });
      }
      if (postgres) await sequelize.query(`ANALYZE "${table}"`);
    },
    async close() {
      await sequelize.query(`DROP TABLE IF EXISTS "${table}"`);
      await sequelize.close();
    },
  };
}

async function dynamoSubject(engine: StartedEngine): Promise<Subject> {
  const client = new DynamoDBClient({ endpoint: engine.env[ENDPOINT_VARIABLE], region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const prefix = `parity_test_growth_${randomBytes(3).toString('hex')}_`;
  const backend = createDynamoDbBackend({ client, tablePrefix: prefix });
  await new Database(backend).sync(Item);
  const design = designTable(Item, prefix);
  return {
    backend,
    async load(from, to) {
      for (let start = from; start < to; start += 25) {
        const requests = Array.from({ length: Math.min(25, to - start) }, (_, k) => ({
          PutRequest: { Item: encodeItem(design, rowOf(start + k)) },
        }));
        let pending: Record<string, typeof requests> = { [design.tableName]: requests };
        while (Object.keys(pending).length > 0) {
          const output = await client.send(new BatchWriteItemCommand({ RequestItems: pending }));
          pending = (output.UnprocessedItems ?? {}) as typeof pending;
        }
      }
    },
    async close() {
      for (const table of backend.tablesCreated()) await client.send(new DeleteTableCommand({ TableName: table }));
      client.destroy();
    },
  };
}

function memorySubject(): Subject {
  const backend = new InMemoryBackend();
  return {
    backend,
    async load(from, to) {
      await backend.sync([Item]);
      for (let i = from; i < to; i += 1) await backend.insert(Item, rowOf(i));
    },
    async close() {
      await backend.close();
    },
  };
}

type Measured = Record<string, number>;

async function measure(subject: Subject, size: number): Promise<Measured> {
  const items = new Database(subject.backend).repository(Item);
  const key = (i: number): string => idOf((i * 7919) % size);
  return {
    get: await timed(REPEAT, (i) => items.get({ id: key(i) })),
    'query (filter, order, limit 20)': await timed(REPEAT, (i) =>
      items
        .filter({ n: i % GROUPS })
        .orderBy('name')
        .limit(20)
        .all(),
    ),
    'count (filter)': await timed(Math.max(20, REPEAT / 4), (i) => items.filter({ n: i % GROUPS }).count()),
    [`first ${PAGES} pages of ${PAGE}`]: await timed(Math.max(10, REPEAT / 10), async () => {
      let cursor: string | null = null;
      for (let p = 0; p < PAGES; p += 1) {
        const page = await items.query().page(PAGE, cursor);
        cursor = page.nextCursor;
      }
    }),
  };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}\n`);
  const results: { backend: string; size: number; measured: Measured }[] = [];
  const engines: StartedEngine[] = [];
  try {
    for (const backend of backendNames(values.backends)) {
      let subject: Subject;
      if (backend === 'inmemory') subject = memorySubject();
      else if (backend === 'sqlite')
        subject = await sqlSubject(new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false }), 'Item');
      else if (backend === 'postgres') {
        let url = process.env.PARITY_POSTGRES_URL;
        if (!url) {
          const engine = await startPostgresEngine();
          engines.push(engine);
          url = engine.env.PARITY_POSTGRES_URL!;
        }
        subject = await sqlSubject(
          new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 1 } }),
          `parity_test_growth_${randomBytes(3).toString('hex')}`,
        );
      } else if (backend === 'dynamodb') {
        const engine = process.env.PARITY_DYNAMODB_ENDPOINT
          ? { env: { [ENDPOINT_VARIABLE]: process.env.PARITY_DYNAMODB_ENDPOINT }, description: 'given', stop: async () => {} }
          : await startDynamoDbEngine();
        engines.push(engine);
        subject = await dynamoSubject(engine);
      } else throw new Error(`bench:growth measures inmemory, sqlite, postgres and dynamodb, not ${backend}.`);
      try {
        let loaded = 0;
        for (const size of SIZES) {
          if (backend === 'dynamodb' && size > 10_000) continue; // DynamoDB Local at 1,000 and 10,000 is enough
          await subject.load(loaded, size);
          loaded = size;
          results.push({ backend, size, measured: await measure(subject, size) });
          process.stderr.write(`  ${backend}: ${size} rows measured\n`);
        }
      } finally {
        await subject.close();
      }
    }
  } finally {
    for (const engine of engines) await engine.stop();
  }
  const operations = Object.keys(results[0]?.measured ?? {});
  const header = ['backend', 'operation', ...SIZES.map((s) => `${s.toLocaleString('en')} rows (µs)`), 'largest / smallest'];
  const rows = [...new Set(results.map((r) => r.backend))].flatMap((backend) =>
    operations.map((operation) => {
      const of = results.filter((r) => r.backend === backend);
      const cells = SIZES.map((size) => of.find((r) => r.size === size)?.measured[operation]);
      const known = cells.filter((c): c is number => c !== undefined);
      return [backend, operation, ...cells.map((c) => (c === undefined ? '—' : c.toFixed(0))), (known.at(-1)! / known[0]!).toFixed(2)];
    }),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows])
    console.log(row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  console.log(`\nMedian of ${REPEAT} calls each (counts and page walks fewer), after a warm-up.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { rejection } from '../../../../test/expect-rejection';
import { Database } from '../../database';
import { DuplicateKeyError } from '../../errors';
import { field } from '../../fields';
import { defineModel } from '../../model';
import { createInMemoryBackend } from '../inmemory';
import { binaryParts } from './dialects';
import { createSequelizeBackend } from './index';

/*
 * Engine limits that must not change results, on the real engines: text longer than a PostgreSQL
 * btree entry (about 2.7 KB) in unique constraints and indexes, `__in` lists longer than either
 * engine's bind-parameter limit, and more exclusions than SQLite's expression depth. Each query is
 * checked against the in-memory reference backend.
 */

const Sample = defineModel(
  'Sample',
  {
    id: field.integer({ primaryKey: true }),
    text: field.string({ unique: true }),
    topic: field.string({ index: true }),
    edition: field.integer({ nullable: true }),
    heading: field.string({ nullable: true }),
    weight: field.float({ nullable: true }),
    at: field.datetime({ nullable: true }),
    flag: field.boolean({ nullable: true }),
    extra: field.json({ nullable: true, index: true }),
  },
  { unique: [['edition', 'heading', 'weight', 'at', 'flag']] },
);

/** Text that no compression shrinks below a btree entry's limit. */
function longText(): string {
  return randomBytes(3000).toString('hex');
}

/** Doubles (in the contract's float range) whose decimal text SQLite 3.44.2's own conversion rounds to a neighbour, and the range's edges. */
const hardFloats = [
  6.64e27,
  -2.822086361019976e-111,
  3.7e47,
  4.71673960344e-36,
  -8.1128e-87,
  -2.4446248e-93,
  2.526e-95,
  -1.982814769399e97,
  1e-130,
  9.99e125,
  0.1,
  1 / 3,
];

function engines(): { name: string; open: () => Promise<{ sequelize: Sequelize; drop: () => Promise<void> }> }[] {
  const list = [
    {
      name: 'SQLite',
      open: async () => {
        const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
        return { sequelize, drop: async () => undefined };
      },
    },
  ];
  if (spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0) {
    list.push({
      name: 'PostgreSQL (the machine’s server)',
      open: async () => {
        const database = `parity_test_backend_${process.pid}_${randomBytes(3).toString('hex')}`;
        const admin = new Sequelize('postgres://postgres@127.0.0.1:5432/postgres', {
          dialect: 'postgres',
          logging: false,
          pool: { max: 1 },
        });
        await admin.query(`CREATE DATABASE "${database}"`);
        const sequelize = new Sequelize(`postgres://postgres@127.0.0.1:5432/${database}`, { dialect: 'postgres', logging: false });
        return {
          sequelize,
          drop: async () => {
            await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
            await admin.close();
          },
        };
      },
    });
  }
  return list;
}

describe('the Sequelize backend at engine limits (real engines, checked against the reference)', function () {
  this.timeout(120_000);

  it('binaryParts writes every double as exact integers m * 2^e', () => {
    for (const x of [...hardFloats, -0.5, 1, 9007199254740991, 5e-324, -1.5e-320, 1.7976931348623157e308]) {
      const [m, e] = binaryParts(x);
      expect(Number.isSafeInteger(m)).to.equal(true);
      expect(e).to.be.within(-1074, 971);
      expect(m * 2 ** e).to.equal(x);
    }
  });

  for (const engine of engines()) {
    describe(engine.name, () => {
      let sql: Database;
      let reference: Database;
      let drop: () => Promise<void>;

      before(async () => {
        const opened = await engine.open();
        drop = opened.drop;
        sql = new Database(createSequelizeBackend(opened.sequelize));
        reference = new Database(createInMemoryBackend());
        await sql.sync(Sample);
        await reference.sync(Sample);
      });
      after(async () => {
        await sql?.close();
        await drop?.();
      });

      async function both(run: (db: Database) => Promise<unknown>): Promise<void> {
        const expected = await run(reference);
        expect(await run(sql)).to.deep.equal(expected);
      }

      const texts = Array.from({ length: 3 }, longText);
      const stamp = new Date('2024-05-06T07:08:09.123Z');

      it('stores long unique and indexed text, and refuses a long duplicate with a DuplicateKeyError', async () => {
        for (const db of [reference, sql]) {
          const samples = db.repository(Sample);
          await samples.create({ id: 1, text: texts[0] as string, topic: texts[1] as string, edition: 1, heading: texts[2] as string });
          await samples.create({ id: 2, text: texts[1] as string, topic: texts[1] as string, edition: 2, heading: texts[2] as string });
          const error = await rejection(samples.create({ id: 3, text: texts[0] as string, topic: 'x' }), DuplicateKeyError);
          expect(error.fields).to.deep.equal(['text']);
        }
        await both((db) => db.repository(Sample).filter({ topic: texts[1] }).count());
      });

      it('enforces a composite unique over long text and every other kind, and ignores rows with a null in it', async () => {
        for (const db of [reference, sql]) {
          const samples = db.repository(Sample);
          const composite = { edition: 7, heading: texts[0] as string, weight: 0.1, at: stamp, flag: true };
          await samples.create({ id: 10, text: 'a', topic: 't', ...composite });
          const error = await rejection(samples.create({ id: 11, text: 'b', topic: 't', ...composite }), DuplicateKeyError);
          expect(error.fields).to.deep.equal(['edition', 'heading', 'weight', 'at', 'flag']);
          await samples.create({ id: 12, text: 'c', topic: 't', ...composite, flag: false });
          await samples.create({ id: 13, text: 'd', topic: 't', ...composite, weight: 0.30000000000000004 });
          await samples.create({ id: 14, text: 'e', topic: 't', ...composite, at: new Date(stamp.getTime() + 1) });
          await samples.create({ id: 15, text: 'f', topic: 't', ...composite, heading: `${texts[0]}!` });
          await samples.create({ id: 16, text: 'g', topic: 't', ...composite, flag: null });
          await samples.create({ id: 17, text: 'h', topic: 't', ...composite, flag: null });
        }
        await both((db) => db.repository(Sample).filter({ edition: 7 }).orderBy('id').all());
      });

      it('answers __in lists longer than any bind-parameter limit, of every kind', async () => {
        for (const db of [reference, sql]) {
          const samples = db.repository(Sample);
          for (const [i, weight] of hardFloats.entries()) {
            await samples.create({ id: 100 + i, text: `w${i}`, topic: 'w', weight, at: new Date(stamp.getTime() + i), flag: i % 2 === 0 });
          }
        }
        const many = 70_000;
        const ids = Array.from({ length: many }, (_, i) => i * 3);
        await both((db) => db.repository(Sample).filter({ id__in: ids }).orderBy('id').all());
        await both((db) => db.repository(Sample).query().exclude({ id__in: ids }).count());
        const strings = Array.from({ length: many }, (_, i) => `w${i}`);
        await both((db) => db.repository(Sample).filter({ text__in: strings }).count());
        const weights = [...Array.from({ length: many }, (_, i) => i / 7), ...hardFloats.filter((_, i) => i % 2 === 1)];
        await both((db) => db.repository(Sample).filter({ weight__in: weights }).orderBy('id').all());
        await both((db) => db.repository(Sample).filter({ weight__in: hardFloats }).count());
        const times = Array.from({ length: many }, (_, i) => new Date(stamp.getTime() + 2 * i));
        await both((db) => db.repository(Sample).filter({ at__in: times }).orderBy('id').all());
        await both((db) =>
          db
            .repository(Sample)
            .filter({ flag__in: [false] })
            .orderBy('id')
            .all(),
        );
      });

      it('answers a query with thousands of exclusions', async () => {
        await both((db) => {
          let query = db.repository(Sample).query();
          for (let i = 0; i < 3000; i += 1) query = query.exclude({ id: i * 2 });
          return query.orderBy('-id').all();
        });
      });
    });
  }
});

import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { specModels, tenantModels } from '../../features/models';
import { Database } from '../orm';
import { createSequelizeBackend } from '../orm/backends/sequelize';
import { schemaDifferences, schemaOf, type Schema } from './schema';
import { readSqlSchema } from './sql-catalog';

/*
 * The drift check's reader on the real engines: the schema the Sequelize backend creates reads
 * back exactly as the models need it, and each planted change reads back as its one line.
 */

const models = [...specModels, ...tenantModels];
const expected = schemaOf(models);

/** One engine: a synced store to plant a change in and read back. */
interface Engine {
  readonly name: string;
  /** The schema read after `plant` ran on a freshly synced store (or one whose change is rolled back afterwards). */
  drifted(plant: (sql: Plant) => Promise<void>): Promise<Schema>;
  close(): Promise<void>;
}

/** Runs a statement in the store being drifted; `rewrite` recreates a SQLite table from its edited CREATE TABLE (SQLite alters little). */
interface Plant {
  run(sql: string): Promise<void>;
  rewrite(table: string, from: string, to: string): Promise<void>;
}

async function synced(sequelize: Sequelize): Promise<void> {
  await new Database(createSequelizeBackend(sequelize)).sync(...models);
}

function sqlite(): Engine {
  return {
    name: 'SQLite in memory',
    async drifted(plant) {
      const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
      try {
        await synced(sequelize);
        const run = async (sql: string): Promise<void> => void (await sequelize.query(sql));
        await plant({
          run,
          async rewrite(table, from, to) {
            const [rows] = (await sequelize.query('SELECT type, sql FROM sqlite_master WHERE tbl_name = $1 AND sql IS NOT NULL', {
              bind: [table],
            })) as [{ type: string; sql: string }[], unknown];
            const create = rows.find((r) => r.type === 'table')!.sql;
            expect(create).to.include(from);
            await run(`DROP TABLE "${table}"`);
            await run(create.replace(from, to));
            for (const index of rows.filter((r) => r.type === 'index')) await run(index.sql);
          },
        });
        return await readSqlSchema(sequelize, models);
      } finally {
        await sequelize.close();
      }
    },
    close: async () => undefined,
  };
}

async function postgres(): Promise<Engine> {
  const database = `parity_test_unit_drift_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Sequelize('postgres://postgres@127.0.0.1:5432/postgres', { dialect: 'postgres', logging: false, pool: { max: 1 } });
  await admin.query(`CREATE DATABASE "${database}"`);
  const sequelize = new Sequelize(`postgres://postgres@127.0.0.1:5432/${database}`, { dialect: 'postgres', logging: false });
  await synced(sequelize);
  return {
    name: 'PostgreSQL (the machine’s server)',
    // PostgreSQL's DDL is transactional: each change is planted and read inside a transaction that is rolled back.
    async drifted(plant) {
      const transaction = await sequelize.transaction();
      try {
        const run = async (sql: string): Promise<void> => void (await sequelize.query(sql, { transaction }));
        await plant({
          run,
          rewrite: () => Promise.reject(new Error('PostgreSQL alters tables in place: plant the change with ALTER TABLE.')),
        });
        return await readSqlSchema(sequelize, models, { transaction });
      } finally {
        await transaction.rollback();
      }
    },
    async close() {
      await sequelize.close();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.close();
    },
  };
}

const pgReady = spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0;

for (const open of [async () => sqlite(), postgres]) {
  const isPostgres = open === postgres;
  describe(`reading the SQL schema back from the engine's catalogs (${isPostgres ? 'PostgreSQL' : 'SQLite'})`, function () {
    this.timeout(60_000);
    let engine: Engine | undefined;
    const drift = (plant: (sql: Plant) => Promise<void>): Promise<string[]> =>
      engine!.drifted(plant).then((actual) => schemaDifferences(expected, actual));

    before(async function () {
      if (isPostgres && !pgReady) this.skip();
      engine = await open();
    });
    after(async () => {
      await engine?.close();
    });

    it('reads the synced schema back exactly as the models need it', async function () {
      const actual = await engine!.drifted(async () => undefined);
      expect(schemaDifferences(expected, actual)).to.deep.equal([]);
      // Beyond what schemaDifferences compares: key order, and every reference with its rule.
      expect(actual.TodoItem!.primaryKey).to.deep.equal(['userId', 'todoId']);
      for (const model of Object.values(expected)) expect(actual[model.name]!.references).to.have.deep.members([...model.references]);
    });

    it('names a dropped composite unique constraint', async function () {
      const sql = isPostgres
        ? 'ALTER TABLE "TodoItem" DROP CONSTRAINT "TodoItem_unique_userId_title"'
        : 'DROP INDEX "TodoItem_unique_userId_title"';
      expect(await drift((p) => p.run(sql))).to.deep.equal(['TodoItem.title: unique constraint (userId, title) missing in the database']);
    });

    it('names a required column made nullable', async function () {
      const lines = await drift((p) =>
        isPostgres
          ? p.run('ALTER TABLE "TodoItem" ALTER COLUMN "title" DROP NOT NULL')
          : p.rewrite('TodoItem', '`title` TEXT NOT NULL', '`title` TEXT'),
      );
      expect(lines).to.deep.equal(['TodoItem.title: required in the model, nullable in the database']);
    });

    it('names a missing foreign key and a different delete rule', async function () {
      const missing = await drift(async (p) => {
        if (isPostgres) await p.run('ALTER TABLE "Comment" DROP CONSTRAINT "Comment_articleSlug_fkey"');
        else await p.rewrite('Comment', ' REFERENCES `Article` (`slug`) ON DELETE CASCADE', '');
      });
      expect(missing).to.deep.equal(['Comment.articleSlug: reference to Article missing in the database']);
      const rule = (sqlRule: string): Promise<string[]> =>
        drift(async (p) => {
          if (!isPostgres) return p.rewrite('Loan', 'ON DELETE RESTRICT', `ON DELETE ${sqlRule}`);
          await p.run('ALTER TABLE "Loan" DROP CONSTRAINT "Loan_bookId_fkey"');
          await p.run(`ALTER TABLE "Loan" ADD FOREIGN KEY ("bookId") REFERENCES "Book" ("id") ON DELETE ${sqlRule}`);
        });
      expect(await rule('CASCADE')).to.deep.equal([
        'Loan.bookId: reference to Book (onDelete restrict) expected, the database has Book (onDelete cascade)',
      ]);
      // NO ACTION is checked at the end of the statement, not at once: none of the ORM's rules.
      expect(await rule('NO ACTION')).to.deep.equal([
        'Loan.bookId: reference to Book (onDelete restrict) expected, the database has Book (onDelete NO ACTION)',
      ]);
    });

    it('names a missing index, a missing table, an extra column and a column type no kind is stored as', async function () {
      expect(await drift((p) => p.run('DROP INDEX "Product_index_category"'))).to.deep.equal([
        'Product.category: index (category) missing in the database',
      ]);
      expect(await drift((p) => p.run('DROP TABLE "Passage"'))).to.deep.equal(["Passage: the model's table is missing in the database"]);
      expect(await drift((p) => p.run('ALTER TABLE "Author" ADD COLUMN "nickname" TEXT'))).to.deep.equal([
        'Author.nickname: in the database, not in the model',
      ]);
      const retyped = await drift((p) =>
        isPostgres
          ? p.run('ALTER TABLE "Author" ALTER COLUMN "name" TYPE varchar(10)')
          : p.rewrite('Author', '`name` TEXT NOT NULL', '`name` VARCHAR(10) NOT NULL'),
      );
      expect(retyped).to.deep.equal([
        `Author.name: a string field, the database stores ${isPostgres ? 'character varying(10)' : 'VARCHAR(10)'} (no field kind is stored so)`,
      ]);
    });
  });
}

describe('reading the SQL schema back under the backend’s table names', function () {
  it('finds each model’s table by the same tableName as the backend, and its references’ parents by it too', async function () {
    const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
    try {
      const tableName = (model: { name: string }): string => `app_${model.name}`;
      await new Database(createSequelizeBackend(sequelize, { tableName })).sync(...specModels);
      const actual = await readSqlSchema(sequelize, specModels, { tableName });
      expect(schemaDifferences(schemaOf(specModels), actual)).to.deep.equal([]);
      expect(actual.Book!.references.map((r) => r.parent)).to.deep.equal(['Author', 'Author']);
      // Under the default names the tables do not exist: each is simply absent.
      expect(await readSqlSchema(sequelize, specModels)).to.deep.equal({});
    } finally {
      await sequelize.close();
    }
  });
});

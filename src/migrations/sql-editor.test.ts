import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { QueryTypes, Sequelize } from 'sequelize';
import { specModels, tenantModels, User } from '../../features/models';
import { Database, DuplicateKeyError } from '../orm';
import { createSequelizeBackend } from '../orm/backends/sequelize';
import { migrate } from './runner';
import { sqlTarget } from './sql-target';
import { operationsBetween, schemaDifferences, schemaOf, type MigrationOperation, type ModelSchema } from './schema';
import { readSqlSchema } from './sql-catalog';

/*
 * The migrations' SQL editor and runner on the real engines: the spec's models built by migrations
 * read back exactly as sync builds them and serve the backend, and each change keeps the data.
 */

const models = [...specModels, ...tenantModels];
const expected = schemaOf(models);

/** A small model to change: a string key, a nullable note and a unique code. */
const Note: ModelSchema = {
  name: 'Note',
  database: 'default',
  fields: {
    id: { kind: 'string', nullable: false },
    code: { kind: 'string', nullable: false },
    note: { kind: 'string', nullable: true },
  },
  primaryKey: ['id'],
  unique: [['code']],
  indexes: [],
  references: [],
};

const pgReady = spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0;

interface Engine {
  /** A fresh, empty database. */
  open(): Promise<Sequelize>;
  close(): Promise<void>;
}

function sqlite(): Engine {
  return { open: async () => new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false }), close: async () => undefined };
}

function postgres(): Engine {
  const admin = new Sequelize('postgres://postgres@127.0.0.1:5432/postgres', { dialect: 'postgres', logging: false, pool: { max: 1 } });
  const databases: string[] = [];
  return {
    async open() {
      const database = `parity_test_unit_editor_${process.pid}_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      databases.push(database);
      return new Sequelize(`postgres://postgres@127.0.0.1:5432/${database}`, { dialect: 'postgres', logging: false });
    },
    async close() {
      for (const database of databases) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.close();
    },
  };
}

for (const isPostgres of [false, true]) {
  describe(`migrations on ${isPostgres ? 'PostgreSQL' : 'SQLite'} (the SQL editor and the runner)`, function () {
    this.timeout(60_000);
    let engine: Engine | undefined;
    let sequelize: Sequelize | undefined;

    before(function () {
      if (isPostgres && !pgReady) this.skip();
      engine = isPostgres ? postgres() : sqlite();
    });
    beforeEach(async function () {
      if (engine === undefined) this.skip();
      sequelize = await engine.open();
    });
    afterEach(async () => {
      await sequelize?.close();
      sequelize = undefined;
    });
    after(async () => {
      await engine?.close();
    });

    const step = (name: string, operations: MigrationOperation[]) => ({ name, migration: { operations } });
    const rows = (sql: string) => sequelize!.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT });
    const insert = (sql: string) => sequelize!.query(sql);

    it("builds the spec's models exactly as sync does, and the backend works on them", async function () {
      const applied = await migrate({ target: sqlTarget(sequelize!), migrations: [step('0001_initial', operationsBetween({}, expected))] });
      expect(applied).to.deep.equal(['0001_initial']);
      const actual = await readSqlSchema(sequelize!, models);
      expect(schemaDifferences(expected, actual)).to.deep.equal([]);
      for (const model of Object.values(expected)) expect(actual[model.name]!.references).to.have.deep.members([...model.references]);

      const db = new Database(createSequelizeBackend(sequelize!));
      await db.sync(User);
      const users = db.repository(User);
      await users.create({ id: 'u1', email: 'ann@example.com', name: 'Ann' });
      expect((await users.get({ id: 'u1' }))?.email).to.equal('ann@example.com');
      const error = await users.create({ id: 'u2', email: 'ann@example.com', name: 'Bob' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DuplicateKeyError);
      expect((error as DuplicateKeyError).fields).to.deep.equal(['email']);
    });

    it('gives stored records the default of an added field, keeps data through a rename, and drops a unique constraint', async function () {
      await migrate({ target: sqlTarget(sequelize!), migrations: [step('0001_note', [{ op: 'createModel', model: Note }])] });
      await insert(`INSERT INTO "Note" ("id", "code", "note") VALUES ('a', 'A', 'first'), ('b', 'B', NULL)`);
      const applied = await migrate({
        target: sqlTarget(sequelize!),
        migrations: [
          step('0001_note', [{ op: 'createModel', model: Note }]),
          step('0002_priority', [
            { op: 'addField', model: 'Note', field: 'priority', schema: { kind: 'integer', nullable: false, default: { value: 3 } } },
          ]),
          step('0003_rename', [
            { op: 'renameField', model: 'Note', from: 'note', to: 'text' },
            // The unique constraint's name follows its field: it is found under the new name below.
            { op: 'renameField', model: 'Note', from: 'code', to: 'ref' },
          ]),
          step('0004_refs_repeat', [{ op: 'dropUnique', model: 'Note', fields: ['ref'] }]),
        ],
      });
      expect(applied).to.deep.equal(['0002_priority', '0003_rename', '0004_refs_repeat']);
      expect(await rows(`SELECT "id", "priority", "text" FROM "Note" ORDER BY "id"`)).to.deep.equal([
        { id: 'a', priority: isPostgres ? '3' : 3, text: 'first' },
        { id: 'b', priority: isPostgres ? '3' : 3, text: null },
      ]);
      await insert(`INSERT INTO "Note" ("id", "ref", "priority") VALUES ('c', 'A', 1)`);
      expect(await rows(`SELECT "id" FROM "Note" WHERE "ref" = 'A' ORDER BY "id"`)).to.have.length(2);
    });

    it('refuses to make a field required while records hold null in it, naming it', async function () {
      const first = step('0001_note', [{ op: 'createModel', model: Note }]);
      await migrate({ target: sqlTarget(sequelize!), migrations: [first] });
      await insert(`INSERT INTO "Note" ("id", "code", "note") VALUES ('a', 'A', NULL)`);
      const error = await migrate({
        target: sqlTarget(sequelize!),
        migrations: [first, step('0002_required', [{ op: 'alterField', model: 'Note', field: 'note', nullable: false }])],
      }).catch((e: unknown) => e);
      expect((error as Error).message)
        .to.include('alterField Note.note')
        .and.include('hold null');
      // Not recorded as applied: fixing the data and running again applies it.
      await insert(`UPDATE "Note" SET "note" = 'now set'`);
      const applied = await migrate({
        target: sqlTarget(sequelize!),
        migrations: [first, step('0002_required', [{ op: 'alterField', model: 'Note', field: 'note', nullable: false }])],
      });
      expect(applied).to.deep.equal(['0002_required']);
      expect((await readSqlSchema(sequelize!, [])).Note).to.equal(undefined);
    });

    it('refuses a required field without a default or backfill on a table holding records', async function () {
      const first = step('0001_note', [{ op: 'createModel', model: Note }]);
      await migrate({ target: sqlTarget(sequelize!), migrations: [first] });
      await insert(`INSERT INTO "Note" ("id", "code") VALUES ('a', 'A')`);
      const added: MigrationOperation = { op: 'addField', model: 'Note', field: 'owner', schema: { kind: 'string', nullable: false } };
      const error = await migrate({ target: sqlTarget(sequelize!), migrations: [first, step('0002_owner', [added])] }).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message)
        .to.include('addField Note.owner')
        .and.include('backfill');
      await migrate({ target: sqlTarget(sequelize!), migrations: [first, step('0002_owner', [{ ...added, backfill: 'nobody' }])] });
      expect(await rows(`SELECT "owner" FROM "Note"`)).to.deep.equal([{ owner: 'nobody' }]);
    });

    it('applies nothing the second time (umzug keeps what ran in SequelizeMeta)', async function () {
      const migrations = [step('0001_initial', operationsBetween({}, expected))];
      expect(await migrate({ target: sqlTarget(sequelize!), migrations })).to.deep.equal(['0001_initial']);
      expect(await migrate({ target: sqlTarget(sequelize!), migrations })).to.deep.equal([]);
      expect(await rows(`SELECT "name" FROM "SequelizeMeta"`)).to.deep.equal([{ name: '0001_initial' }]);
    });

    it('adds and drops references, indexes and fields, leaving what sync would build', async function () {
      const first = operationsBetween({}, expected);
      const changes: MigrationOperation[] = [
        { op: 'dropReference', model: 'Book', field: 'authorId' },
        { op: 'addReference', model: 'Book', reference: expected.Book!.references.find((r) => r.field === 'authorId')! },
        { op: 'dropIndex', model: 'Product', fields: ['category'] },
        { op: 'addIndex', model: 'Product', fields: ['category'] },
        { op: 'dropUnique', model: 'TodoItem', fields: ['userId', 'title'] },
        { op: 'addUnique', model: 'TodoItem', fields: ['userId', 'title'] },
        { op: 'alterField', model: 'User', field: 'score', nullable: false },
        { op: 'alterField', model: 'User', field: 'score', nullable: true },
        { op: 'addField', model: 'User', field: 'extra', schema: { kind: 'string', nullable: true } },
        { op: 'dropField', model: 'User', field: 'extra' },
      ];
      await migrate({ target: sqlTarget(sequelize!), migrations: [step('0001_initial', first), step('0002_round_trip', changes)] });
      expect(schemaDifferences(expected, await readSqlSchema(sequelize!, models))).to.deep.equal([]);
      if (isPostgres) return;
      // SQLite keeps each table's and index's statement: the rebuilt ones are word for word sync's,
      // but for the table's name, which SQLite's RENAME writes in double quotes.
      const statements = async (of: Sequelize) =>
        (
          await of.query<{ name: string; sql: string }>(
            `SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name <> 'SequelizeMeta' ORDER BY name`,
            { type: QueryTypes.SELECT },
          )
        ).map(({ name, sql }) => ({ name, sql: sql.replace(/^CREATE TABLE "([^"]+)"/, 'CREATE TABLE `$1`') }));
      const synced = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
      try {
        await new Database(createSequelizeBackend(synced)).sync(...models);
        expect(await statements(sequelize!)).to.deep.equal(await statements(synced));
      } finally {
        await synced.close();
      }
    });
  });
}

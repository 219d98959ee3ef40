import { expect } from 'chai';
import { Sequelize } from 'sequelize';

/** The machine's PostgreSQL server, which the tests that need one use. */
export const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432';

/**
 * Creates a database of someone else's on the machine's server, holding a table named like one
 * of the run's (`table`) with one row, and hands its URL to `run`; afterwards checks that the row
 * is as it was and that no database of the run (`parity_test_<runId>_…`) is left. Drops it at the end.
 */
export async function expectForeignDatabaseUntouched(
  table: string,
  runId: string,
  run: (url: string) => void | Promise<void>,
): Promise<void> {
  const admin = new Sequelize(`${LOCAL_SERVER}/postgres`, { dialect: 'postgres', logging: false });
  const foreign = `someone_else_${runId}`;
  await admin.query(`DROP DATABASE IF EXISTS "${foreign}"`);
  await admin.query(`CREATE DATABASE "${foreign}"`);
  const theirs = new Sequelize(`${LOCAL_SERVER}/${foreign}`, { dialect: 'postgres', logging: false });
  try {
    await theirs.query(`CREATE TABLE "${table}" (id text primary key, note text)`);
    await theirs.query(`INSERT INTO "${table}" VALUES ('zoe', 'not yours')`);
    await run(`${LOCAL_SERVER}/${foreign}`);
    const [rows] = await theirs.query(`SELECT id, note FROM "${table}"`);
    expect(rows).to.deep.equal([{ id: 'zoe', note: 'not yours' }]);
    // Other runs on this server may have databases of their own; this run's must all be gone.
    const [left] = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'parity_test_${runId}_%'`);
    expect(left).to.deep.equal([]);
  } finally {
    await theirs.close();
    await admin.query(`DROP DATABASE IF EXISTS "${foreign}" WITH (FORCE)`);
    await admin.close();
  }
}

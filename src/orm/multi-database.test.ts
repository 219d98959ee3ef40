import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbEngine } from '../drivers/dynamodb/engine';
import type { StartedEngine } from '../drivers/driver';
import { rejection } from '../../test/expect-rejection';
import type { Backend } from './backends/backend';
import { createDynamoDbBackend, type DynamoDbBackend } from './backends/dynamodb';
import { createInMemoryBackend } from './backends/inmemory';
import { createSequelizeBackend } from './backends/sequelize';
import { defineDatabases, storeName, storeSlug, withTenant, type StoreAddress } from './databases';
import { DuplicateKeyError, TenantError } from './errors';
import { field } from './fields';
import { defineModel } from './model';
import { Databases } from './multi-database';

/*
 * Several databases for an application, on every backend's real engine: the seed's layout (a
 * `default` template alias, one store per tenant, beside a reserved `central`), tenants carried
 * by AsyncLocalStorage through interleaved async chains, stores opened in dependency order.
 */

const layout = defineDatabases({
  default: { kind: 'template', dependencies: ['central'] },
  central: { kind: 'reserved', dependencies: [] },
  replica: { mirror: 'default' },
});
const Region = defineModel(
  'Region',
  { id: field.string({ primaryKey: true }), name: field.string({ unique: true }) },
  { database: 'central' },
);
const Note = defineModel('Note', {
  id: field.string({ primaryKey: true }),
  text: field.string(),
  code: field.string({ unique: true }),
});

interface Engine {
  /** Opens one store's backend (a database, a file, a table prefix of its own). */
  open(store: StoreAddress): Promise<Backend>;
  /** Removes every store it opened. */
  cleanUp(): Promise<void>;
}

const run = `${process.pid}_${randomBytes(3).toString('hex')}`;
/** Each test opens stores of its own (the engine keeps every store until the end). */
let generation = 0;

const engines: Record<string, () => Promise<Engine>> = {
  inmemory: async () => ({ open: async () => createInMemoryBackend(), cleanUp: async () => undefined }),
  sqlite: async () => ({
    open: async () => createSequelizeBackend(new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false })),
    cleanUp: async () => undefined,
  }),
  postgres: async () => {
    const url = process.env.PARITY_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const admin = new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 1 } });
    const created: string[] = [];
    return {
      open: async (store) => {
        const name = `parity_test_unit_${run}_${generation}_${storeSlug(store)}`;
        await admin.query(`CREATE DATABASE "${name}"`);
        created.push(name);
        const target = new URL(url);
        target.pathname = `/${name}`;
        return createSequelizeBackend(new Sequelize(target.toString(), { dialect: 'postgres', logging: false }));
      },
      cleanUp: async () => {
        for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.close();
      },
    };
  },
  dynamodb: async () => {
    const engine: StartedEngine = await startDynamoDbEngine();
    const client = new DynamoDBClient({
      endpoint: engine.env.PARITY_DYNAMODB_ENDPOINT,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const backends: DynamoDbBackend[] = [];
    return {
      open: async (store) => {
        const backend = createDynamoDbBackend({ client, tablePrefix: `parity_test_unit${run}_${generation}_${storeSlug(store)}_` });
        backends.push(backend);
        return backend;
      },
      cleanUp: async () => {
        for (const backend of backends)
          for (const table of new Set(backend.tablesCreated())) await client.send(new DeleteTableCommand({ TableName: table }));
        client.destroy();
        await engine.stop();
      },
    };
  },
};

for (const [name, makeEngine] of Object.entries(engines)) {
  describe(`several databases and tenants on ${name}`, function () {
    this.timeout(120_000);
    let engine: Engine;
    let databases: Databases;
    let opened: string[];

    before(async () => {
      engine = await makeEngine();
    });
    after(async () => {
      await engine?.cleanUp();
    });
    beforeEach(() => {
      generation += 1;
      opened = [];
      databases = new Databases({
        layout,
        open: (store) => {
          opened.push(storeName(store));
          return engine.open(store);
        },
      });
    });
    afterEach(async () => {
      await databases.close();
    });

    it('keeps two interleaved async chains working for different tenants apart', async function () {
      const notes = databases.repository(Note);
      const work = (tenant: string, pause: number): Promise<string[]> =>
        withTenant(tenant, async () => {
          const seen: string[] = [];
          for (const id of ['n1', 'n2', 'n3']) {
            await new Promise((resolve) => setTimeout(resolve, pause));
            await notes.create({ id, text: `${tenant} ${id}`, code: `same-${id}` }); // the same keys and unique values in both
            seen.push(...(await notes.query().all()).map((note) => note.text));
          }
          return seen;
        });
      const [acme, globex] = await Promise.all([work('acme', 3), work('globex', 1)]);
      expect(acme.every((text) => text.startsWith('acme '))).to.equal(true);
      expect(globex.every((text) => text.startsWith('globex '))).to.equal(true);
      expect(await withTenant('acme', () => notes.query().count())).to.equal(3);
      expect(await notes.get('n1', {}).catch((error: Error) => error)).to.be.instanceOf(TenantError);
    });

    it('opens the reserved store before a tenant first used, and every template store of the tenant with it', async function () {
      await withTenant('initech', () => databases.repository(Note).create({ id: 'n1', text: 'x', code: 'c1' }));
      expect(opened).to.deep.equal(['central', 'default@initech']);
      await withTenant('umbrella', () => databases.repository(Note).query().count());
      expect(opened).to.deep.equal(['central', 'default@initech', 'default@umbrella']);
    });

    it('shows reserved data to every tenant and enforces its unique values across them', async function () {
      const regions = databases.repository(Region);
      await withTenant('acme', () => regions.create({ id: 'eu', name: 'Europe' }));
      expect(await withTenant('globex', () => regions.get('eu'))).to.deep.include({ name: 'Europe' });
      expect(await regions.get('eu')).to.deep.include({ name: 'Europe' }); // a reserved alias needs no tenant
      await rejection(
        withTenant('globex', () => regions.create({ id: 'europe', name: 'Europe' })),
        DuplicateKeyError,
      );
    });

    it('reads and writes through a mirror the store of the alias it mirrors, for the tenant', async function () {
      const explicit = databases.repository(Note, { database: 'replica', tenant: 'acme' });
      await explicit.create({ id: 'n1', text: 'through the replica', code: 'c1' });
      expect(await withTenant('acme', () => databases.repository(Note).get('n1'))).to.deep.include({ text: 'through the replica' });
      expect(await withTenant('globex', () => databases.repository(Note, { database: 'replica' }).query().count())).to.equal(0);
      expect(() => databases.repository(Region, { database: 'replica' })).to.throw(
        'Region lives in the database central, which replica is not',
      );
    });
  });
}

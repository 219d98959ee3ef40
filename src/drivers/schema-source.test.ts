import { expect } from 'chai';
import { specModels, tenantModels } from '../../features/models';
import { loadMigrations } from '../migrations/files';
import type { NamedMigration } from '../migrations/runner';
import { ControllableClock, SchemaDriftError } from '../orm';
import { InMemoryDriver } from './inmemory/inmemory-driver';
import { migrationsFor } from './schema-source';

/*
 * A store's schema at start: each alias's store gets the operations on its own models, and a
 * store that does not hold what the models need stops the start with one line per difference.
 */

async function specMigrations(): Promise<NamedMigration[]> {
  return (await loadMigrations('features/migrations')).map(({ file, migration }) => ({ name: file.name, migration }));
}

describe('the schema source of a store', function () {
  it("gives each alias's store every migration, with only the operations on that alias's models", async function () {
    const migrations = await specMigrations();
    const central = migrationsFor('central', migrations);
    expect(central.map((m) => m.name)).to.deep.equal(migrations.map((m) => m.name));
    expect(central[0]!.migration.operations.map((o) => (o.op === 'createModel' ? o.model.name : o.op))).to.deep.equal(['Hospital']);
    expect(central[1]!.migration.operations).to.deep.equal([]);
    const created = migrationsFor('default', migrations)[0]!.migration.operations.map((o) => (o.op === 'createModel' ? o.model.name : ''));
    expect(created).to.include.members(specModels.map((m) => m.name));
    expect(created).not.to.include('Hospital');
  });

  it('builds a store from the migrations and starts it when they build what the models need', async function () {
    const driver = new InMemoryDriver();
    try {
      await driver.start({
        models: specModels,
        clock: new ControllableClock(),
        workerId: '0',
        schema: { kind: 'migrations', folder: 'features/migrations', migrations: await specMigrations() },
      });
      const created = await driver.execute({ kind: 'create', model: specModels[0]!, data: { id: 'u1', email: 'a@b.c', name: 'Ann' } });
      expect(created.success).to.equal(true);
    } finally {
      await driver.stop();
    }
  });

  it('stops the start, naming each difference, when the migrations leave something out', async function () {
    const migrations = await specMigrations();
    const planted = migrations.map(({ name, migration }) => ({
      name,
      migration: { operations: migration.operations.filter((o) => !(o.op === 'addUnique' && o.model === 'TodoItem')) },
    }));
    const driver = new InMemoryDriver();
    try {
      const error = await driver
        .start({
          models: [...specModels, ...tenantModels].filter((m) => m.database === 'default'),
          clock: new ControllableClock(),
          workerId: '0',
          schema: { kind: 'migrations', folder: 'planted', migrations: planted },
        })
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(SchemaDriftError);
      expect((error as SchemaDriftError).differences).to.deep.equal([
        'TodoItem.title: unique constraint (userId, title) missing in the database',
      ]);
      expect((error as Error).message).to.include('No scenario ran.');
    } finally {
      await driver.stop();
    }
  });
});

import { expect } from 'chai';
import { specModels, tenantModels } from '../../features/models';
import { InMemoryBackend } from '../orm/backends/inmemory';
import { Database } from '../orm';
import { inMemoryTarget } from './inmemory-target';
import { migrate } from './runner';
import { operationsBetween, schemaDifferences, schemaOf, type MigrationOperation, type ModelSchema } from './schema';
import { modelsOfSchema } from './schema-models';

/*
 * The in-memory migration target: the reference the other backends' targets are held to. Each
 * migration is all or nothing, the stored rows follow the operations, and what umzug applied is
 * recorded with the backend.
 */

const Note: ModelSchema = {
  name: 'Note',
  database: 'default',
  fields: { id: { kind: 'string', nullable: false }, body: { kind: 'string', nullable: true } },
  primaryKey: ['id'],
  unique: [],
  indexes: [],
  references: [],
};
const step = (name: string, operations: MigrationOperation[]) => ({ name, migration: { operations } });

describe('the in-memory migration target', function () {
  it("builds the spec's models as sync would, and reads them back without a difference", async function () {
    const models = [...specModels, ...tenantModels];
    const backend = new InMemoryBackend();
    const target = inMemoryTarget(backend);
    await migrate({ target, migrations: [step('0001_initial', operationsBetween({}, schemaOf(models)))] });
    const read = await target.read(schemaOf(models));
    expect(schemaDifferences(schemaOf(models), read.schema, read.sees)).to.deep.equal([]);
    // A backend only synced reads back its models too.
    const synced = new InMemoryBackend();
    await new Database(synced).sync(...models);
    expect(schemaDifferences(schemaOf(models), (await inMemoryTarget(synced).read(schemaOf(models))).schema)).to.deep.equal([]);
  });

  it('gives stored rows an added default, keeps data through a rename, and applies a migration all or nothing', async function () {
    const backend = new InMemoryBackend();
    const target = inMemoryTarget(backend);
    const first = step('0001_note', [{ op: 'createModel', model: Note }]);
    await migrate({ target, migrations: [first] });
    const database = new Database(backend);
    await database.repository(modelsOfSchema({ Note }).get('Note')!).create({ id: 'a', body: null });

    const refused = step('0002_both', [
      { op: 'addField', model: 'Note', field: 'priority', schema: { kind: 'integer', nullable: false, default: { value: 3 } } },
      { op: 'alterField', model: 'Note', field: 'body', nullable: false },
    ]);
    const error = await migrate({ target, migrations: [first, refused] }).catch((e: unknown) => e);
    expect((error as Error).message)
      .to.include('Migration 0002_both was not applied on inmemory')
      .and.include('hold null in body');
    // The first operation of the refused migration left nothing behind, and nothing was recorded.
    expect(backend.storedRows(modelsOfSchema({ Note }).get('Note')!)).to.deep.equal([{ id: 'a', body: null }]);
    expect(await target.storage().executed({ context: {} })).to.deep.equal(['0001_note']);

    const later = step('0002_priority', [
      { op: 'addField', model: 'Note', field: 'priority', schema: { kind: 'integer', nullable: false, default: { value: 3 } } },
      { op: 'renameField', model: 'Note', from: 'body', to: 'text' },
    ]);
    expect(await migrate({ target, migrations: [first, later] })).to.deep.equal(['0002_priority']);
    const schema = (await target.read({ Note })).schema;
    expect(Object.keys(schema.Note!.fields)).to.deep.equal(['id', 'text', 'priority']);
    expect(backend.storedRows(modelsOfSchema(schema).get('Note')!)).to.deep.equal([{ id: 'a', text: null, priority: 3 }]);
  });

  it('keeps a record of its own per name, so that a scenario’s migrations do not mix with the run’s', async function () {
    const backend = new InMemoryBackend();
    await migrate({ target: inMemoryTarget(backend), migrations: [step('0001_note', [{ op: 'createModel', model: Note }])] });
    const scenario = inMemoryTarget(backend, 'scenario');
    expect(await scenario.storage().executed({ context: {} })).to.deep.equal([]);
    expect(await inMemoryTarget(backend).storage().executed({ context: {} })).to.deep.equal(['0001_note']);
  });
});

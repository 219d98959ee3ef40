import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureOutput } from '../../test/capture-output';
import { field } from '../orm/fields';
import { defineModel } from '../orm/model';
import { main } from './cli';
import { loadMigrations, makeMigration, migratedSchema, migrationFiles, pendingOperations } from './files';
import { schemaOf } from './schema';

const Team = defineModel('Team', { id: field.string({ primaryKey: true }), name: field.string({ unique: true }) });
const Player = defineModel('Player', {
  id: field.string({ primaryKey: true }),
  teamId: field.reference(Team, { onDelete: 'cascade' }),
  name: field.string(),
});
/** The same Player a release later: a new field with a default, and an index. */
const PlayerLater = defineModel('Player', {
  id: field.string({ primaryKey: true }),
  teamId: field.reference(Team, { onDelete: 'cascade', index: true }),
  name: field.string(),
  goals: field.integer({ default: 0 }),
});

describe('migration files: make and check', function () {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'parity-migrations-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes the first migration from the models, then nothing while they match', async function () {
    const made = await makeMigration({ folder, name: 'initial', models: [Player, Team], now: new Date('2026-12-04T10:00:00Z') });
    expect(path.basename(made!.file)).to.equal('0001_initial.ts');
    expect(made!.operations.map((o) => o.op)).to.deep.equal(['createModel', 'createModel']);
    const text = readFileSync(made!.file, 'utf8');
    expect(text).to.include('// Written by parity migrations make on 2026-12-04T10:00:00.000Z. Review it, then commit it.');
    expect(text).to.include('//   - create the model Team (in default)');
    expect(text).to.include("import type { Migration } from 'parity-orm';");
    expect(migratedSchema(await loadMigrations(folder))).to.deep.equal(schemaOf([Team, Player]));
    expect(await pendingOperations(folder, [Team, Player])).to.deep.equal([]);
    expect(await makeMigration({ folder, name: 'again', models: [Team, Player] })).to.equal(undefined);
    expect(readdirSync(folder)).to.deep.equal(['0001_initial.ts']);
  });

  it('fails the check when a model changed without a migration, and passes once make wrote it', async function () {
    const models = path.join(folder, 'models.ts');
    writeFileSync(
      models,
      `import { defineModel, field } from ${JSON.stringify(path.resolve(__dirname, '..', 'orm'))};\n` +
        `export const Team = defineModel('Team', { id: field.string({ primaryKey: true }), name: field.string({ unique: true }) });\n` +
        `export const Player = defineModel('Player', { id: field.string({ primaryKey: true }), ` +
        `teamId: field.reference(Team, { onDelete: 'cascade', index: true }), name: field.string(), goals: field.integer({ default: 0 }) });\n`,
    );
    const dir = path.join(folder, 'migrations');
    await makeMigration({ folder: dir, name: 'initial', models: [Team, Player] });
    const failed = await captureOutput(() => main(['check', '--models', models, '--dir', dir]));
    expect(failed.result).to.equal(1);
    expect(failed.output).to.include('do not build what the models need; they still have to:');
    expect(failed.output).to.include('  - add the field Player.goals (integer, required)');
    expect(failed.output).to.include('  - add the index (teamId) of Player');
    expect(failed.output).to.include('parity migrations make <name>');
    const made = await captureOutput(() => main(['make', 'goals', '--models', models, '--dir', dir]));
    expect(made.result).to.equal(0);
    expect(made.output).to.include(`Wrote ${path.relative(process.cwd(), path.join(dir, '0002_goals.ts'))}`);
    const passed = await captureOutput(() => main(['check', '--models', models, '--dir', dir]));
    expect(passed.result, passed.output).to.equal(0);
    expect(passed.output).to.include('build exactly what the models need');
    expect(migrationFiles(dir).map((f) => f.name)).to.deep.equal(['0001_initial', '0002_goals']);
    expect(await pendingOperations(dir, [Team, PlayerLater])).to.deep.equal([]);
  });

  it('marks a required field without a stored default, which needs a backfill value', async function () {
    await makeMigration({ folder, name: 'initial', models: [Team] });
    const Renamed = defineModel('Team', {
      id: field.string({ primaryKey: true }),
      name: field.string({ unique: true }),
      city: field.string(),
    });
    const made = await makeMigration({ folder, name: 'city', models: [Renamed] });
    expect(readFileSync(made!.file, 'utf8')).to.include('// TODO: add the field Team.city (string, required) has no stored default');
  });

  it('names what is wrong: a misnamed file, a file without a migration, an operation that does not fit, a bad name', async function () {
    writeFileSync(path.join(folder, 'initial.ts'), 'export const migration = { operations: [] };\n');
    expect(() => migrationFiles(folder)).to.throw('initial.ts, which is not named like a migration: <number>_<name>.ts');
    rmSync(path.join(folder, 'initial.ts'));
    writeFileSync(path.join(folder, '0001_empty.ts'), 'export const nothing = 1;\n');
    await loadMigrations(folder).then(
      () => expect.fail('expected an error'),
      (error: Error) =>
        expect(error.message).to.include('0001_empty.ts exports no migration: export const migration = { operations: [...] }'),
    );
    writeFileSync(path.join(folder, '0001_empty.ts'), "export const migration = { operations: [{ op: 'dropModel', model: 'Team' }] };\n");
    expect(() =>
      migratedSchema([
        {
          file: { name: '0001_empty', file: path.join(folder, '0001_empty.ts') },
          migration: { operations: [{ op: 'dropModel', model: 'Team' }] },
        },
      ]),
    ).to.throw('0001_empty.ts: Operation 1 (dropModel Team): there is no model Team at this point of the migrations.');
    await makeMigration({ folder, name: 'Bad Name', models: [Team] }).then(
      () => expect.fail('expected an error'),
      (error: Error) => expect(error.message).to.include('"Bad Name" cannot name a migration'),
    );
    const usage = await captureOutput(() => main(['make']));
    expect(usage.result).to.equal(2);
    expect(usage.output).to.include('parity migrations make takes one name');
  });
});

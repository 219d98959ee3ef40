import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import { captureOutput } from '../../test/capture-output';
import { main } from './cli';
import { loadMigrations } from './files';
import { migrate } from './runner';
import { sqlTarget } from './sql-target';

/*
 * `parity migrations check --backends …` on real engines: a fresh store per database alias built
 * by the migrations (or copied from a template), read back and compared with the models, as a run
 * does before its first scenario; a difference is named, and the exit code is 1.
 */

const models = 'features/models.ts';
const spec = 'features/migrations';

describe('parity migrations check on engines', function () {
  this.timeout(120_000);
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'parity-migrations-check-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("builds every alias's store from the spec's migrations on inmemory and sqlite and finds nothing to report", async function () {
    const { result, output } = await captureOutput(() =>
      main(['check', '--models', models, '--dir', spec, '--backends', 'inmemory,sqlite']),
    );
    expect(output).to.include('The migrations in features/migrations build exactly what the models need.');
    for (const label of ['inmemory', 'sqlite', 'sqlite (central)', 'sqlite (clinic)', 'sqlite (archive)'])
      expect(output).to.include(`${label}: the store holds exactly what the models need.`);
    expect(result).to.equal(0);
  });

  it('names what an SQLite template lacks, and leaves the template as it was', async function () {
    // A template "another tool" built: the spec's migrations, then one index dropped by hand.
    const file = path.join(folder, 'schema.sqlite');
    const sequelize = new Sequelize({ dialect: 'sqlite', storage: file, logging: false });
    try {
      await migrate({
        target: sqlTarget(sequelize),
        migrations: (await loadMigrations(spec)).map((m) => ({ name: m.file.name, migration: m.migration })),
      });
      await sequelize.query('DROP INDEX "Product_index_category"');
    } finally {
      await sequelize.close();
    }
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    const { result, output } = await captureOutput(() =>
      main(['check', '--models', models, '--dir', spec, '--backends', 'sqlite', '--template', file]),
    );
    expect(result).to.equal(1);
    expect(output).to.include(`sqlite: The schema of the sqlite store (copied from ${file}) is not what the models need (1 difference):`);
    expect(output).to.include('  - Product.category: index (category) missing in the database');
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).to.equal(before);
  });
});

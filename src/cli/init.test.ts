import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureOutput } from '../../test/capture-output';
import { main } from './init';

/** Runs `parity init` in a fresh folder holding the given package.json (or none); returns the folder and what it printed. */
async function init(manifest: object | undefined, args: string[] = [], prepare?: (folder: string) => void) {
  const folder = mkdtempSync(path.join(tmpdir(), 'parity-init-'));
  if (manifest !== undefined) writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest));
  prepare?.(folder);
  const cwd = process.cwd();
  try {
    process.chdir(folder);
    const { result: code, output } = await captureOutput(() => main(args));
    return { folder, code, output };
  } finally {
    process.chdir(cwd);
  }
}

describe('parity init', () => {
  const made: string[] = [];
  afterEach(() => made.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('writes cucumber.js, the models, an example feature and the npm scripts', async () => {
    const { folder, code } = await init({ name: 'team', scripts: { test: 'mocha' } });
    made.push(folder);
    expect(code).to.equal(0);
    expect(readFileSync(path.join(folder, 'cucumber.js'), 'utf8')).to.include("require('parity-orm/config')");
    expect(readFileSync(path.join(folder, 'features', 'support', 'models.ts'), 'utf8')).to.include("import 'parity-orm/cucumber';");
    expect(existsSync(path.join(folder, 'features', 'notes.feature'))).to.equal(true);
    const { scripts } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts).to.deep.equal({ test: 'mocha', features: 'cucumber-js', spec: 'parity spec' });
  });

  it('writes an ESM cucumber.js for a "type": "module" package', async () => {
    const { folder } = await init({ name: 'team', type: 'module' });
    made.push(folder);
    expect(readFileSync(path.join(folder, 'cucumber.js'), 'utf8')).to.include("import { parityProfiles } from 'parity-orm/config';");
  });

  it('keeps what exists and names it; --force replaces it', async () => {
    const prepare = (folder: string) => writeFileSync(path.join(folder, 'cucumber.js'), '// mine\n');
    const kept = await init({ name: 'team', scripts: { spec: 'my-spec' } }, [], prepare);
    made.push(kept.folder);
    expect(readFileSync(path.join(kept.folder, 'cucumber.js'), 'utf8')).to.equal('// mine\n');
    expect(kept.output).to.include('kept, as they exist (parity init --force replaces them): cucumber.js, the npm script "spec" (my-spec)');
    const forced = await init({ name: 'team', scripts: { spec: 'my-spec' } }, ['--force'], prepare);
    made.push(forced.folder);
    expect(readFileSync(path.join(forced.folder, 'cucumber.js'), 'utf8')).to.include('parityProfiles');
  });

  it('refuses a folder without package.json, and options it does not know', async () => {
    const none = await init(undefined);
    made.push(none.folder);
    expect(none.code).to.equal(2);
    expect(none.output).to.include('There is no package.json');
    const unknown = await init({ name: 'team' }, ['--yes']);
    made.push(unknown.folder);
    expect(unknown.code).to.equal(2);
    expect(unknown.output).to.include('parity init takes only --force');
  });
});

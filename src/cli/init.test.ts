import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from './init';

/** Runs `parity init` in a fresh folder holding the given package.json (or none); returns the folder and what it printed. */
function init(manifest: object | undefined, args: string[] = [], prepare?: (folder: string) => void) {
  const folder = mkdtempSync(path.join(tmpdir(), 'parity-init-'));
  if (manifest !== undefined) writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest));
  prepare?.(folder);
  const cwd = process.cwd();
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((text: string) => out.push(text) > 0) as typeof process.stdout.write;
  process.stderr.write = ((text: string) => out.push(text) > 0) as typeof process.stderr.write;
  try {
    process.chdir(folder);
    const code = main(args);
    return { folder, code, output: out.join('') };
  } finally {
    process.chdir(cwd);
    process.stdout.write = write;
    process.stderr.write = writeError;
  }
}

describe('parity init', () => {
  const made: string[] = [];
  afterEach(() => made.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('writes cucumber.js, the models, an example feature and the npm scripts', () => {
    const { folder, code } = init({ name: 'team', scripts: { test: 'mocha' } });
    made.push(folder);
    expect(code).to.equal(0);
    expect(readFileSync(path.join(folder, 'cucumber.js'), 'utf8')).to.include("require('parity-orm/config')");
    expect(readFileSync(path.join(folder, 'features', 'support', 'models.ts'), 'utf8')).to.include("import 'parity-orm/cucumber';");
    expect(existsSync(path.join(folder, 'features', 'notes.feature'))).to.equal(true);
    const { scripts } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts).to.deep.equal({ test: 'mocha', features: 'cucumber-js', spec: 'parity spec' });
  });

  it('writes an ESM cucumber.js for a "type": "module" package', () => {
    const { folder } = init({ name: 'team', type: 'module' });
    made.push(folder);
    expect(readFileSync(path.join(folder, 'cucumber.js'), 'utf8')).to.include("import { parityProfiles } from 'parity-orm/config';");
  });

  it('keeps what exists and names it; --force replaces it', () => {
    const prepare = (folder: string) => writeFileSync(path.join(folder, 'cucumber.js'), '// mine\n');
    const kept = init({ name: 'team', scripts: { spec: 'my-spec' } }, [], prepare);
    made.push(kept.folder);
    expect(readFileSync(path.join(kept.folder, 'cucumber.js'), 'utf8')).to.equal('// mine\n');
    expect(kept.output).to.include('kept, as they exist (parity init --force replaces them): cucumber.js, the npm script "spec" (my-spec)');
    const forced = init({ name: 'team', scripts: { spec: 'my-spec' } }, ['--force'], prepare);
    made.push(forced.folder);
    expect(readFileSync(path.join(forced.folder, 'cucumber.js'), 'utf8')).to.include('parityProfiles');
  });

  it('refuses a folder without package.json, and options it does not know', () => {
    const none = init(undefined);
    made.push(none.folder);
    expect(none.code).to.equal(2);
    expect(none.output).to.include('There is no package.json');
    const unknown = init({ name: 'team' }, ['--yes']);
    made.push(unknown.folder);
    expect(unknown.code).to.equal(2);
    expect(unknown.output).to.include('parity init takes only --force');
  });
});

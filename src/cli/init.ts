/*
 * `parity init`: the files a project needs to describe its own models' behaviour in Gherkin and
 * run it on every backend. Existing files are kept (and named) unless --force is given.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CONFIG = `// Cucumber profiles from parity-orm: one per backend (inmemory, sqlite, postgres, dynamodb) and
// the default (inmemory). npx cucumber-js --profile sqlite runs every feature on SQLite;
// npx parity spec runs them on every backend and writes reports/index.html, the parity matrix.
const { parityProfiles } = require('parity-orm/config');

module.exports = parityProfiles();
`;

const CONFIG_ESM = CONFIG.replace(
  "const { parityProfiles } = require('parity-orm/config');",
  "import { parityProfiles } from 'parity-orm/config';",
).replace('module.exports = parityProfiles();', 'export default parityProfiles();');

const MODELS = `// Parity's steps, parameter types and hooks: one import line.
import 'parity-orm/cucumber';
import { defineModel, field } from 'parity-orm';
import { registerModels } from 'parity-orm/testing';

// An example model; define your own (or import them from your code) and register them here.
export const Note = defineModel('Note', {
  id: field.string({ primaryKey: true }),
  title: field.string({ minLength: 1, maxLength: 100, unique: true }),
  stars: field.integer({ ge: 0, le: 5, default: 0 }),
  createdAt: field.datetime({ autoNowAdd: true }),
});

registerModels(Note);
`;

const FEATURE = `Feature: Notes
  Every backend stores, refuses and finds notes alike.

  Scenario: A note is stored and read back
    When I create a Note with:
      | id    | n1              |
      | title | Buy oat milk    |
    Then the Note "n1" exists with:
      | title | Buy oat milk |
      | stars | 0            |

  Scenario: A title is unique
    Given the following Notes exist:
      | id | title |
      | n1 | Plans |
    When I try to create a Note with:
      | id    | n2    |
      | title | Plans |
    Then it fails with a DuplicateKeyError
    And the error mentions "title"

  Scenario: Notes are found by their stars, best first
    Given the following Notes exist:
      | id | title   | stars |
      | n1 | Good    | 4     |
      | n2 | Fine    | 2     |
      | n3 | Perfect | 5     |
    When I query Notes with:
      | stars__gte | 3      |
      | order by   | -stars |
    Then the results are:
      | id |
      | n3 |
      | n1 |
`;

const SCRIPTS: Record<string, string> = {
  features: 'cucumber-js',
  spec: 'parity spec',
};

/** Runs `parity init`; returns the exit code. */
export function main(argv: readonly string[]): number {
  const force = argv.includes('--force');
  const unknown = argv.filter((a) => a !== '--force');
  if (unknown.length > 0) {
    process.stderr.write(`parity init takes only --force (to replace existing files), not ${unknown.join(' ')}.\n`);
    return 2;
  }
  const cwd = process.cwd();
  const manifestFile = path.join(cwd, 'package.json');
  if (!existsSync(manifestFile)) {
    process.stderr.write(`There is no package.json in ${cwd}: run parity init in your project's folder (npm init -y makes one).\n`);
    return 2;
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { type?: string; scripts?: Record<string, string> };
  const files: Array<[string, string]> = [
    ['cucumber.js', manifest.type === 'module' ? CONFIG_ESM : CONFIG],
    [path.join('features', 'support', 'models.ts'), MODELS],
    [path.join('features', 'notes.feature'), FEATURE],
  ];
  const kept: string[] = [];
  for (const [file, text] of files) {
    const target = path.join(cwd, file);
    if (existsSync(target) && !force) {
      kept.push(file);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    process.stdout.write(`wrote ${file}\n`);
  }
  const scripts = { ...manifest.scripts };
  const added: string[] = [];
  for (const [name, command] of Object.entries(SCRIPTS)) {
    if (scripts[name] === command) continue;
    if (scripts[name] !== undefined && !force) kept.push(`the npm script "${name}" (${scripts[name]})`);
    else {
      scripts[name] = command;
      added.push(`"${name}": "${command}"`);
    }
  }
  if (added.length > 0) {
    writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`);
    process.stdout.write(`added the npm scripts ${added.join(', ')} to package.json\n`);
  }
  if (kept.length > 0) process.stdout.write(`kept, as they exist (parity init --force replaces them): ${kept.join(', ')}\n`);
  process.stdout.write(
    '\nNext: npx cucumber-js --profile sqlite   (one backend; needs sequelize and sqlite3)\n' +
      '      npx parity spec                     (every backend, then reports/index.html)\n',
  );
  return 0;
}

import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

describe("import 'parity-orm/cucumber'", function () {
  it('defines every step file of the specification (a team gets the whole vocabulary)', function () {
    const folder = path.join(__dirname, '..', '..', 'features', 'step_definitions');
    const entry = readFileSync(path.join(__dirname, 'index.ts'), 'utf8');
    const missing = readdirSync(folder)
      .filter((file) => file.endsWith('.steps.ts'))
      .filter((file) => !entry.includes(`'../../features/step_definitions/${file.replace(/\.ts$/, '')}'`));
    expect(missing, 'step files src/cucumber/index.ts does not import').to.deep.equal([]);
  });
});

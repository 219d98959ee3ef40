import { expect } from 'chai';
import { ESLint } from 'eslint';
import path from 'node:path';

/** Lints source text as if it lived at `file`, returning the messages of the layer rule. */
async function layerViolations(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: path.resolve(__dirname, '..') });
  const [result] = await eslint.lintText(source, { filePath: path.resolve(__dirname, '..', file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rules in eslint.config.mjs', function () {
  this.timeout(60_000);

  it('fail a step definition that imports the ORM', async () => {
    const found = await layerViolations(
      'features/step_definitions/bad.steps.ts',
      "import { defineModel } from '../../src/orm';\nvoid defineModel;\n",
    );
    expect(found).to.have.length(1);
    expect(found[0]).to.include('may import only the DSL');
  });

  it('fail a step definition that imports a driver', async () => {
    const found = await layerViolations(
      'features/step_definitions/bad.steps.ts',
      "import { createDriver } from '../../src/drivers';\nvoid createDriver;\n",
    );
    expect(found).to.have.length(1);
  });

  it('fail a step definition that imports anything else, such as node:fs', async () => {
    const found = await layerViolations('features/step_definitions/bad.steps.ts', "import fs from 'node:fs';\nvoid fs;\n");
    expect(found).to.have.length(1);
  });

  it('let a step definition import the DSL, Cucumber and chai', async () => {
    const source = [
      "import { Given } from '@cucumber/cucumber';",
      "import { expect } from 'chai';",
      "import type { DslWorld } from '../../src/dsl';",
      'void Given; void expect;',
      'export type W = DslWorld;',
      '',
    ].join('\n');
    expect(await layerViolations('features/step_definitions/good.steps.ts', source)).to.deep.equal([]);
  });

  it('fail the DSL when it imports a driver implementation or the registry', async () => {
    const source =
      "import { createInMemoryDriver } from '../drivers/inmemory';\nimport { createDriver } from '../drivers';\nvoid createInMemoryDriver; void createDriver;\n";
    const found = await layerViolations('src/dsl/bad.ts', source);
    expect(found).to.have.length(2);
    expect(found[0]).to.include('never a driver implementation');
  });

  it('let the DSL import the Driver contract', async () => {
    expect(
      await layerViolations('src/dsl/good.ts', "import type { Driver } from '../drivers/driver';\nexport type D = Driver;\n"),
    ).to.deep.equal([]);
  });
});

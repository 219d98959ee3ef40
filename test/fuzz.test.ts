import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Keyword, Product, TodoItem, User, specModels } from '../features/models';
import { fuzz } from '../src/fuzz/fuzz';
import './fixtures/fuzz/planted-driver';

const root = path.resolve(__dirname, '..');

function runFeature(file: string, backend: string): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', '.bin', 'cucumber-js'), '--config', 'test/fixtures/fuzz/cucumber.planted.js', file],
    {
      cwd: root,
      env: { ...process.env, PARITY_BACKEND: backend },
      encoding: 'utf8',
    },
  );
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('the differential tester', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-fuzz-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a planted difference, shrinks it, and writes a scenario that fails on that backend only', async () => {
    // The models with nullable ordered fields, so that the planted nulls-last ordering shows within the runs.
    const models = [User, TodoItem, Product, Keyword];
    const [result] = await fuzz({ backends: ['planted'], models, runs: 500, seed: 4242, reportDir: dir });
    expect(result?.difference, 'a difference is found').to.not.equal(undefined);
    const { scenario, file } = result!.difference!;
    expect(scenario).to.match(/^ {2}Scenario: planted agrees with inmemory/);
    // Shrunk: a handful of steps, not the twenty a sequence may have.
    expect(scenario.split('\n').filter((l) => /^ {4}(When|Given)/.test(l)).length).to.be.at.most(6);
    expect(readFileSync(file, 'utf8')).to.include(scenario);

    const onReference = runFeature(file, 'inmemory');
    expect(onReference.status, onReference.output).to.equal(0);
    const onPlanted = runFeature(file, 'planted');
    expect(onPlanted.status, onPlanted.output).to.not.equal(0);
    expect(onPlanted.output).to.include('1 scenario (1 failed)');
  });

  it('finds no difference between the reference and itself', async () => {
    const [result] = await fuzz({ backends: ['inmemory'], models: specModels, runs: 50, seed: 7, reportDir: dir });
    expect(result?.difference).to.equal(undefined);
    expect(result?.runs).to.equal(50);
  });
});

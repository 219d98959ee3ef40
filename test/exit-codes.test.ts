import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scenarioCounts } from './cucumber-fixture';

const root = path.resolve(__dirname, '..');
const cucumber = path.join(root, 'node_modules', '.bin', 'cucumber-js');
const machineServer = process.env.PARITY_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function machineServerAnswers(): boolean {
  const { hostname, port } = new URL(machineServer);
  return spawnSync('pg_isready', ['-h', hostname, '-p', port || '5432', '-q']).status === 0;
}

/** Every route a run can take to an engine; `PARITY_*` variables not named here are removed. */
const routes: { name: string; env: (dir: string) => Record<string, string>; available?: () => boolean }[] = [
  { name: 'inmemory', env: () => ({ PARITY_BACKEND: 'inmemory' }) },
  { name: 'sqlite in memory', env: () => ({ PARITY_BACKEND: 'sqlite' }) },
  {
    name: 'sqlite on a file (PARITY_SQLITE_FILE)',
    env: (dir) => ({ PARITY_BACKEND: 'sqlite', PARITY_SQLITE_FILE: path.join(dir, 'run.sqlite') }),
  },
  {
    name: 'postgres on a server named by PARITY_POSTGRES_URL',
    env: () => ({ PARITY_BACKEND: 'postgres', PARITY_POSTGRES_URL: machineServer }),
    available: machineServerAnswers,
  },
  { name: 'postgres embedded (no URL)', env: () => ({ PARITY_BACKEND: 'postgres' }) },
  { name: 'dynamodb from the DynamoDB Local jar', env: () => ({ PARITY_BACKEND: 'dynamodb' }) },
];

describe('a run with failing, undefined and ambiguous scenarios exits non-zero (real Cucumber runs, every route)', function () {
  this.timeout(180_000);
  for (const route of routes) {
    it(`on ${route.name}`, function () {
      if (route.available && !route.available()) this.skip();
      const dir = mkdtempSync(path.join(tmpdir(), 'parity-outcomes-'));
      try {
        const env: NodeJS.ProcessEnv = { ...process.env };
        for (const name of Object.keys(env)) if (name.startsWith('PARITY_')) delete env[name];
        Object.assign(env, route.env(dir), {
          PARITY_FIXTURE_MESSAGES: path.join(dir, 'messages.ndjson'),
          PARITY_FIXTURE_JUNIT: path.join(dir, 'junit.xml'),
          PARITY_RUN_ID: `outcomes_${process.pid}`,
        });
        const run = spawnSync(
          process.execPath,
          [
            cucumber,
            '--config',
            'test/fixtures/cucumber.fixtures.js',
            '--profile',
            'outcomes',
            'test/fixtures/features/outcomes/failing.feature',
          ],
          { cwd: root, env, encoding: 'utf8' },
        );
        const output = `${run.stdout}\n${run.stderr}`;
        expect(scenarioCounts(output), `every planted outcome was reached: ${output}`).to.deep.equal({
          scenarios: 4,
          failed: 1,
          ambiguous: 1,
          undefined: 1,
          passed: 1,
        });
        expect(run.status, output).to.equal(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

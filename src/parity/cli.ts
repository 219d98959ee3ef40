/*
 * `npm run spec`: the whole specification on every backend, then the parity matrix.
 * Run with ts-node (transpile-only) like the rest: `node -r ts-node/register/transpile-only src/parity/cli.ts --help`.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { configuredBackends } from './configured-backends';
import { runParity, readColumn, writeMatrix } from './parity-run';
import { ProgressDisplay } from './progress-display';
import type { Shard } from './report-folders';
import { summaryTable } from './summary-table';

const usage = `Usage: npm run spec -- [options]

Runs every feature on every backend (one Cucumber profile per backend), starting each backend's
engine once, then writes reports/index.html: the parity matrix of scenarios × backends.

Options:
  --backends a,b     the backends to run (default: every profile in the config: BACKENDS)
  --tags <expr>      a Cucumber tag expression selecting scenarios ("not @slow")
  --workers <n>      Cucumber workers per backend (--parallel n; default 1)
  --shard <i>/<n>    run shard i of n of every backend; reports go to reports/<backend>/shard-<i>-of-<n>/
  --order <type>     Cucumber's --order: defined (default), random, random:<seed>
  --concurrency <n>  how many backends run side by side (default 2)
  --matrix-only      run nothing: build reports/index.html from the reports already there (merging shards)
  --config <file>    the Cucumber configuration (default cucumber.js)
  --reports <dir>    the reports folder (default reports)
  -h, --help         show this help

Exits non-zero when any scenario fails on any backend, an @xfail- scenario passes or has no
reason, or (with CI=true) a backend's engine cannot be started.`;

/** Runs the parity command with the given arguments and returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      backends: { type: 'string' },
      tags: { type: 'string' },
      workers: { type: 'string' },
      shard: { type: 'string' },
      order: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      'matrix-only': { type: 'boolean', default: false },
      config: { type: 'string', default: 'cucumber.js' },
      reports: { type: 'string', default: 'reports' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const cwd = process.cwd();
  const known = configuredBackends(path.resolve(cwd, values.config));
  if (values.help) {
    process.stdout.write(`${usage.replace('BACKENDS', known.join(', '))}\n`);
    return 0;
  }
  const backends =
    values.backends === undefined
      ? known
      : values.backends
          .split(',')
          .map((b) => b.trim())
          .filter((b) => b !== '');
  const unknown = backends.filter((b) => !known.includes(b));
  if (unknown.length > 0 || backends.length === 0) {
    throw new UsageError(
      `There is no profile for ${unknown.length > 0 ? unknown.map((b) => JSON.stringify(b)).join(', ') : 'an empty backend list'} in ${values.config}. ` +
        `Known backends: ${known.join(', ')}. A backend joins the parity run by having a profile of its name in ${values.config}.`,
    );
  }
  const reportsRoot = path.resolve(cwd, values.reports);
  if (values['matrix-only']) {
    const columns = backends.map((b) => readColumn(reportsRoot, b)).filter((c) => c.runs.length > 0);
    if (columns.length === 0)
      throw new UsageError(`There are no reports under ${values.reports}/<backend>/ to build a matrix from: run npm run spec first.`);
    const { matrix, matrixFile } = writeMatrix(reportsRoot, columns);
    process.stdout.write(`${summaryTable(matrix, path.relative(cwd, matrixFile))}\n`);
    return matrix.ok ? 0 : 1;
  }
  const outcome = await runParity({
    cwd,
    config: values.config,
    backends,
    reportsRoot,
    tags: values.tags,
    workers: values.workers === undefined ? undefined : positive('--workers', values.workers),
    shard: values.shard === undefined ? undefined : shard(values.shard),
    order: values.order,
    concurrency: positive('--concurrency', values.concurrency),
    requireAll: process.env.CI === 'true',
    progress: new ProgressDisplay(backends),
  });
  process.stdout.write(`\n${summaryTable(outcome.matrix, path.relative(cwd, outcome.matrixFile))}\n`);
  for (const failure of outcome.failures) process.stdout.write(`  ✗ ${failure}\n`);
  process.stdout.write(outcome.ok ? 'Every backend agrees.\n' : 'The parity run failed.\n');
  return outcome.ok ? 0 : 1;
}

/** A mistake in the command line: shown without a stack trace. */
class UsageError extends Error {}

function positive(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} takes a whole number of at least 1, not ${JSON.stringify(text)}.`);
  return n;
}

function shard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || count < 1 || index > count) {
    throw new UsageError(`--shard takes <index>/<count> with 1 ≤ index ≤ count, as in --shard 1/3; not ${JSON.stringify(text)}.`);
  }
  return { index, count };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const usageError = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      process.stderr.write(`${usageError ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
      if (usageError) process.stderr.write('Run npm run spec -- --help for the options.\n');
      process.exit(2);
    },
  );
}

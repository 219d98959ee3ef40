/*
 * `npm run spec`: the whole specification on every backend, then the parity matrix.
 * Run with ts-node (transpile-only) like the rest: `node -r ts-node/register/transpile-only src/parity/cli.ts --help`.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { registerCleanup } from '../drivers/cleanup';
import { backendNames, DATABASES_VARIABLE, isRunName, MIXED_BACKEND_NAME } from '../backend-names';
import { configuredBackends } from './configured-backends';
import { runParity, readColumn, SPEC_COMMAND, unavailableFailures, writeMatrix } from './parity-run';
import { ProgressDisplay } from './progress-display';
import type { Shard } from './report-folders';
import { acquireParityLock, ReportsInUseError } from './report-lock';
import { ReportFileError } from './scenario-results';
import { summaryTable, verdict } from './summary-table';

const usage = `Usage: npm run spec -- [options] [feature paths]

Runs every feature on every backend (one Cucumber profile per backend), starting each backend's
engine once, then writes reports/index.html: the parity matrix of scenarios × backends. Feature
paths (files, folders, file:line) narrow every backend's run to them, as with cucumber-js.

Options:
  --backends a,b     the backends and mixed profiles to run (default: every profile in the
                     config: BACKENDS)
  --allow-unavailable [a,b]
                     let the run pass when these backends' engines cannot be started (all when
                     no list follows); without it a backend that did not run fails the run.
                     Not with CI=true: CI must prove every backend it runs (name them with --backends)
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
reason, or a backend's engine cannot be started (unless --allow-unavailable names it).
A mixed profile (postgres+dynamodb: some database aliases on the second backend) is a column of
its own; its backends' engines are started for it. PARITY_BACKEND and PARITY_DATABASES are
ignored: each backend runs on its own profile.`;

/** A backend name list, as --backends takes it (mixed names too): what --allow-unavailable may take. */
function isBackendList(text: string): boolean {
  return text.split(',').every((name) => isRunName(name));
}

/** Runs the parity command with the given arguments and returns its exit code. */
export async function main(argv: readonly string[], command = SPEC_COMMAND): Promise<number> {
  const { values, positionals: paths } = parseArgs({
    args: withAllowUnavailableValue(argv, process.cwd()),
    options: {
      backends: { type: 'string' },
      'allow-unavailable': { type: 'string', multiple: true },
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
    allowPositionals: true,
  });
  const cwd = process.cwd();
  const known = configuredBackends(path.resolve(cwd, values.config));
  if (values.help) {
    process.stdout.write(`${usage.replace('BACKENDS', known.join(', ')).replace(SPEC_COMMAND, command)}\n`);
    return 0;
  }
  const backends = values.backends === undefined ? known : backendNames(values.backends);
  const unknown = backends.filter((b) => !known.includes(b));
  if (unknown.length > 0 || backends.length === 0) {
    const mixed = unknown.find((b) => MIXED_BACKEND_NAME.test(b));
    throw new UsageError(
      `There is no profile for ${unknown.length > 0 ? unknown.map((b) => JSON.stringify(b)).join(', ') : 'an empty backend list'} in ${values.config}. ` +
        `Known backends: ${known.join(', ')}. A backend joins the parity run by having a profile of its name in ${values.config}` +
        (mixed === undefined
          ? '.'
          : `; a mixed one is declared with the aliases it moves: parityProfiles({ mixed: { '${mixed}': { <alias>: '${mixed.split('+')[1]}' } } }).`),
    );
  }
  const allowUnavailable = new Set(
    (values['allow-unavailable'] ?? []).flatMap((list) => (list === '' ? backends : list.split(',').map((b) => b.trim()))),
  );
  const unknownAllowed = [...allowUnavailable].filter((b) => !known.includes(b));
  if (unknownAllowed.length > 0) {
    throw new UsageError(
      `--allow-unavailable names ${unknownAllowed.map((b) => JSON.stringify(b)).join(', ')}, which has no profile in ${values.config}. ` +
        `Known backends: ${known.join(', ')}.`,
    );
  }
  if (process.env.PARITY_BACKEND) {
    process.stderr.write(
      `PARITY_BACKEND=${process.env.PARITY_BACKEND} is set: the parity run ignores it and runs each backend on its own profile ` +
        `(${backends.join(', ')}). To run one backend: npm run spec -- --backends ${process.env.PARITY_BACKEND}.\n`,
    );
  }
  if (process.env[DATABASES_VARIABLE]) {
    process.stderr.write(
      `${DATABASES_VARIABLE}=${process.env[DATABASES_VARIABLE]} is set: the parity run ignores it, since each profile says where its ` +
        `databases are (a mixed profile by its own mapping: parityProfiles({ mixed: … }) in ${values.config}).\n`,
    );
  }
  for (const given of paths) {
    const file = given.replace(/(:\d+)+$/, ''); // file:line
    if (!/[*?[{]/.test(file) && !file.startsWith('@') && !existsSync(path.resolve(cwd, file))) {
      throw new UsageError(`There is no feature file or folder ${JSON.stringify(given)} (from ${cwd}).`);
    }
  }
  const reportsRoot = path.resolve(cwd, values.reports);
  const requireAll = process.env.CI === 'true';
  const release = acquireParityLock(reportsRoot, `npm run spec -- ${argv.join(' ')}`.trim());
  const unregister = registerCleanup({ name: `the lock on ${values.reports}`, stop: async () => release(), kill: release });
  try {
    if (values['matrix-only']) {
      if (paths.length > 0) throw new UsageError(`--matrix-only runs nothing, so it takes no feature paths (${paths.join(' ')}).`);
      return matrixOnly(cwd, values.reports, reportsRoot, backends, allowUnavailable, requireAll, command);
    }
    return await run();
  } finally {
    release();
    unregister();
  }

  async function run(): Promise<number> {
    const outcome = await runParity({
      cwd,
      config: values.config,
      backends,
      reportsRoot,
      paths,
      allowUnavailable,
      tags: values.tags,
      workers: values.workers === undefined ? undefined : positive('--workers', values.workers),
      shard: values.shard === undefined ? undefined : shard(values.shard),
      order: values.order,
      concurrency: positive('--concurrency', values.concurrency),
      requireAll,
      command,
      progress: new ProgressDisplay(backends),
    });
    process.stdout.write(`\n${summaryTable(outcome.matrix, path.relative(cwd, outcome.matrixFile))}\n`);
    for (const failure of outcome.failures) process.stdout.write(`  ✗ ${failure}\n`);
    process.stdout.write(`${verdict(outcome.matrix, outcome.ok)}\n`);
    return outcome.ok ? 0 : 1;
  }
}

/** `--matrix-only`: the matrix from the reports on disk, failing as the run that wrote them would. */
function matrixOnly(
  cwd: string,
  reports: string,
  reportsRoot: string,
  backends: readonly string[],
  allowUnavailable: ReadonlySet<string>,
  requireAll: boolean,
  command: string,
): number {
  let columns;
  try {
    columns = backends
      .map((b) => readColumn(reportsRoot, b))
      .filter((c) => c.runs.length > 0 || c.unavailable !== undefined || (c.errors ?? []).length > 0);
  } catch (error) {
    if (error instanceof ReportFileError) throw new UsageError(error.message);
    throw error;
  }
  if (columns.length === 0)
    throw new UsageError(`There are no reports under ${reports}/<backend>/ to build a matrix from: run npm run spec first.`);
  const { matrix, matrixFile } = writeMatrix(reportsRoot, columns);
  const failures = unavailableFailures(columns, allowUnavailable, requireAll, command);
  process.stdout.write(`${summaryTable(matrix, path.relative(cwd, matrixFile))}\n`);
  for (const failure of failures) process.stdout.write(`  ✗ ${failure}\n`);
  const ok = matrix.ok && failures.length === 0;
  process.stdout.write(`${verdict(matrix, ok)}\n`);
  return ok ? 0 : 1;
}

/**
 * `--allow-unavailable` takes an optional list of backends: a bare one (at the end, or before an
 * option or a feature path that exists) becomes `--allow-unavailable=`, meaning every backend.
 */
function withAllowUnavailableValue(argv: readonly string[], cwd: string): string[] {
  return argv.flatMap((arg, i) => {
    if (arg !== '--allow-unavailable') return [arg];
    const next = argv[i + 1];
    return next !== undefined && isBackendList(next) && !existsSync(path.resolve(cwd, next)) ? [arg] : ['--allow-unavailable='];
  });
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

/** Runs the command and returns its exit code; a mistake in the command line is one line (no stack), with a hint to --help. */
export async function runCommand(argv: readonly string[], name = SPEC_COMMAND): Promise<number> {
  try {
    return await main(argv, name);
  } catch (error) {
    const usageError =
      error instanceof UsageError || error instanceof ReportsInUseError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`${usageError ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
    if (usageError) process.stderr.write(`Run ${name} --help for the options.\n`);
    return 2;
  }
}

if (require.main === module) {
  void runCommand(process.argv.slice(2)).then((code) => process.exit(code));
}

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { backendParts } from '../backend-names';
import { registerCleanup } from '../drivers/cleanup';
import type { StartedEngine } from '../drivers/driver';
import { ENGINE_DESCRIPTION_VARIABLE, lostEngine } from '../drivers/engine-watch';
import { engineStarter } from '../drivers/registry';
import { runCucumber } from './cucumber-run';
import { renderMatrixPage } from './matrix-page';
import { buildParityMatrix, type BackendColumn, type ParityMatrix } from './parity-matrix';
import type { ProgressDisplay } from './progress-display';
import { markUnavailable, removeStaleReports, reportFolder, reportFolders, unavailableReasons, type Shard } from './report-folders';
import { readScenarioResults, ReportFileError, type BackendResults } from './scenario-results';

/** What the parity run runs, and how. */
export interface ParityRunOptions {
  /** The project folder. */
  readonly cwd: string;
  /** The Cucumber configuration file with one profile per backend (`cucumber.js`). */
  readonly config: string;
  /** The backends to run, in order. */
  readonly backends: readonly string[];
  /** The folder for the reports and the matrix (`reports`). */
  readonly reportsRoot: string;
  /** Feature paths narrowing every backend's run (files, folders, `file:line`), passed on to Cucumber. */
  readonly paths?: readonly string[] | undefined;
  /** Backends that may be unavailable without failing the run (ignored when `requireAll`). */
  readonly allowUnavailable?: ReadonlySet<string> | undefined;
  /** A Cucumber tag expression selecting scenarios. */
  readonly tags?: string | undefined;
  /** Cucumber workers per backend (`--parallel`). */
  readonly workers?: number | undefined;
  readonly shard?: Shard | undefined;
  /** Cucumber's `--order` (`defined`, `random`, `random:<seed>`). */
  readonly order?: string | undefined;
  /** How many backends run side by side. */
  readonly concurrency: number;
  /** Whether every backend must run, whatever `allowUnavailable` says (in CI). */
  readonly requireAll: boolean;
  /** How the user runs the parity run, for hints (default `npm run spec --`, as in this repository). */
  readonly command?: string;
  readonly progress: ProgressDisplay;
}

/** The run's result: the matrix (also written as `<reportsRoot>/index.html`) and whether it passed. */
export interface ParityRunOutcome {
  readonly matrix: ParityMatrix;
  readonly matrixFile: string;
  /** Why the run fails besides the matrix's own problems (a backend did not run). */
  readonly failures: readonly string[];
  readonly ok: boolean;
}

/**
 * Runs the specification on every backend, each through its own Cucumber profile in a child
 * process, starting each backend's engine once (stopped at the end, also on failure or Ctrl-C),
 * then writes the parity matrix. A mixed profile (`postgres+dynamodb`) is a column like any
 * other, with the engines of its backends started for it.
 */
export async function runParity(options: ParityRunOptions): Promise<ParityRunOutcome> {
  const columns = new Map<string, BackendColumn>();
  // Backends with an engine outside the process go first: they are the slow ones, and mostly wait
  // on their engine, so they overlap best with the in-process backends on a small machine.
  const hasEngine = async (part: string): Promise<boolean> => (await engineStarter(part).catch(() => undefined)) !== undefined;
  const external = await Promise.all(
    options.backends.map(async (b) => (await Promise.all(backendParts(b).map(hasEngine))).some((found) => found)),
  );
  const queue = [...options.backends].sort(
    (a, b) => Number(external[options.backends.indexOf(b)]) - Number(external[options.backends.indexOf(a)]),
  );
  const worker = async (): Promise<void> => {
    for (let backend = queue.shift(); backend !== undefined; backend = queue.shift()) {
      columns.set(backend, await runBackend(backend, options));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
  options.progress.finish();
  const ordered = options.backends.map((b) => columns.get(b)!);
  const failures = unavailableFailures(ordered, options.allowUnavailable ?? new Set(), options.requireAll, options.command);
  const { matrix, matrixFile } = writeMatrix(options.reportsRoot, ordered);
  return { matrix, matrixFile, failures, ok: matrix.ok && failures.length === 0 };
}

/** How this repository runs the parity run, in hints; from an installed package it is `parity spec`. */
export const SPEC_COMMAND = 'npm run spec --';

/** Why backends that did not run fail the run: every one, unless allowed (never in CI). */
export function unavailableFailures(
  columns: readonly BackendColumn[],
  allowed: ReadonlySet<string>,
  requireAll: boolean,
  command = SPEC_COMMAND,
): string[] {
  return columns.flatMap((c) => {
    if (c.unavailable === undefined) return [];
    if (requireAll) {
      const allowance = allowed.has(c.backend) ? ' (--allow-unavailable does not apply in CI: leave it out with --backends instead)' : '';
      return [`${c.backend} must run in CI (CI=true), but it did not${allowance}: ${c.unavailable}`];
    }
    if (allowed.has(c.backend)) return [];
    return [
      `${c.backend} did not run, so the run cannot say it agrees: ${c.unavailable}\n` +
        `    Fix its engine, or run without it: ${command} --allow-unavailable ${c.backend}`,
    ];
  });
}

/** Builds the matrix from backends' columns and writes it to `<reportsRoot>/index.html`. */
export function writeMatrix(reportsRoot: string, columns: readonly BackendColumn[]): { matrix: ParityMatrix; matrixFile: string } {
  const matrix = buildParityMatrix(columns);
  const matrixFile = path.join(reportsRoot, 'index.html');
  mkdirSync(reportsRoot, { recursive: true });
  writeFileSync(matrixFile, renderMatrixPage(matrix));
  return { matrix, matrixFile };
}

/** A backend's column from the reports already on disk (its shard folders when there are any). */
export function readColumn(
  reportsRoot: string,
  backend: string,
  shardCount?: number,
  errors: readonly string[] = [],
  alreadyRead: ReadonlyMap<string, BackendResults> = new Map(),
): BackendColumn {
  const unavailable = unavailableReasons(reportsRoot, backend, shardCount);
  const damaged: string[] = [];
  const runs: BackendResults[] = reportFolders(reportsRoot, backend, shardCount).flatMap((folder) => {
    const relative = (file: string): string => path.relative(reportsRoot, path.join(folder, file)).split(path.sep).join('/');
    const log = existsSync(path.join(folder, 'output.log')) ? relative('output.log') : undefined;
    try {
      const results = alreadyRead.get(folder) ?? readScenarioResults(path.join(folder, 'messages.ndjson'), relative('report.html'));
      return [{ ...results, log }];
    } catch (error) {
      if (!(error instanceof ReportFileError)) throw error;
      damaged.push(error.message);
      return [];
    }
  });
  return { backend, runs, errors: [...errors, ...damaged], unavailable: unavailable.length > 0 ? unavailable.join('; ') : undefined };
}

async function runBackend(backend: string, options: ParityRunOptions): Promise<BackendColumn> {
  const { progress } = options;
  progress.update(backend, { phase: 'starting engine' });
  let engines: ColumnEngine[];
  try {
    engines = await startEngines(backend);
  } catch (error) {
    const reason = (error as Error).message;
    progress.update(backend, { phase: 'unavailable', reason });
    removeStaleReports(options.reportsRoot, backend, options.shard);
    markUnavailable(reportFolder(options.reportsRoot, backend, options.shard), reason);
    return { backend, runs: [], unavailable: reason };
  }
  const unregister = engines.map(({ part, engine }) =>
    registerCleanup({
      name: `the ${part} engine${part === backend ? '' : ` of ${backend}`} (${engine.description})`,
      stop: () => engine.stop(),
    }),
  );
  try {
    removeStaleReports(options.reportsRoot, backend, options.shard);
    const reportsDir = reportFolder(options.reportsRoot, backend, options.shard);
    markUnavailable(reportsDir, undefined);
    const args = [
      ...(options.tags !== undefined ? ['--tags', options.tags] : []),
      ...(options.workers !== undefined && options.workers > 1 ? ['--parallel', String(options.workers)] : []),
      ...(options.shard !== undefined ? ['--shard', `${options.shard.index}/${options.shard.count}`] : []),
      ...(options.order !== undefined ? ['--order', options.order] : []),
      ...(options.paths ?? []),
    ];
    progress.update(backend, { phase: 'running', progress: { total: 0, done: 0, failed: 0 } });
    const outcome = await runCucumber({
      cwd: options.cwd,
      config: options.config,
      profile: backend,
      args,
      reportsDir,
      env: { ...engineEnv(engines), ...runId(backend) },
      onProgress: (p) => progress.update(backend, { phase: 'running', progress: p }),
    });
    const errors: string[] = [];
    // An engine this process started has died mid-run: the scenarios after the one it broke were skipped.
    for (const { engine } of engines) {
      const lost = lostEngine(engine.description);
      if (lost !== undefined)
        errors.push(`${lost.name} has gone mid-run (${lost.reason}): the scenarios after the one it broke were not run.`);
    }
    const report = path.relative(options.reportsRoot, path.join(reportsDir, 'report.html')).split(path.sep).join('/');
    let own: BackendResults | undefined;
    let damaged = false;
    try {
      own = outcome.messages === undefined ? undefined : readScenarioResults(outcome.messages, report);
    } catch (error) {
      if (!(error instanceof ReportFileError)) throw error;
      damaged = true; // readColumn reports it
    }
    if (damaged) {
      // readColumn below reads the file again and names the damaged line
    } else if (own === undefined) {
      errors.push(`cucumber-js wrote no messages (exit code ${outcome.exitCode}): ${lastLines(outcome.log)}`);
    } else if (outcome.exitCode !== 0 && own.runErrors.length === 0 && !own.scenarios.some((s) => s.status === 'failed')) {
      errors.push(`cucumber-js exited with code ${outcome.exitCode} without a failing scenario: ${lastLines(outcome.log)}`);
    }
    const column = readColumn(options.reportsRoot, backend, options.shard?.count, errors, own && new Map([[reportsDir, own]]));
    const problems = column.errors ?? [];
    const done = own?.scenarios.length ?? 0;
    const failed = own?.scenarios.filter((s) => s.status === 'failed').length ?? 0;
    progress.update(
      backend,
      problems.length > 0 ? { phase: 'broken', reason: problems.join('; ') } : { phase: 'done', progress: { total: done, done, failed } },
    );
    return { ...column, engine: engineDescription(backend, engines) };
  } finally {
    for (const [index, { part, engine }] of [...engines.entries()].reverse()) {
      await engine
        .stop()
        .catch((error: unknown) => process.stderr.write(`Could not stop the ${part} engine: ${(error as Error).message}\n`));
      unregister[index]!();
    }
  }
}

/** An engine a column runs on, and the backend (a part of the column's name) it is for. */
interface ColumnEngine {
  readonly part: string;
  readonly engine: StartedEngine;
}

/**
 * Starts the engines of a column: its backend's, or those of each backend of a mixed name, side by
 * side, each once. If one cannot be started, those that were are stopped again and the error names
 * the backend that failed (for a mixed name), so the column is unavailable with the reason.
 */
async function startEngines(backend: string): Promise<ColumnEngine[]> {
  const parts = [...new Set(backendParts(backend))];
  const settled = await Promise.allSettled(
    parts.map(async (part) => {
      const started = await (await engineStarter(part))?.();
      return started && { part, engine: started };
    }),
  );
  const engines = settled.flatMap((s) => (s.status === 'fulfilled' && s.value !== undefined ? [s.value] : []));
  const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ part: parts[i]!, error: s.reason as Error }] : []));
  if (failures.length === 0) return engines;
  await Promise.all(engines.map(({ engine }) => engine.stop().catch(() => undefined)));
  if (parts.length === 1) throw failures[0]!.error;
  throw new Error(failures.map(({ part, error }) => `${part}: ${error.message}`).join('\n'));
}

/** The environment pointing a column's run at its engines; with several, the engine descriptions join. */
function engineEnv(engines: readonly ColumnEngine[]): Record<string, string> {
  const env: Record<string, string> = Object.assign({}, ...engines.map(({ engine }) => engine.env));
  const described = engines.flatMap(({ engine }) => engine.env[ENGINE_DESCRIPTION_VARIABLE] ?? []);
  if (described.length > 1) env[ENGINE_DESCRIPTION_VARIABLE] = described.join(' and ');
  return env;
}

/** How a column's engines were had, for the matrix: each labelled with its backend when the name is mixed. */
function engineDescription(backend: string, engines: readonly ColumnEngine[]): string | undefined {
  if (engines.length === 0) return undefined;
  if (backendParts(backend).length === 1) return engines[0]!.engine.description;
  return engines.map(({ part, engine }) => `${part}: ${engine.description}`).join('; ');
}

/**
 * A PARITY_RUN_ID given to the parity run, made the column's own: two columns on one PostgreSQL
 * server at once (postgres and postgres+dynamodb) would otherwise both create `parity_test_<run>_w0`.
 * The run's databases still all start with `parity_test_<run>_`.
 */
function runId(backend: string): Record<string, string> {
  const given = process.env.PARITY_RUN_ID;
  return given ? { PARITY_RUN_ID: `${given}_${backend.replace(/[^a-z0-9_]/g, '_')}` } : {};
}

function lastLines(log: string): string {
  const lines = log.trim().split('\n');
  return lines.slice(-15).join('\n') || '(no output)';
}

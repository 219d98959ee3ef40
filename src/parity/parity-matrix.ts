import { NOT_RUN_LOG } from '../world/run';
import type { BackendResults, ScenarioIdentity, ScenarioResult } from './scenario-results';

/** What a cell of the matrix shows. */
export type CellStatus = 'passed' | 'failed' | 'skipped' | 'expected-failure' | 'unexpectedly-passed' | 'not-run';

/** Every cell status, in the order the page and the summary list them. */
export const cellStatuses: readonly CellStatus[] = ['passed', 'failed', 'skipped', 'expected-failure', 'unexpectedly-passed', 'not-run'];

/** One backend's column: the results of its run (one per shard), or why it did not run. */
export interface BackendColumn {
  readonly backend: string;
  readonly runs: readonly BackendResults[];
  /** Why the backend's engine could not be started; its cells are then "not run". */
  readonly unavailable?: string | undefined;
  /** How the engine was had ("embedded PostgreSQL 18 on 127.0.0.1:54329"), when there is one. */
  readonly engine?: string | undefined;
  /** Failures outside any scenario: a crashed run, a failed BeforeAll hook. */
  readonly errors?: readonly string[] | undefined;
}

/** One scenario on one backend. */
export interface MatrixCell {
  readonly status: CellStatus;
  readonly result: ScenarioResult | undefined;
  /** The reason of the backend's `@xfail-<backend>` tag, for an expected failure or an unexpected pass. */
  readonly xfailReason: string | undefined;
}

/** One scenario (or outline example) across every backend. */
export interface MatrixRow extends ScenarioIdentity {
  /** One cell per backend, in the order of `ParityMatrix.backends`. */
  readonly cells: readonly MatrixCell[];
  /** It is meant to run somewhere: on at least one backend it is not skipped by its tags. */
  readonly meantToRun: boolean;
  /** It passes on every backend where it is meant to run. */
  readonly atParity: boolean;
  /** Its cells do not all show the same status. */
  readonly differs: boolean;
}

/** A backend's cell counts and run time. */
export type BackendCounts = Record<CellStatus, number> & { readonly durationMs: number };

/** The scenarios × backends grid, with counts, the parity figure and everything that fails the run. */
export interface ParityMatrix {
  readonly backends: readonly BackendColumn[];
  readonly rows: readonly MatrixRow[];
  readonly counts: readonly BackendCounts[];
  /** Scenarios that pass on every backend where they are meant to run, out of those meant to run somewhere. */
  readonly parity: { readonly atParity: number; readonly meantToRun: number };
  /** Why the run fails, besides failed cells: unexpected passes, xfail tags without a reason, run errors. */
  readonly problems: readonly string[];
  /** Whether any cell failed, any problem was found, or a backend's run broke. */
  readonly ok: boolean;
}

/** How the parity figure is defined, shown on the page and in the README. */
export const parityDefinition =
  'Parity is the share of scenarios that pass on every backend where they are meant to run. A scenario is meant to run on a ' +
  'backend unless its tags skip it there (@skip-, @only-, @requires-, @without-); scenarios skipped everywhere are left out. An expected ' +
  'failure (@xfail-) is a known gap, so it does not count as passing, and neither does a backend that did not run.';

/** Joins the backends' results into one row per scenario and one column per backend. */
export function buildParityMatrix(backends: readonly BackendColumn[]): ParityMatrix {
  const byKey = backends.map((column) => {
    const results = new Map<string, ScenarioResult>();
    for (const run of column.runs) for (const result of run.scenarios) results.set(result.key, result);
    return results;
  });
  const keys = new Map<string, ScenarioResult>();
  for (const results of byKey) for (const [key, result] of results) if (!keys.has(key)) keys.set(key, result);
  const problems: string[] = [];
  const missingReasons = new Set<string>();
  const rows: MatrixRow[] = [];
  for (const [key, first] of [...keys].sort(([, a], [, b]) => compare(a.uri, b.uri) || a.line - b.line)) {
    const cells = backends.map((column, index): MatrixCell => {
      const result = byKey[index]!.get(key);
      if (result === undefined) return { status: 'not-run', result, xfailReason: undefined };
      const xfail = result.expectedFailures.find((f) => f.backend === column.backend);
      for (const f of result.expectedFailures) {
        if (f.reason === undefined && !missingReasons.has(`${key}@${f.backend}`)) {
          missingReasons.add(`${key}@${f.backend}`);
          problems.push(
            `"${result.name}" (${result.uri}:${result.line}) is tagged @xfail-${f.backend} without a reason: ` +
              `add a comment line "# xfail-${f.backend}: <reason>" directly above the tag (line ${f.line}).`,
          );
        }
      }
      // Skipped because the environment failed earlier in the run: meant to run, and it did not.
      if (result.status === 'skipped' && result.skipReason?.startsWith(NOT_RUN_LOG))
        return { status: 'not-run', result, xfailReason: undefined };
      if (result.status === 'skipped' || xfail === undefined) return { status: result.status, result, xfailReason: undefined };
      const reason = xfail.reason ?? '(no reason given)';
      if (result.status === 'failed') return { status: 'expected-failure', result, xfailReason: reason };
      problems.push(
        `${column.backend}: "${result.name}" (${result.uri}:${result.line}) unexpectedly passed — remove the tag @xfail-${column.backend}.`,
      );
      return { status: 'unexpectedly-passed', result, xfailReason: reason };
    });
    const meant = cells.filter((c) => c.status !== 'skipped');
    rows.push({
      key,
      uri: first.uri,
      line: first.line,
      feature: first.feature,
      rule: first.rule,
      scenario: first.scenario,
      name: first.name,
      example: first.example,
      tags: first.tags,
      cells,
      meantToRun: meant.length > 0,
      atParity: meant.length > 0 && meant.every((c) => c.status === 'passed'),
      differs: new Set(cells.map((c) => c.status)).size > 1,
    });
  }
  const counts = backends.map((column, index): BackendCounts => {
    const count = Object.fromEntries(cellStatuses.map((s) => [s, 0])) as Record<CellStatus, number>;
    for (const row of rows) count[row.cells[index]!.status]++;
    return { ...count, durationMs: column.runs.reduce((total, run) => total + run.durationMs, 0) };
  });
  for (const column of backends) {
    for (const error of column.errors ?? []) problems.push(`${column.backend}: ${error}`);
    for (const run of column.runs) for (const error of run.runErrors) problems.push(`${column.backend}: ${error}`);
  }
  const meantToRun = rows.filter((r) => r.meantToRun).length;
  // A run that compared nothing proves nothing: a tag or path that selects no scenario is a mistake to report, not a pass.
  if (meantToRun === 0 && backends.some((b) => b.runs.length > 0))
    problems.push(
      'No scenario ran on any backend: the tags and feature paths selected none, or every one they selected is skipped everywhere. ' +
        'Check --tags and the paths (npx cucumber-js --dry-run --tags <expr> lists what a tag expression selects).',
    );
  const atParity = rows.filter((r) => r.atParity).length;
  const ok = problems.length === 0 && counts.every((c) => c.failed === 0);
  return { backends, rows, counts, parity: { atParity, meantToRun }, problems: [...new Set(problems)], ok };
}

/** The parity figure as a percentage with one decimal ("100%" only when every scenario is at parity). */
export function parityPercent(parity: ParityMatrix['parity']): string {
  if (parity.meantToRun === 0) return '–';
  const share = (parity.atParity / parity.meantToRun) * 100;
  return parity.atParity === parity.meantToRun ? '100%' : `${Math.min(share, 99.9).toFixed(1)}%`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { parityDefinition, parityPercent, type ParityMatrix } from './parity-matrix';

/** The most failures the summary lists one by one; the matrix shows them all. */
const maxListed = 25;

/** The end-of-run summary: a table with a row per backend, the parity figure, then every failure and problem. */
export function summaryTable(matrix: ParityMatrix, matrixFile: string): string {
  const header = ['backend', 'scenarios', 'passed', 'failed', 'skipped', 'xfail', 'xpass', 'not run', 'time', 'reports'];
  const rows = matrix.backends.map((column, index) => {
    const c = matrix.counts[index]!;
    if (column.unavailable !== undefined) return [column.backend, `did not run — unavailable: ${column.unavailable}`];
    const ran = matrix.rows.length - c['not-run'];
    const reports = [...new Set(column.runs.map((run) => run.report))];
    return [
      column.backend,
      String(ran),
      String(c.passed),
      String(c.failed),
      String(c.skipped),
      String(c['expected-failure']),
      String(c['unexpectedly-passed']),
      String(c['not-run']),
      `${(c.durationMs / 1000).toFixed(1)}s`,
      reports.length > 1 ? `${reports.length} shards` : (reports[0] ?? ''),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 2).map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]): string =>
    cells.length === 2 && cells !== header
      ? `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]}`
      : cells
          .map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
          .join('  ')
          .trimEnd();
  const lines = [format(header), ...rows.map(format)];
  lines.push(
    '',
    `Parity: ${parityPercent(matrix.parity)} — ${matrix.parity.atParity} of ${matrix.parity.meantToRun} scenarios pass on every backend where they are meant to run.`,
  );
  lines.push(`  (${parityDefinition})`);
  const failures = matrix.rows.flatMap((row) =>
    row.cells.flatMap((cell, index) =>
      cell.status === 'failed'
        ? [
            `  ✗ ${matrix.backends[index]!.backend}  ${row.uri}:${row.line}  ${row.name}\n      ${cell.result?.failedStep ?? ''}\n${firstLines(cell.result?.error)}`,
          ]
        : [],
    ),
  );
  if (failures.length > 0) {
    lines.push('', `Failed (${failures.length}):`, ...failures.slice(0, maxListed));
    if (failures.length > maxListed) lines.push(`  … and ${failures.length - maxListed} more in the matrix.`);
  }
  if (matrix.problems.length > 0) lines.push('', 'Problems:', ...matrix.problems.map((p) => `  ✗ ${p}`));
  lines.push('', `Matrix: ${matrixFile}`);
  return lines.join('\n');
}

/** The start of an error message, indented: enough to recognise it, the matrix and report have the rest. */
function firstLines(text: string | undefined): string {
  return (text ?? '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 4)
    .map((l) => `        ${l.length > 160 ? `${l.slice(0, 160)}…` : l}`)
    .join('\n');
}

/** The run's last line: whether every backend agrees, saying so only when every backend ran. */
export function verdict(matrix: ParityMatrix, ok: boolean): string {
  const missing = matrix.backends.filter((b) => b.unavailable !== undefined).map((b) => b.backend);
  const list = missing.join(', ');
  if (!ok) return `The parity run failed.${missing.length > 0 ? ` Not run: ${list}.` : ''}`;
  if (missing.length > 0) {
    return `Every backend that ran agrees, but ${list} did not run (allowed by --allow-unavailable): this run says nothing about ${list}.`;
  }
  return 'Every backend agrees.';
}

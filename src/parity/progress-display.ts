import type { RunProgress } from './cucumber-run';

/** Where one backend is: waiting, starting its engine, running (with counts), or finished. */
export type BackendState =
  | { readonly phase: 'waiting' | 'starting engine' }
  | { readonly phase: 'running' | 'done'; readonly progress: RunProgress }
  | { readonly phase: 'unavailable' | 'broken'; readonly reason: string };

/**
 * Shows every backend's progress while the parity run goes: on a terminal one line per backend,
 * redrawn in place; elsewhere (CI logs) a line whenever a backend changes phase or passes a quarter.
 */
export class ProgressDisplay {
  private readonly states = new Map<string, BackendState>();
  private readonly printedQuarter = new Map<string, number>();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    backends: readonly string[],
    private readonly out: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean } = process.stderr,
  ) {
    for (const backend of backends) this.states.set(backend, { phase: 'waiting' });
  }

  update(backend: string, state: BackendState): void {
    const before = this.states.get(backend);
    this.states.set(backend, state);
    if (this.out.isTTY === true) {
      this.timer ??= setTimeout(() => this.draw(), 100);
      return;
    }
    if (state.phase === 'running' && state.progress.total === 0) return; // nothing to say until Cucumber knows its scenarios
    const quarter = 'progress' in state && state.progress.total > 0 ? Math.floor((state.progress.done / state.progress.total) * 4) : -1;
    if (before?.phase !== state.phase || (state.phase === 'running' && quarter > (this.printedQuarter.get(backend) ?? -1))) {
      this.printedQuarter.set(backend, quarter);
      this.out.write(`${line(backend, state, this.width())}\n`);
    }
  }

  /** Draws the final state (on a terminal) and stops redrawing. */
  finish(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.out.isTTY === true) this.draw();
  }

  private draw(): void {
    this.timer = undefined;
    const width = this.width();
    const lines = [...this.states].map(([backend, state]) => line(backend, state, width));
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.out.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    this.drawn = lines.length;
  }

  private width(): number {
    return Math.max(...[...this.states.keys()].map((b) => b.length));
  }
}

function line(backend: string, state: BackendState, width: number): string {
  const name = backend.padEnd(width);
  switch (state.phase) {
    case 'waiting':
    case 'starting engine':
      return `${name}  ${state.phase}…`;
    case 'running':
    case 'done': {
      const { done, total, failed } = state.progress;
      const filled = total === 0 ? 0 : Math.round((done / total) * 20);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}]`;
      return `${name}  ${bar} ${done}/${total} scenarios${failed > 0 ? `, ${failed} failed` : ''}${state.phase === 'done' ? ' — done' : ''}`;
    }
    default:
      return `${name}  ${state.phase}: ${state.reason}`;
  }
}

import { processState } from '../context';
import { timeLimit, TimeLimitError } from './timeouts';

/**
 * Stops what a driver started (a database server, DynamoDB Local) also when the run is
 * interrupted: on SIGINT/SIGTERM every registered task's `stop` runs before the process exits,
 * and on a plain exit whatever is still registered gets its synchronous `kill`.
 */
export interface CleanupTask {
  /** What is stopped, for messages: "embedded PostgreSQL on port 54321". */
  readonly name: string;
  /** Stops it gracefully. */
  stop(): Promise<void>;
  /** Last resort at process exit, when nothing can be awaited: kill the child process. */
  kill?(): void;
}

// One set per process, however many copies of the package are loaded: the exit handlers are installed once.
const cleanup = processState('cleanup', () => ({ tasks: new Set<CleanupTask>(), installed: false }));
const tasks = cleanup.tasks;

/** Registers a task; returns the function that unregisters it (call it once stopped normally). */
export function registerCleanup(task: CleanupTask): () => void {
  install();
  tasks.add(task);
  return () => {
    tasks.delete(task);
  };
}

/**
 * Stops every registered task now (used by signal handlers and tests), the latest first: what was
 * made on an engine (a database) goes before the engine itself is stopped.
 */
export async function runCleanup(timeoutMs = 15_000): Promise<void> {
  const pending = [...tasks].reverse();
  tasks.clear();
  for (const task of pending) {
    try {
      await timeLimit(task.stop(), timeoutMs, `Stopping ${task.name} took over ${timeoutMs / 1000} s: killing it.`);
    } catch (error) {
      process.stderr.write(
        error instanceof TimeLimitError ? `${error.message}\n` : `Could not stop ${task.name}: ${(error as Error).message}\n`,
      );
      task.kill?.();
    }
  }
}

function install(): void {
  if (cleanup.installed) return;
  cleanup.installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      void runCleanup().finally(() => process.exit(code));
    });
  }
  process.once('exit', () => {
    for (const task of tasks) task.kill?.();
    tasks.clear();
  });
}

import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import { processState } from '../context';
import { timeLimit, TimeLimitError } from './timeouts';

/**
 * Stops what a driver started (a database server, DynamoDB Local) also when the run is
 * interrupted: on SIGINT/SIGTERM every registered task's `stop` runs before the process exits,
 * and on a plain exit whatever is still registered gets its synchronous `kill`.
 *
 * Cucumber 13 runs `--parallel` workers as threads of one process, and a signal reaches only the
 * main thread: a worker thread that registers a task tells the main thread, which on a signal
 * asks every such thread to stop its tasks and waits for them before the process exits.
 */
export interface CleanupTask {
  /** What is stopped, for messages: "embedded PostgreSQL on port 54321". */
  readonly name: string;
  /** Stops it gracefully. */
  stop(): Promise<void>;
  /** Last resort at process exit, when nothing can be awaited: kill the child process. */
  kill?(): void;
}

type ThreadMessage = { readonly type: 'tasks' | 'stop' | 'stopped'; readonly thread: number };

/** How long the main thread waits, on a signal, for worker threads to stop their tasks: longer than a task's own limit plus a database drop. */
const THREADS_STOP_TIMEOUT_MS = 40_000;

// One per process (per thread, under worker threads), however many copies of the package are loaded: the handlers are installed once.
const cleanup = processState('cleanup', () => {
  const channel = new BroadcastChannel('parity-orm.cleanup');
  channel.unref();
  const state = {
    tasks: new Set<CleanupTask>(),
    installed: false,
    channel,
    /** The worker threads that have registered tasks and not yet stopped them on a signal (main thread only). */
    threadsWithTasks: new Set<number>(),
    threadsStopped: undefined as (() => void) | undefined,
  };
  channel.onmessage = (event) => {
    const message = (event as { data: ThreadMessage }).data;
    if (!isMainThread) {
      if (message.type === 'stop') void runCleanup().finally(() => channel.postMessage({ type: 'stopped', thread: threadId }));
      return;
    }
    if (message.type === 'tasks') {
      state.threadsWithTasks.add(message.thread);
      install();
    } else if (message.type === 'stopped') {
      state.threadsWithTasks.delete(message.thread);
      if (state.threadsWithTasks.size === 0) state.threadsStopped?.();
    }
  };
  return state;
});
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

/** Asks the worker threads with tasks to stop them, and waits until they have (or the time is up). */
async function stopThreads(): Promise<void> {
  if (cleanup.threadsWithTasks.size === 0) return;
  cleanup.channel.ref(); // the main thread may have nothing else keeping it alive while it waits
  const stopped = new Promise<void>((resolve) => (cleanup.threadsStopped = resolve));
  cleanup.channel.postMessage({ type: 'stop', thread: threadId });
  await timeLimit(stopped, THREADS_STOP_TIMEOUT_MS, 'The worker threads did not stop what they started in time.').catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
  });
}

function install(): void {
  if (cleanup.installed) return;
  cleanup.installed = true;
  // Signals never reach a worker thread: the main thread has its tasks stopped.
  if (isMainThread) installSignalHandlers();
  else cleanup.channel.postMessage({ type: 'tasks', thread: threadId });
  process.once('exit', () => {
    for (const task of tasks) task.kill?.();
    tasks.clear();
  });
}

function installSignalHandlers(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      void Promise.all([stopThreads(), runCleanup()]).finally(() => process.exit(code));
    });
  }
}

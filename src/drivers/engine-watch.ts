import { processState } from '../context';

/**
 * Engines the framework started in this process (DynamoDB Local, embedded PostgreSQL) and how to
 * tell whether each is still there, so that the World can stop a run whose engine has died with
 * one environment error naming it, rather than fail every later scenario with a connection error.
 */
/**
 * Set, in the environment of the processes it runs, by an engine the framework started (such as
 * the parity run's), so that they can name it when it stops answering: "embedded PostgreSQL on …".
 */
export const ENGINE_DESCRIPTION_VARIABLE = 'PARITY_ENGINE_DESCRIPTION';

export interface WatchedEngine {
  /** What runs, for messages: "embedded PostgreSQL on 127.0.0.1:54321". */
  readonly name: string;
  /** Why it is gone ("it exited (SIGKILL)"), or undefined while it runs; cheap, called around every scenario. */
  gone(): string | undefined;
}

/** The engines this process started: one set per process, however many copies of the package are loaded. */
const watched = processState('watched-engines', () => new Set<WatchedEngine>());

/** Watches an engine from its start; returns the function that stops watching (call it before stopping the engine). */
export function watchEngine(engine: WatchedEngine): () => void {
  watched.add(engine);
  return () => {
    watched.delete(engine);
  };
}

/** The first watched engine (or the one of this name) that has gone, with the reason; undefined while they run. */
export function lostEngine(name?: string): { name: string; reason: string } | undefined {
  for (const engine of watched) {
    if (name !== undefined && engine.name !== name) continue;
    const reason = engine.gone();
    if (reason !== undefined) return { name: engine.name, reason };
  }
  return undefined;
}

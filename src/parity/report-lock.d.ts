/** A run in another process holding a lock on a reports folder. */
export interface LockHolder {
  readonly pid: number;
  readonly started: string;
  readonly command: string;
  /** A plain run's backend folders. */
  readonly backends?: readonly string[];
  readonly file: string;
}

/** Another run writes the reports folder: says which, and what to do. */
export class ReportsInUseError extends Error {
  readonly holders: readonly LockHolder[];
}

/** Takes the parity run's lock on a reports folder (refused while another run writes there); returns its release. */
export function acquireParityLock(root: string, command: string): () => void;

/**
 * Marks a plain cucumber-js run's use of a reports folder until the process exits (refused while a
 * parity run holds it, or another plain run writes one of the same backends' folders).
 */
export function markPlainRun(root: string, command: string, backends: readonly string[]): void;

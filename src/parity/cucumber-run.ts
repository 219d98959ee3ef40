import { spawn } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { DATABASES_VARIABLE } from '../backend-names';
import { registerCleanup } from '../drivers/cleanup';

/** How far a Cucumber run has got, read from the messages it writes. */
export interface RunProgress {
  /** Scenarios the run will execute (known once Cucumber has compiled its test cases). */
  total: number;
  /** Scenarios finished so far. */
  done: number;
  /** Finished scenarios with a failing step. */
  failed: number;
}

/** One `cucumber-js --profile <name>` child process. */
export interface CucumberRunOptions {
  /** The project folder, where `cucumber-js` is run. */
  readonly cwd: string;
  readonly config: string;
  readonly profile: string;
  /** Extra Cucumber arguments: `--tags`, `--parallel`, `--shard`, `--order`. */
  readonly args: readonly string[];
  /** The folder the profile writes its reports to (`PARITY_REPORTS_DIR`); the child's output goes to `output.log` there. */
  readonly reportsDir: string;
  /** Environment for the child: the engine's `env`. */
  readonly env: Readonly<Record<string, string>>;
  readonly onProgress: (progress: RunProgress) => void;
}

/** What the child left behind. */
export interface CucumberRunOutcome {
  /** The child's exit code (null when killed by a signal). */
  readonly exitCode: number | null;
  /** The messages file the profile wrote, if it exists. */
  readonly messages: string | undefined;
  /** The child's output, for messages when the run broke before any scenario. */
  readonly log: string;
}

/** Runs Cucumber in a child process, following its progress through the messages file it writes. */
export async function runCucumber(options: CucumberRunOptions): Promise<CucumberRunOutcome> {
  mkdirSync(options.reportsDir, { recursive: true });
  const messages = path.join(options.reportsDir, 'messages.ndjson');
  rmSync(messages, { force: true }); // never follow the previous run's file
  const logFile = path.join(options.reportsDir, 'output.log');
  const log = createWriteStream(logFile);
  const bin = path.join(path.dirname(require.resolve('@cucumber/cucumber/package.json', { paths: [options.cwd] })), 'bin', 'cucumber.js');
  // Cucumber joins --config to its working folder, so an absolute path (parity conformance's) is made relative.
  const config = path.relative(options.cwd, path.resolve(options.cwd, options.config));
  const child = spawn(process.execPath, [bin, '--config', config, '--profile', options.profile, ...options.args], {
    cwd: options.cwd,
    env: { ...withoutBackendChoice(process.env), ...options.env, PARITY_REPORTS_DIR: options.reportsDir, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keepTail = (chunk: Buffer): void => {
    log.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const unregister = registerCleanup({
    name: `cucumber-js --profile ${options.profile}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited.catch(() => undefined);
    },
    kill: () => child.kill('SIGKILL'),
  });
  const follower = new MessageFollower(messages, options.onProgress);
  const timer = setInterval(() => follower.poll(), 250);
  try {
    const exitCode = await exited;
    follower.poll();
    return { exitCode, messages: existsSync(messages) ? messages : undefined, log: tail };
  } finally {
    clearInterval(timer);
    follower.close();
    unregister();
    await new Promise<void>((resolve) => log.end(resolve));
  }
}

/**
 * The environment without PARITY_BACKEND and PARITY_DATABASES, which would override the profile's
 * backend, or where its databases are, in every child alike.
 */
function withoutBackendChoice(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PARITY_BACKEND: _backend, [DATABASES_VARIABLE]: _databases, ...rest } = env;
  return rest;
}

/** Reads the lines Cucumber appends to a messages file and counts test cases as they finish. */
class MessageFollower {
  private fd: number | undefined;
  private offset = 0;
  private partial = '';
  private readonly progress: RunProgress = { total: 0, done: 0, failed: 0 };
  private readonly failedCases = new Set<string>();
  private readonly buffer = Buffer.alloc(1 << 20);
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly file: string,
    private readonly onProgress: (progress: RunProgress) => void,
  ) {}

  poll(): void {
    if (this.fd === undefined) {
      if (!existsSync(this.file)) return;
      this.fd = openSync(this.file, 'r');
    }
    let changed = false;
    for (let read = readSync(this.fd, this.buffer, 0, this.buffer.length, this.offset); read > 0;) {
      this.offset += read;
      const lines = (this.partial + this.decoder.write(this.buffer.subarray(0, read))).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) changed = this.take(line) || changed;
      read = readSync(this.fd, this.buffer, 0, this.buffer.length, this.offset);
    }
    if (changed) this.onProgress({ ...this.progress });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  // Only the few message kinds that move the counters are parsed; the rest are skipped by prefix.
  private take(line: string): boolean {
    if (line.startsWith('{"testCase":')) {
      this.progress.total++;
      return true;
    }
    if (line.startsWith('{"testStepFinished":')) {
      const message = JSON.parse(line) as { testStepFinished: { testCaseStartedId: string; testStepResult: { status: string } } };
      const status = message.testStepFinished.testStepResult.status;
      if (status !== 'PASSED' && status !== 'SKIPPED') this.failedCases.add(message.testStepFinished.testCaseStartedId);
      return false;
    }
    if (line.startsWith('{"testCaseFinished":')) {
      const message = JSON.parse(line) as { testCaseFinished: { testCaseStartedId: string; willBeRetried: boolean } };
      if (message.testCaseFinished.willBeRetried) {
        this.failedCases.delete(message.testCaseFinished.testCaseStartedId);
        return false;
      }
      this.progress.done++;
      if (this.failedCases.has(message.testCaseFinished.testCaseStartedId)) this.progress.failed++;
      return true;
    }
    return false;
  }
}

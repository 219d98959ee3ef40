import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Every process below `pid` (children, grandchildren, …) with its command line, for tests that check what a run leaves running. */
export function descendants(pid: number): { pid: number; args: string[] }[] {
  const table = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((pair) => pair.length === 2);
  const found = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, parent] of table) {
      if (found.has(parent!) && !found.has(child!)) {
        found.add(child!);
        grew = true;
      }
    }
  }
  found.delete(pid);
  return [...found].flatMap((p) => {
    try {
      return [{ pid: p, args: readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0') }];
    } catch {
      return []; // it has just gone
    }
  });
}

import path from 'node:path';
import { BUILT_IN_BACKENDS, MIXED_BACKEND_NAME, isRunName } from '../backend-names';

/** The built-in backends come first, in the order the matrix shows them; other profiles follow in the file's order. */
const builtInOrder: readonly string[] = BUILT_IN_BACKENDS;

/**
 * The backends a Cucumber configuration file defines: every profile but `default` (each profile is
 * named after the backend it runs, a mixed one after its backends). Adding a profile adds a column
 * to the parity run; mixed profiles come after every one-backend profile, each compared with those.
 */
export function configuredBackends(configFile: string): string[] {
  // The configuration is CommonJS (cucumber.js); requiring it is how Cucumber itself reads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is only known at run time
  const loaded = require(path.resolve(configFile)) as Record<string, unknown>;
  const names = Object.keys(loaded).filter((name) => name !== 'default' && isRunName(name));
  const rank = (name: string): number =>
    builtInOrder.includes(name) ? builtInOrder.indexOf(name) : builtInOrder.length + Number(MIXED_BACKEND_NAME.test(name));
  return names
    .map((name, index) => ({ name, index }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.index - b.index)
    .map((n) => n.name);
}

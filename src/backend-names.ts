/** The backends that come with Parity, in the order the matrix shows them. */
export const BUILT_IN_BACKENDS = ['inmemory', 'sqlite', 'postgres', 'dynamodb'] as const;

/** A backend's name, which also names its profile, its tags (`@skip-<name>`) and its reports folder. */
export const BACKEND_NAME = /^[a-z][a-z0-9-]*$/;

/** The names in a comma-separated list (`--backends sqlite, postgres`), blanks left out. */
export function backendNames(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * A run that puts some database aliases on other backends is named by its backends joined with
 * `+`, the backend of every other alias first (`postgres+dynamodb`): its profile, reports folder
 * and matrix column. Each part is a backend name.
 */
export const MIXED_BACKEND_NAME = /^[a-z][a-z0-9-]*(\+[a-z][a-z0-9-]*)+$/;

/**
 * The environment variable putting aliases on other backends: `central=dynamodb,archive=dynamodb`
 * (beats `worldParameters.databases`); the parity run leaves it out of its runs, each profile saying its own.
 */
export const DATABASES_VARIABLE = 'PARITY_DATABASES';

/** The backends a run's name stands for: one, or the parts of a mixed name (the first is the base). */
export function backendParts(name: string): string[] {
  return name.split('+');
}

/** Whether a name can name a run (its profile, reports folder and matrix column): a backend's, or a mixed one. */
export function isRunName(name: string): boolean {
  return BACKEND_NAME.test(name) || MIXED_BACKEND_NAME.test(name);
}

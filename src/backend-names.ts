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

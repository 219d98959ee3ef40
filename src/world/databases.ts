import { DATABASES_VARIABLE, MIXED_BACKEND_NAME, backendParts } from '../backend-names';
import { parityContext, type ParityContext } from '../context';
import { DEFAULT_DATABASE, DatabaseLayout, SINGLE_DATABASE, checkTenant, defineDatabases, type DatabaseDeclaration } from '../orm';

/** The tag prefix naming the databases a scenario uses: `@databases-default,central`. */
export const DATABASES_TAG = '@databases-';

/** The environment variable of the run-wide tenant (beats the profile's `worldParameters.tenant`). */
export const TENANT_VARIABLE = 'PARITY_TENANT';

export { DATABASES_VARIABLE };

/** The context's declared databases (none declared: the one reserved `default`). */
class DatabaseRegistry {
  layout: DatabaseLayout | undefined;
}

function registry(context: ParityContext = parityContext()): DatabaseRegistry {
  return context.slot('databases', () => new DatabaseRegistry());
}

/**
 * Declares the project's database aliases for the scenarios (once, in a support file), as made by
 * `defineDatabases` or given as its declarations. Checked at once: `DatabaseLayoutError` names every broken rule.
 */
export function registerDatabases(layout: DatabaseLayout | Readonly<Record<string, DatabaseDeclaration>>): void {
  const defined = layout instanceof DatabaseLayout ? layout : defineDatabases(layout);
  const current = registry();
  if (current.layout !== undefined && current.layout !== defined) {
    throw new Error('The databases are already registered: call registerDatabases once, with every alias.');
  }
  current.layout = defined;
}

/** The registered databases, or the single reserved `default` when none are. */
export function registeredDatabases(): DatabaseLayout {
  return registry().layout ?? SINGLE_DATABASE;
}

/** The aliases a scenario declares by its `@databases-…` tags (several tags add up); `default` when it has none. */
export function declaredDatabases(tags: readonly string[]): string[] {
  const named = tags
    .filter((tag) => tag.startsWith(DATABASES_TAG))
    .flatMap((tag) => tag.slice(DATABASES_TAG.length).split(','))
    .map((alias) => alias.trim())
    .filter((alias) => alias !== '');
  return named.length === 0 ? [DEFAULT_DATABASE] : [...new Set(named)];
}

/** The run-wide tenant: PARITY_TENANT, else the profile's `worldParameters.tenant`, else none. */
export function runTenant(parameters: { tenant?: unknown }): string | undefined {
  const chosen = process.env[TENANT_VARIABLE] || parameters.tenant;
  if (chosen === undefined || chosen === '') return undefined;
  try {
    return checkTenant(chosen as string);
  } catch (error) {
    const source = process.env[TENANT_VARIABLE] ? TENANT_VARIABLE : 'worldParameters.tenant';
    throw new Error(`${source}: ${(error as Error).message}`, { cause: error });
  }
}

/** What a run's backend name and parameters say: the base backend and the aliases on other backends. */
export interface BackendPlan {
  /** The run's name (`postgres`, `postgres+dynamodb`). */
  readonly name: string;
  readonly base: string;
  readonly backends: Readonly<Record<string, string>>;
}

/**
 * The backends of a run. A plain name runs every alias on it; a mixed name (`postgres+dynamodb`)
 * needs `worldParameters.databases` (or PARITY_DATABASES) putting aliases on each other part,
 * and nothing else, so that the name says exactly what ran.
 */
export function backendPlan(name: string, parameters: { databases?: unknown }): BackendPlan {
  const fromEnv = process.env[DATABASES_VARIABLE];
  const backends: Record<string, string> = fromEnv ? parseAssignments(fromEnv) : checkMapping(parameters.databases);
  const source = fromEnv ? DATABASES_VARIABLE : 'worldParameters.databases';
  const [base, ...others] = backendParts(name) as [string, ...string[]];
  const used = new Set(Object.values(backends).filter((backend) => backend !== base));
  const named = new Set(others);
  if (!MIXED_BACKEND_NAME.test(name) && used.size > 0) {
    throw new Error(
      `${source} puts databases on ${[...used].join(', ')}, but the run is named ${name}: name it ${[base, ...used].join('+')} ` +
        `(the backends it uses, joined with +), so that reports and the matrix say what ran.`,
    );
  }
  const missing = others.filter((backend) => !used.has(backend));
  const extra = [...used].filter((backend) => !named.has(backend));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `The run ${name} must put some database aliases on ${others.join(', ')} and on nothing else besides ${base}, ` +
        `but ${source} is ${JSON.stringify(backends)}. Set it, e.g. { central: '${others[0]}' }.`,
    );
  }
  return { name, base, backends };
}

function parseAssignments(text: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [alias, backend, ...rest] = part.split('=').map((p) => p.trim());
    if (!alias || !backend || rest.length > 0) {
      throw new Error(
        `${DATABASES_VARIABLE} is ${JSON.stringify(text)}: write alias=backend pairs separated by commas, e.g. central=dynamodb.`,
      );
    }
    mapping[alias] = backend;
  }
  return mapping;
}

function checkMapping(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new Error(
      `worldParameters.databases must map aliases to backend names, e.g. { central: 'dynamodb' }; it is ${JSON.stringify(value)}.`,
    );
  }
  return { ...(value as Record<string, string>) };
}

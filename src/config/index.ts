/*
 * Cucumber profiles for Parity, for a project's `cucumber.js`:
 *
 *     const { parityProfiles } = require('parity-orm/config');
 *     module.exports = parityProfiles();            // inmemory (also the default), sqlite, postgres, dynamodb
 *
 * Each profile runs every feature on one backend and writes its reports under reports/<backend>/.
 * A mixed profile puts some database aliases on another backend, and is named by its backends:
 *
 *     parityProfiles({ mixed: { 'postgres+dynamodb': { central: 'dynamodb', archive: 'dynamodb' } } });
 *
 * This entry loads nothing but Node's own modules, so a configuration file stays cheap to read.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BACKEND_NAME, BUILT_IN_BACKENDS, MIXED_BACKEND_NAME, backendParts } from '../backend-names';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module of the project's (also loaded before any TypeScript hook)
const { checkPlainRun } = require('../parity/plain-run.js') as {
  checkPlainRun(profiles: Record<string, ParityProfile>, options: { reportsRoot: string; configFile?: string }): void;
};

export { BUILT_IN_BACKENDS };

/** What a profile tells Cucumber (the subset of Cucumber's configuration Parity sets). */
export interface ParityProfile {
  requireModule: string[];
  require: string[];
  format: string[];
  formatOptions: Record<string, unknown>;
  worldParameters: Record<string, unknown> & { backend: string };
}

export interface ParityProfileOptions {
  /** Support code and steps to load (default: every .ts and .js file under features/support/ and features/step_definitions/). */
  readonly require?: readonly string[];
  /** Modules loaded first, such as a TypeScript hook (default: tsx, which parity-orm brings). */
  readonly requireModule?: readonly string[];
  /** The reports folder (default `reports`): each backend writes reports/<backend>/{report.html,messages.ndjson,junit.xml}. */
  readonly reports?: string;
  /** Cucumber formats besides the reports (default `progress`). */
  readonly format?: readonly string[];
  /** More world parameters, passed to every profile beside `backend`. */
  readonly worldParameters?: Readonly<Record<string, unknown>>;
  /** The JUnit suite name; `(backend)` is appended (default: the package name in the working folder, else `parity`). */
  readonly suiteName?: string;
}

/** Where a mixed profile puts database aliases: alias → backend (`{ central: 'dynamodb' }`). */
export type DatabaseBackends = Readonly<Record<string, string>>;

export interface MixedProfileOptions {
  /**
   * For a mixed profile (its name is its backends joined with `+`, `postgres+dynamodb`): the
   * aliases it puts on the backends after the first; every other alias runs on the first. Becomes
   * `worldParameters.databases`, which the hooks read (PARITY_DATABASES overrides it).
   */
  readonly databases?: DatabaseBackends;
}

export interface ParityProfilesOptions extends ParityProfileOptions {
  /** One profile per backend (default: the four built-in ones); a backend of your own is named here after registering its driver. */
  readonly backends?: readonly string[];
  /**
   * Mixed profiles, each beside the one-backend ones: its name is the backends it uses joined with
   * `+`, the backend of every alias not mapped first, each one of `backends`; its value puts aliases
   * on every other part and on no other backend:
   * `{ 'postgres+dynamodb': { central: 'dynamodb', archive: 'dynamodb' } }` runs `central` and
   * `archive` on DynamoDB, everything else on PostgreSQL. The name says exactly what ran, so it names
   * the profile (`--profile postgres+dynamodb`), the reports folder (reports/postgres+dynamodb/) and
   * the parity run's column. The aliases themselves are checked when the run starts, against the
   * databases the support code declares (registerDatabases).
   */
  readonly mixed?: Readonly<Record<string, DatabaseBackends>>;
  /** The profile of `default`, what plain `cucumber-js` runs: a backend, or a mixed profile's name (default: the first backend). */
  readonly defaultBackend?: string;
}

/** Cucumber's HTML report, titled with the backend; by URL, so that any working folder finds it. */
const HTML_FORMATTER = pathToFileURL(path.join(__dirname, '..', 'parity', 'backend-html-formatter.js')).href;

const DEFAULT_REQUIRE = [
  'features/support/**/*.ts',
  'features/support/**/*.js',
  'features/step_definitions/**/*.ts',
  'features/step_definitions/**/*.js',
];

/** tsx's CommonJS hook, by absolute path: found wherever npm placed it beside parity-orm. */
function tsxHook(): string {
  return require.resolve('tsx/cjs');
}

function projectName(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the project's own package.json, if any
    return (require(path.resolve('package.json')) as { name?: string }).name ?? 'parity';
  } catch {
    return 'parity';
  }
}

/**
 * The profile running every feature on one backend (or, with `databases`, on the backends of a
 * mixed name). `PARITY_BACKEND` overrides the backend, and
 * `PARITY_REPORTS_DIR` the reports folder (the parity run, `parity spec`, sets it for each backend).
 * It sets no `paths`: Cucumber adds a profile's paths to the command line's, so
 * `cucumber-js features/x.feature` would run everything; Cucumber's default is features/**\/*.feature.
 */
export function parityProfile(name: string, options: ParityProfileOptions & MixedProfileOptions = {}): ParityProfile {
  if (options.databases !== undefined || name.includes('+')) checkMixedProfile(name, options.databases);
  const backend = process.env.PARITY_BACKEND || name;
  const reports = process.env.PARITY_REPORTS_DIR || path.join(options.reports ?? 'reports', backend);
  return {
    requireModule: [...(options.requireModule ?? [tsxHook()])],
    require: [...(options.require ?? DEFAULT_REQUIRE)],
    worldParameters: { ...options.worldParameters, ...(options.databases && { databases: { ...options.databases } }), backend },
    format: [
      ...(options.format ?? ['progress']),
      `"${HTML_FORMATTER}":"${reports}/report.html"`,
      `message:${reports}/messages.ndjson`,
      `junit:${reports}/junit.xml`,
    ],
    formatOptions: { junit: { suiteName: `${options.suiteName ?? projectName()} (${backend})` }, backendReport: { backend } },
  };
}

/**
 * A profile per backend plus `default`, for `module.exports` of cucumber.js. When Cucumber's own
 * CLI reads them, an unknown `--profile` is refused with the list of profiles, and a run is
 * refused while a parity run (or a plain run of the same backend) writes the same reports folder.
 */
export function parityProfiles(options: ParityProfilesOptions = {}): Record<string, ParityProfile> {
  const { mixed = {}, backends: _backends, defaultBackend: _default, ...common } = options;
  const backends = options.backends ?? BUILT_IN_BACKENDS;
  if (backends.length === 0) throw new Error('parityProfiles needs at least one backend: leave `backends` out for the built-in four.');
  for (const backend of backends) {
    if (MIXED_BACKEND_NAME.test(backend)) {
      throw new Error(
        `${JSON.stringify(backend)} in \`backends\` is a mixed name: declare it under \`mixed\` with the aliases it puts on ` +
          `${backendParts(backend).slice(1).join(', ')}, e.g. mixed: { '${backend}': { central: '${backendParts(backend)[1]}' } }.`,
      );
    }
    if (!BACKEND_NAME.test(backend)) {
      throw new Error(`${JSON.stringify(backend)} cannot name a profile: a backend name is lower-case letters, digits and dashes.`);
    }
  }
  for (const [name, databases] of Object.entries(mixed)) checkMixedProfile(name, databases, backends);
  const defaultBackend = options.defaultBackend ?? backends[0]!;
  if (defaultBackend.includes('+') && mixed[defaultBackend] === undefined) {
    throw new Error(
      `defaultBackend is ${JSON.stringify(defaultBackend)}, which is not one of the mixed profiles (${Object.keys(mixed).join(', ') || 'none'}): ` +
        'declare it under `mixed`, or name a backend.',
    );
  }
  const profiles: Record<string, ParityProfile> = {
    default: parityProfile(defaultBackend, { ...common, ...(mixed[defaultBackend] && { databases: mixed[defaultBackend] }) }),
  };
  for (const backend of backends) profiles[backend] = parityProfile(backend, common);
  for (const [name, databases] of Object.entries(mixed)) profiles[name] = parityProfile(name, { ...common, databases });
  checkPlainRun(profiles, { reportsRoot: options.reports ?? 'reports' });
  return profiles;
}

/**
 * Checks a mixed profile when the configuration is read, rather than when its first run starts:
 * its name is backends joined with `+` (each of `backends`, when given), the first the base, and
 * its aliases use every other part and no backend outside the name, so that the name says exactly
 * what runs. Aliases are not checked here: the support code declares them, which this entry does not load.
 */
function checkMixedProfile(name: string, databases: unknown, backends?: readonly string[]): void {
  if (!MIXED_BACKEND_NAME.test(name)) {
    throw new Error(
      `${JSON.stringify(name)} cannot name a mixed profile: name it by its backends joined with +, the backend of every ` +
        `alias it does not map first (postgres+dynamodb); each is lower-case letters, digits and dashes.`,
    );
  }
  const [base, ...others] = backendParts(name) as [string, ...string[]];
  const twice = backendParts(name).filter((part, i, all) => all.indexOf(part) !== i);
  if (twice.length > 0) throw new Error(`The mixed profile ${name} names ${twice[0]} twice: name each backend once.`);
  const unknown = backends === undefined ? [] : backendParts(name).filter((part) => !backends.includes(part));
  if (unknown.length > 0) {
    throw new Error(
      `The mixed profile ${name} uses ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not among the backends ` +
        `(${backends!.join(', ')}): add ${unknown.length === 1 ? 'it' : 'them'} to \`backends\`, or fix the name.`,
    );
  }
  if (
    databases === null ||
    typeof databases !== 'object' ||
    Array.isArray(databases) ||
    Object.keys(databases).length === 0 ||
    Object.values(databases).some((backend) => typeof backend !== 'string')
  ) {
    throw new Error(
      `The mixed profile ${name} must map database aliases to backends, putting some on ${others.join(', ')}, ` +
        `e.g. mixed: { '${name}': { central: '${others[0]}' } }; it is ${JSON.stringify(databases)}.`,
    );
  }
  const mapping = databases as Record<string, string>;
  const outside = Object.entries(mapping).filter(([, backend]) => backend !== base && !others.includes(backend));
  if (outside.length > 0) {
    const [alias, backend] = outside[0]!;
    throw new Error(
      `The mixed profile ${name} puts ${alias} on ${backend}, which its name does not include: ` +
        `name it ${[base, ...others, ...new Set(outside.map(([, b]) => b))].join('+')}, or put ${alias} on ${others.join(' or ')}.`,
    );
  }
  const unused = others.filter((part) => !Object.values(mapping).includes(part));
  if (unused.length > 0) {
    throw new Error(
      `The mixed profile ${name} names ${unused.join(', ')} but puts no alias on ${unused.length === 1 ? 'it' : 'them'}: ` +
        `map an alias there (e.g. { central: '${unused[0]}' }), or leave ${unused.length === 1 ? 'it' : 'them'} out of the name.`,
    );
  }
}

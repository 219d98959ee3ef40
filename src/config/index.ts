/*
 * Cucumber profiles for Parity, for a project's `cucumber.js`:
 *
 *     const { parityProfiles } = require('parity-orm/config');
 *     module.exports = parityProfiles();            // inmemory (also the default), sqlite, postgres, dynamodb
 *
 * Each profile runs every feature on one backend and writes its reports under reports/<backend>/.
 * This entry loads nothing but Node's own modules, so a configuration file stays cheap to read.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BACKEND_NAME, BUILT_IN_BACKENDS } from '../backend-names';
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

export interface ParityProfilesOptions extends ParityProfileOptions {
  /** One profile per backend (default: the four built-in ones); a backend of your own is named here after registering its driver. */
  readonly backends?: readonly string[];
  /** The backend of the `default` profile, what plain `cucumber-js` runs (default: the first backend). */
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
 * The profile running every feature on one backend. `PARITY_BACKEND` overrides the backend, and
 * `PARITY_REPORTS_DIR` the reports folder (the parity run, `parity spec`, sets it for each backend).
 * It sets no `paths`: Cucumber adds a profile's paths to the command line's, so
 * `cucumber-js features/x.feature` would run everything; Cucumber's default is features/**\/*.feature.
 */
export function parityProfile(name: string, options: ParityProfileOptions = {}): ParityProfile {
  const backend = process.env.PARITY_BACKEND || name;
  const reports = process.env.PARITY_REPORTS_DIR || path.join(options.reports ?? 'reports', backend);
  return {
    requireModule: [...(options.requireModule ?? [tsxHook()])],
    require: [...(options.require ?? DEFAULT_REQUIRE)],
    worldParameters: { ...options.worldParameters, backend },
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
  const backends = options.backends ?? BUILT_IN_BACKENDS;
  if (backends.length === 0) throw new Error('parityProfiles needs at least one backend: leave `backends` out for the built-in four.');
  const defaultBackend = options.defaultBackend ?? backends[0]!;
  const profiles: Record<string, ParityProfile> = { default: parityProfile(defaultBackend, options) };
  for (const backend of backends) {
    if (!BACKEND_NAME.test(backend)) {
      throw new Error(`${JSON.stringify(backend)} cannot name a profile: a backend name is lower-case letters, digits and dashes.`);
    }
    profiles[backend] = parityProfile(backend, options);
  }
  checkPlainRun(profiles, { reportsRoot: options.reports ?? 'reports' });
  return profiles;
}

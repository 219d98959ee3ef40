// Cucumber profiles: one per backend. `npx cucumber-js` runs the default (inmemory);
// `npx cucumber-js --profile <backend>` picks another; PARITY_BACKEND overrides the backend
// (the parity run, `npm run spec`, ignores it: each backend runs on its own profile).
// No profile sets `paths`: Cucumber adds a profile's paths to those on the command line, so
// `npx cucumber-js features/x.feature` would run everything; its default is features/**/*.feature.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by Cucumber before ts-node is registered */
/* global __dirname -- CommonJS */
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { checkPlainRun } = require('./src/parity/plain-run.js');

/** Cucumber's HTML report, titled with the backend; by URL, so that any working folder finds it. */
const htmlFormatter = pathToFileURL(path.join(__dirname, 'src', 'parity', 'backend-html-formatter.js')).href;

const common = {
  requireModule: ['ts-node/register/transpile-only'],
  require: ['features/support/**/*.ts', 'features/step_definitions/**/*.ts'],
  format: ['progress'],
};

/** A profile running every feature on one backend, writing its reports under reports/<backend>/ (or PARITY_REPORTS_DIR). */
function profile(name) {
  const backend = process.env.PARITY_BACKEND || name;
  const reports = process.env.PARITY_REPORTS_DIR || `reports/${backend}`; // the parity run's folder per backend and shard
  return {
    ...common,
    worldParameters: { backend },
    format: [
      ...common.format,
      `"${htmlFormatter}":"${reports}/report.html"`,
      `message:${reports}/messages.ndjson`,
      `junit:${reports}/junit.xml`,
    ],
    formatOptions: { junit: { suiteName: `parity-orm (${backend})` }, backendReport: { backend } },
  };
}

const profiles = {
  default: profile('inmemory'),
  inmemory: profile('inmemory'),
  dynamodb: profile('dynamodb'),
  sqlite: profile('sqlite'),
  postgres: profile('postgres'),
};

// Run by `cucumber-js` itself: refuse an unknown --profile (listing the profiles) and a run beside a parity run on reports/.
checkPlainRun(profiles, { reportsRoot: 'reports' });

module.exports = profiles;

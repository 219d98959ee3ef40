// Cucumber profiles: one per backend. `npx cucumber-js` runs the default (inmemory);
// `npx cucumber-js --profile <backend>` picks another; PARITY_BACKEND overrides the backend.
const common = {
  paths: ['features/**/*.feature'],
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
    format: [...common.format, `html:${reports}/report.html`, `message:${reports}/messages.ndjson`, `junit:${reports}/junit.xml`],
    formatOptions: { junit: { suiteName: `parity-orm (${backend})` } },
  };
}

module.exports = {
  default: profile('inmemory'),
  inmemory: profile('inmemory'),
  dynamodb: profile('dynamodb'),
  sqlite: profile('sqlite'),
  postgres: profile('postgres'),
};

// What cucumber.js checks when `cucumber-js` itself runs it (not the parity run, which reads the
// profiles and runs each with its own PARITY_REPORTS_DIR). Plain CommonJS: loaded before ts-node.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by Cucumber before ts-node is registered */
const { markPlainRun } = require('./report-lock.js');

/** The profiles named on the command line: `-p a`, `-pa`, `--profile a`, `--profile=a`. */
function requestedProfiles(argv) {
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if ((arg === '-p' || arg === '--profile') && argv[i + 1] !== undefined) names.push(argv[++i]);
    else if (arg.startsWith('--profile=')) names.push(arg.slice('--profile='.length));
    else if (/^-p[^-]/.test(arg)) names.push(arg.slice(2));
  }
  return names;
}

/**
 * When Cucumber's own CLI loads the configuration: refuses a --profile that does not exist, listing
 * the profiles (Cucumber says only that it does not exist), and refuses to write reports/ while a
 * parity run writes there or another plain run writes the same backend's folder, marking the
 * folder as in use by this run otherwise.
 */
function checkPlainRun(profiles, { reportsRoot, configFile = 'cucumber.js' }) {
  const main = require.main?.filename ?? '';
  if (!/[\\/]@cucumber[\\/]cucumber[\\/]bin[\\/]cucumber(\.js)?$/.test(main)) return;
  const argv = process.argv.slice(2);
  const known = Object.keys(profiles);
  const unknown = requestedProfiles(argv).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `There is no profile ${unknown.map((n) => `"${n}"`).join(', ')} in ${configFile}. Profiles: ${known.join(', ')}. ` +
        'Each backend has a profile of its name: npx cucumber-js --profile <backend>; npm run spec runs them all.',
    );
  }
  // A parity run's child, or a run given its own folder, writes only where it was told.
  if (process.env.PARITY_REPORTS_DIR) return;
  const chosen = requestedProfiles(argv);
  const backends = (chosen.length > 0 ? chosen : ['default']).map(
    (name) => process.env.PARITY_BACKEND || profiles[name].worldParameters.backend,
  );
  markPlainRun(reportsRoot, `cucumber-js ${argv.join(' ')}`.trim(), backends);
}

module.exports = { checkPlainRun, requestedProfiles };

// One Cucumber profile per backend (inmemory, the default, sqlite, postgres, dynamodb), from parity-orm.
// npx cucumber-js --profile sqlite runs every feature on SQLite; npx parity spec runs them on all four.
// The whole run works for the tenant acme (PARITY_TENANT=<tenant> picks another); a scenario can switch.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, read by Cucumber */
const { parityProfiles } = require('parity-orm/config');

module.exports = parityProfiles({ worldParameters: { tenant: 'acme' } });

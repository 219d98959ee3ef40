// One Cucumber profile per backend (inmemory, the default, sqlite, postgres, dynamodb), from parity-orm.
// npx cucumber-js --profile sqlite runs every feature on SQLite; npx parity spec runs them on all four.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, read by Cucumber */
const { parityProfiles } = require('parity-orm/config');

module.exports = parityProfiles();

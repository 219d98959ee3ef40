// Cucumber profiles: one per backend, made by the same helper a project uses (parity-orm/config),
// and one mixed profile, postgres+dynamodb: the specification's `central` and `archive` databases
// on DynamoDB, `default` and the tenants' `clinic` stores on PostgreSQL (features/models.ts).
// `npx cucumber-js` runs the default (inmemory); `npx cucumber-js --profile <backend>` picks another;
// PARITY_BACKEND overrides the backend (the parity run, `npm run spec`, ignores it: each backend
// runs on its own profile). PARITY_SCHEMA=migrations builds every store from features/migrations
// instead of sync. Inside this repository the TypeScript hook is ts-node, registered here
// first because the helper itself is TypeScript (Cucumber's requireModule then finds it loaded).
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, read by Cucumber */
require('ts-node/register/transpile-only');
const { parityProfiles } = require('./src/config');

module.exports = parityProfiles({
  requireModule: ['ts-node/register/transpile-only'],
  require: ['features/support/**/*.ts', 'features/step_definitions/**/*.ts'],
  mixed: { 'postgres+dynamodb': { central: 'dynamodb', archive: 'dynamodb' } },
  // The specification's own migrations, for PARITY_SCHEMA=migrations (npm test runs it both ways).
  worldParameters: { migrations: 'features/migrations' },
});

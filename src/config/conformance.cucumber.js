// The Cucumber configuration of the conformance kit (`parity conformance`): see conformance.ts.
// In this repository the kit's code is TypeScript, so ts-node is registered before it is read.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, read by Cucumber */
/* global __dirname -- CommonJS */
const path = require('node:path');

if (path.basename(path.resolve(__dirname, '..', '..')) !== 'dist') require('ts-node/register/transpile-only');
const { conformanceProfiles } = require('./conformance');

module.exports = conformanceProfiles();

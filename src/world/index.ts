/*
 * Parity's parameter types and hooks. Importing this module (as features/support files do)
 * defines them: the backend comes from PARITY_BACKEND or the profile's worldParameters.backend.
 * It installs no World (steps use `dslOf(this)`, which works with any World).
 */
import './definitions-guard';
import { setDefaultTimeout } from '@cucumber/cucumber';
import './parameter-types';
import './hooks';

// Real engines answer in milliseconds, but a shared machine can stall; a hung call still fails.
setDefaultTimeout(30_000);

export { registerModels, registeredModels, resolveModel } from './models';
export { registerDatabases, registeredDatabases } from './databases';
export { ParityWorld, type ParityParameters } from './world';
export { skipReason } from './tags';
export { registerDriver } from '../drivers';
export { registerFactories } from '../factories';

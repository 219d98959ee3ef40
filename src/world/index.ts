/*
 * The Cucumber World, parameter types and hooks. Importing this module (as features/support files
 * do) installs them: the backend comes from PARITY_BACKEND or the profile's worldParameters.backend.
 */
import './parameter-types';
import './world';
import './hooks';

export { registerModels, registeredModels, resolveModel } from './models';
export { ParityWorld, type ParityParameters } from './world';
export { skipReason } from './tags';
export { registerDriver } from '../drivers';
export { registerFactories } from '../factories';

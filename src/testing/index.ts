/*
 * parity-orm/testing: what a project's support files and own steps use. It defines no step and no
 * hook (those come with `import 'parity-orm/cucumber'`), so importing it changes nothing by itself.
 */
export { createParityContext, parityContext, useParityContext, ParityContext } from '../context';
export {
  Dsl,
  ScenarioDsl,
  dslOf,
  errorClassName,
  parseCell,
  parseExpectedCell,
  parseHorizontal,
  parseKey,
  parseQuery,
  parseVertical,
  Matcher,
  VerificationError,
  anyValue,
  MARKERS,
  type Cells,
} from '../dsl';
export { ParityWorld, type ParityParameters } from '../world/world';
export { registerModels, registeredModels, resolveModel, modelRegistry, ModelRegistry } from '../world/models';
export {
  registerDatabases,
  registeredDatabases,
  declaredDatabases,
  DATABASES_TAG,
  TENANT_VARIABLE,
  DATABASES_VARIABLE,
} from '../world/databases';
export { DatabasesDriver, type DatabasesDriverOptions } from '../drivers/databases-driver';
export { skipReason } from '../world/tags';
export { EnvironmentError } from '../world/run';
export {
  OrmDriver,
  registerDriver,
  knownDrivers,
  createDriver,
  registerCleanup,
  type CleanupTask,
  type Driver,
  type DriverContext,
  type DriverFactory,
  type EngineStarter,
  type Leak,
  type ScenarioScope,
  type StoreChoice,
  type Operation,
  type OperationData,
  type OperationResult,
  type QuerySpec,
  type StartedEngine,
} from '../drivers';
export { driverRegistry, DriverRegistry } from '../drivers/registry';
export { prepareSchema, ScenarioTables, SCENARIO_MIGRATIONS } from '../drivers/schema-source';
export type { ScenarioMigrations, SchemaSource } from '../drivers/driver';
export {
  defineFactory,
  parent,
  registerFactories,
  factoryFor,
  hasFactory,
  Factory,
  type AfterCreateContext,
  type AnyFactory,
  type Attributes,
  type CreateOptions,
  type FactoryContext,
  type FactorySpec,
  type StateSpec,
} from '../factories';
export { factoryRegistry, FactoryRegistry } from '../factories/factory-registry';
export { MissingPeerError, OPTIONAL_PEERS } from '../peers';
export {
  BUILT_IN_BACKENDS,
  parityProfile,
  parityProfiles,
  type DatabaseBackends,
  type MixedProfileOptions,
  type ParityProfile,
  type ParityProfileOptions,
  type ParityProfilesOptions,
} from '../config';

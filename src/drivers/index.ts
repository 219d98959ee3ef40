export type {
  Driver,
  DriverContext,
  DriverFactory,
  EngineStarter,
  Leak,
  ScenarioScope,
  StoreChoice,
  Operation,
  OperationData,
  OperationResult,
  QuerySpec,
  StartedEngine,
} from './driver';
export { OrmDriver } from './orm-driver';
export { createDriver, engineStarter, knownDrivers, registerDriver } from './registry';
export { registerCleanup, runCleanup, type CleanupTask } from './cleanup';

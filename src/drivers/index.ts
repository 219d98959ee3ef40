export type { Driver, DriverContext, DriverFactory, Operation, OperationData, OperationResult, QuerySpec } from './driver';
export { OrmDriver } from './orm-driver';
export { createDriver, knownDrivers, registerDriver } from './registry';

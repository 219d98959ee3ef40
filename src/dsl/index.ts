export { Dsl } from './dsl';
export { ERROR_CLASS_NAMES, ScenarioDsl, errorClassName } from './scenario-dsl';
export {
  parseCell,
  parseDatetime,
  parseExpectedCell,
  parseHorizontal,
  parseKey,
  parseQuery,
  parseVertical,
  MARKERS,
  type Cells,
  type NowSource,
} from './cells';
export { Matcher, VerificationError, anyValue } from './verification';
export type { Driver, OperationResult, QuerySpec } from '../drivers/driver';
export type { AnyModel } from '../orm';
export { bindDsl, dslOf, hasDsl } from './world-binding';
export { migrationSteps, type MigrationStep } from './schema-changes';

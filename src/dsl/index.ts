export { Dsl } from './dsl';
export { ScenarioDsl } from './scenario-dsl';
export {
  parseCell,
  parseDatetime,
  parseExpectedCell,
  parseHorizontal,
  parseKey,
  parseQuery,
  parseVertical,
  type Cells,
  type NowSource,
} from './cells';
export { Matcher, VerificationError, anyValue } from './verification';
export type { Driver, OperationResult, QuerySpec } from '../drivers/driver';
export type { AnyModel } from '../orm';

import type { ScenarioDsl } from './scenario-dsl';

/** What step definitions see as `this`: the scenario's DSL. */
export interface DslWorld {
  readonly dsl: ScenarioDsl;
}

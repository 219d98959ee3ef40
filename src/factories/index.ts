export {
  Factory,
  defineFactory,
  parent,
  type AfterCreateContext,
  type AnyFactory,
  type Attributes,
  type CreateOptions,
  type FactoryContext,
  type FactorySpec,
  type StateSpec,
} from './factory';
export {
  DEFAULT_SEED,
  FAKER_REFERENCE_DATE,
  resetFactories,
  scenarioSeed,
  type FactoryScopeOptions,
  type FactoryStore,
} from './factory-scope';
export { factoryFor, hasFactory, registerFactories } from './factory-registry';

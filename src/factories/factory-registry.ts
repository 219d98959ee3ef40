import type { AnyModel } from '../orm';
import type { AnyFactory, Factory } from './factory';

const byModel = new Map<string, AnyFactory>();

/** Registers the factories that steps use, one per model (`Given 3 admin Users exist`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any state names: each factory keeps its own
export function registerFactories(...factories: Factory<AnyModel, any>[]): void {
  for (const factory of factories as AnyFactory[]) {
    const existing = byModel.get(factory.model.name);
    if (existing !== undefined && existing !== factory) {
      throw new Error(`A factory for ${factory.model.name} is already registered: register one factory per model.`);
    }
    byModel.set(factory.model.name, factory);
  }
}

/** Whether a model has a registered factory. */
export function hasFactory(model: AnyModel): boolean {
  return byModel.has(model.name);
}

/** The model's registered factory; a model without one fails, saying how to define it. */
export function factoryFor(model: AnyModel): AnyFactory {
  const factory = byModel.get(model.name);
  if (factory === undefined) {
    throw new Error(
      `No factory is registered for ${model.name}. Define one in a file under features/support/:\n` +
        `  registerFactories(defineFactory(${model.name}, { defaults: ({ sequence, faker }) => ({ /* every required field */ }) }));\n` +
        `(defineFactory from src/factories, registerFactories from src/world; see "Test data: factories" in the README.)`,
    );
  }
  return factory;
}

import { parityContext, type ParityContext } from '../context';
import type { AnyModel } from '../orm';
import type { AnyFactory, Factory } from './factory';

/** The factories that steps use, one per model (`Given 3 admin Users exist`). */
export class FactoryRegistry {
  readonly #byModel = new Map<string, AnyFactory>();

  register(...factories: AnyFactory[]): void {
    for (const factory of factories) {
      const existing = this.#byModel.get(factory.model.name);
      if (existing !== undefined && existing !== factory) {
        throw new Error(`A factory for ${factory.model.name} is already registered: register one factory per model.`);
      }
      this.#byModel.set(factory.model.name, factory);
    }
  }

  has(model: AnyModel): boolean {
    return this.#byModel.has(model.name);
  }

  /** The model's factory; a model without one fails, saying how to define it. */
  for(model: AnyModel): AnyFactory {
    const factory = this.#byModel.get(model.name);
    if (factory === undefined) {
      throw new Error(
        `No factory is registered for ${model.name}. Define one in a file under features/support/:\n` +
          `  registerFactories(defineFactory(${model.name}, { defaults: ({ sequence, faker }) => ({ /* every required field */ }) }));\n` +
          `(defineFactory and registerFactories come from parity-orm/testing; see "Test data: factories" in the README.)`,
      );
    }
    return factory;
  }
}

/** The context's factory registry. */
export function factoryRegistry(context: ParityContext = parityContext()): FactoryRegistry {
  return context.slot('factories', () => new FactoryRegistry());
}

/** Registers the factories that steps use, one per model (`Given 3 admin Users exist`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any state names: each factory keeps its own
export function registerFactories(...factories: Factory<AnyModel, any>[]): void {
  factoryRegistry().register(...(factories as AnyFactory[]));
}

/** Whether a model has a registered factory. */
export function hasFactory(model: AnyModel): boolean {
  return factoryRegistry().has(model);
}

/** The model's registered factory; a model without one fails, saying how to define it. */
export function factoryFor(model: AnyModel): AnyFactory {
  return factoryRegistry().for(model);
}

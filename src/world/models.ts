import pluralize from 'pluralize';
import { parityContext, type ParityContext } from '../context';
import type { AnyModel } from '../orm';

/** The models that feature files name, by their name in singular or plural (`User`, `Users`). */
export class ModelRegistry {
  readonly #models = new Map<string, AnyModel>();
  readonly #byWord = new Map<string, AnyModel>();

  register(...toRegister: AnyModel[]): void {
    for (const model of toRegister) {
      const existing = this.#models.get(model.name);
      if (existing !== undefined && existing !== model) {
        throw new Error(`Another model named ${model.name} is already registered: give each model a different name.`);
      }
      this.#models.set(model.name, model);
      this.#byWord.set(model.name, model);
      this.#byWord.set(pluralize.plural(model.name), model);
    }
  }

  all(): AnyModel[] {
    return [...this.#models.values()];
  }

  /** The model a step names; an unknown name lists the registered ones. */
  resolve(word: string): AnyModel {
    const model = this.#byWord.get(word);
    if (model === undefined) {
      const known = [...this.#models.keys()];
      throw new Error(
        `No model is registered as "${word}". ` +
          (known.length === 0
            ? 'No models are registered: call registerModels(...) in a file under features/support/.'
            : `Registered models: ${known.join(', ')} (singular or plural). Register others with registerModels(...) in features/support/.`),
      );
    }
    return model;
  }
}

/** The context's model registry. */
export function modelRegistry(context: ParityContext = parityContext()): ModelRegistry {
  return context.slot('models', () => new ModelRegistry());
}

/** Registers the models that feature files name, by their name in singular or plural (`User`, `Users`). */
export function registerModels(...toRegister: AnyModel[]): void {
  modelRegistry().register(...toRegister);
}

/** Every registered model. */
export function registeredModels(): AnyModel[] {
  return modelRegistry().all();
}

/** The model a step names; an unknown name lists the registered ones. */
export function resolveModel(word: string): AnyModel {
  return modelRegistry().resolve(word);
}

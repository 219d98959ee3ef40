import pluralize from 'pluralize';
import type { AnyModel } from '../orm';

const models = new Map<string, AnyModel>();
const byWord = new Map<string, AnyModel>();

/** Registers the models that feature files name, by their name in singular or plural (`User`, `Users`). */
export function registerModels(...toRegister: AnyModel[]): void {
  for (const model of toRegister) {
    const existing = models.get(model.name);
    if (existing !== undefined && existing !== model) {
      throw new Error(`Another model named ${model.name} is already registered: give each model a different name.`);
    }
    models.set(model.name, model);
    byWord.set(model.name, model);
    byWord.set(pluralize.plural(model.name), model);
  }
}

/** Every registered model. */
export function registeredModels(): AnyModel[] {
  return [...models.values()];
}

/** The model a step names; an unknown name lists the registered ones. */
export function resolveModel(word: string): AnyModel {
  const model = byWord.get(word);
  if (model === undefined) {
    const known = [...models.keys()];
    throw new Error(
      `No model is registered as "${word}". ` +
        (known.length === 0
          ? 'No models are registered: call registerModels(...) in a file under features/support/.'
          : `Registered models: ${known.join(', ')} (singular or plural). Register others with registerModels(...) in features/support/.`),
    );
  }
  return model;
}

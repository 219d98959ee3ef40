import path from 'node:path';
import { isModel, type AnyModel } from '../orm';

/**
 * What a project's models module exports (`--models features/models.ts`), each array's items
 * included, once each: models, and whatever else the command looks for (the databases).
 */
export async function moduleExports(file: string): Promise<unknown[]> {
  const exported = (await import(path.resolve(file))) as Record<string, unknown>;
  return [...new Set(Object.values(exported).flatMap((v) => (Array.isArray(v) ? v : [v])))];
}

/** The models a module exports; none is an error saying what to export. */
export async function loadModels(file: string): Promise<AnyModel[]> {
  const models = (await moduleExports(file)).filter(isModel);
  if (models.length === 0) throw new Error(`${file} exports no models: export the results of defineModel(...).`);
  return models;
}

/** Parity ORM: define models, pick a backend, and use a repository per model. */
export * from './orm';
export { createInMemoryBackend, InMemoryBackend } from './orm/backends/inmemory';

// For authors of backends: the ORM's own query evaluation, reference rules and value semantics,
// as the in-memory reference backend uses them (a backend that evaluates queries itself needs none).
export { applyFind, matches } from './orm/query';
export { parentKey, planDelete, referencesToCheck, type DeletePlan } from './orm/references';
export { compareValues, copyValue, valuesEqual } from './orm/values';

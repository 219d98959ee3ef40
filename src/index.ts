/** Parity ORM: define models, pick a backend, and use a repository per model. */
export * from './orm';
export { createInMemoryBackend, InMemoryBackend } from './orm/backends/inmemory';

// For authors of backends: the ORM's own query evaluation, reference rules and value semantics,
// as the in-memory reference backend uses them (a backend that evaluates queries itself needs none).
export { applyFind, matches } from './orm/query';
export { parentKey, planDelete, referencesToCheck, type DeletePlan } from './orm/references';
export { compareValues, copyValue, valuesEqual } from './orm/values';

// Migrations (README: "Migrations"): operations as data, run by umzug on a store's target;
// the SQL target comes with parity-orm/sequelize, the DynamoDB one with parity-orm/dynamodb.
export { migrate, type MigrateOptions, type NamedMigration } from './migrations/runner';
export { inMemoryTarget } from './migrations/inmemory-target';
export { checkDrift, driftOf } from './migrations/drift';
export { loadMigrations, type Migration, type MigrationFile } from './migrations/files';
export {
  applyOperations,
  operationsBetween,
  schemaDifferences,
  schemaOf,
  type FieldSchema,
  type MigrationOperation,
  type ModelSchema,
  type ReferenceSchema,
  type Schema,
  type StoredDefault,
} from './migrations/schema';
export { ALL_ASPECTS, type MigrationTarget, type SchemaAspect, type StoredSchema } from './migrations/target';
// For authors of backends' migration targets: the refusals every backend words alike, the
// in-memory row editing (a store of documents can run it on its rows), models made from a schema.
export {
  addedValue,
  addNeedsValue,
  duplicatesForUnique,
  nullsInRequired,
  orphansForReference,
  requiredWithoutValue,
  unsupported,
} from './migrations/refusals';
export { editTables } from './migrations/inmemory-target';
export { modelsOfSchema } from './migrations/schema-models';

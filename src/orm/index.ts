export {
  defineModel,
  dependencyOrder,
  isModel,
  type AnyModel,
  type ChangesFor,
  type DeletedAtField,
  type InputFor,
  type Model,
  type ModelOptions,
  type ModelReference,
  type RecordFor,
} from './model';
export {
  field,
  type Field,
  type FieldKind,
  type FieldMap,
  type FieldOptions,
  type JsonValue,
  type OnDelete,
  type ReferenceOptions,
} from './fields';
export {
  BackendError,
  DatabaseLayoutError,
  TenantError,
  UndeclaredDatabaseError,
  DuplicateKeyError,
  MigrationError,
  SchemaDriftError,
  ModelDefinitionError,
  NotFoundError,
  ParityError,
  QueryError,
  ReferenceIntegrityError,
  ValidationError,
  describeValue,
  type ErrorCode,
  type Violation,
} from './errors';
export { ControllableClock, systemClock, type Clock } from './clock';
export { Database, type DatabaseOptions } from './database';
export { Repository, type KeyInput } from './repository';
export { QueryBuilder, type DeletedScope, type Page } from './query-builder';
export { LOOKUPS, type Condition, type FindSpec, type LookupName, type Lookups, type OrderTerm } from './query';
export type { Row } from './validation';
export { CAPABILITIES, type Backend, type Capability } from './backends/backend';
export {
  DEFAULT_DATABASE,
  DatabaseLayout,
  SINGLE_DATABASE,
  checkTenant,
  currentTenant,
  defineDatabases,
  storeName,
  storeSlug,
  withTenant,
  type DatabaseDeclaration,
  type MirrorDatabase,
  type ReservedDatabase,
  type StoreAddress,
  type TemplateDatabase,
} from './databases';
export { Databases, type DatabasesOptions } from './multi-database';
export type { Migration } from '../migrations/files';
export type { FieldSchema, MigrationOperation, ModelSchema, ReferenceSchema, Schema, StoredDefault } from '../migrations/schema';

/*
 * The planner's models. They are the application's own code: the features describe how they
 * behave, and parity-orm proves that every backend stores, refuses and finds them alike.
 */
import { defineDatabases, defineModel, field } from 'parity-orm';

/**
 * The planner's databases, as in the tenant-aware Django runner it follows: every customer (tenant)
 * has its own `default` store for its projects and tasks; the plans it can subscribe to are in one
 * `central` store shared by all of them.
 */
export const databases = defineDatabases({
  default: { kind: 'template', dependencies: ['central'] },
  central: { kind: 'reserved', dependencies: [] },
});

/** A subscription plan, in the shared `central` database: every tenant sees the same plans. */
export const Plan = defineModel(
  'Plan',
  {
    code: field.string({ primaryKey: true }),
    seats: field.integer({ ge: 1 }),
  },
  { database: 'central' },
);

/** A project: its slug is the key, and no two projects share a name. */
export const Project = defineModel('Project', {
  slug: field.string({ primaryKey: true, pattern: '^[a-z0-9-]+$', maxLength: 40 }),
  name: field.string({ unique: true, minLength: 1, maxLength: 80 }),
  archived: field.boolean({ default: false }),
  createdAt: field.datetime({ autoNowAdd: true }),
});

/** A task of a project: deleting the project deletes its tasks; a title is unique within its project. */
export const Task = defineModel(
  'Task',
  {
    id: field.integer({ primaryKey: true }),
    projectSlug: field.reference(Project, { onDelete: 'cascade', index: true }),
    title: field.string({ minLength: 1, maxLength: 120 }),
    status: field.string({ choices: ['todo', 'doing', 'done'], default: 'todo' }),
    estimate: field.integer({ ge: 1, le: 40, nullable: true }),
    updatedAt: field.datetime({ autoNow: true }),
  },
  { unique: [['projectSlug', 'title']] },
);

export const models = [Plan, Project, Task];

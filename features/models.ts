/**
 * The models the specification (and the differential fuzzer) use. Registered for Cucumber in
 * features/support/models.ts; kept here so that tools can import them without Cucumber running.
 */
import { defineModel, field } from '../src';

/** A user account: single string key, a unique email, every field kind and rule. */
export const User = defineModel('User', {
  id: field.string({ primaryKey: true }),
  email: field.string({ unique: true }),
  name: field.string({ minLength: 1, maxLength: 100 }),
  age: field.integer({ ge: 0, le: 150, default: 0 }),
  score: field.float({ nullable: true }),
  active: field.boolean({ default: true }),
  tags: field.json({ nullable: true }),
  createdAt: field.datetime({ autoNowAdd: true }),
  updatedAt: field.datetime({ autoNow: true }),
});

/** A to-do item: composite key (userId, todoId) and a composite unique (userId, title). */
export const TodoItem = defineModel(
  'TodoItem',
  {
    userId: field.string({ primaryKey: true }),
    todoId: field.string({ primaryKey: true }),
    title: field.string({ minLength: 1, maxLength: 200 }),
    priority: field.integer({ ge: 1, le: 5, default: 3 }),
    completed: field.boolean({ default: false }),
    description: field.string({ nullable: true }),
  },
  { unique: [['userId', 'title']] },
);

/** A product: integer key, float bounds, choices, a pattern, an indexed field and a nullable datetime. */
export const Product = defineModel('Product', {
  sku: field.integer({ primaryKey: true, gt: 0 }),
  code: field.string({ unique: true, pattern: '^[A-Z]{3}-[0-9]{3}$' }),
  title: field.string({ maxLength: 50 }),
  price: field.float({ ge: 0, lt: 1000000 }),
  category: field.string({ choices: ['book', 'music', 'film'], index: true }),
  discount: field.float({ gt: 0, le: 1, nullable: true }),
  releasedAt: field.datetime({ nullable: true }),
  barcode: field.string({ nullable: true, unique: true }),
});

/** Field names that are reserved words in SQL and DynamoDB expressions. */
export const Keyword = defineModel('Keyword', {
  select: field.string({ primaryKey: true }),
  from: field.string({ nullable: true }),
  order: field.integer({ nullable: true }),
  group: field.string({ nullable: true }),
  status: field.string({ nullable: true }),
  count: field.integer({ nullable: true }),
  date: field.datetime({ nullable: true }),
});

/** Every model of the specification. */
export const specModels = [User, TodoItem, Product, Keyword];

/**
 * The models the specification (and the differential fuzzer) use. Registered for Cucumber in
 * features/support/models.ts; kept here so that tools can import them without Cucumber running.
 */
import { defineDatabases, defineModel, field } from '../src';

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

/** An author: the parent of the reference models. */
export const Author = defineModel('Author', {
  id: field.string({ primaryKey: true }),
  name: field.string({ minLength: 1 }),
});

/** A book: deleting its author deletes it (cascade); deleting its editor clears editorId (setNull). */
export const Book = defineModel('Book', {
  id: field.string({ primaryKey: true }),
  title: field.string({ minLength: 1 }),
  authorId: field.reference(Author, { onDelete: 'cascade', index: true }),
  editorId: field.reference(Author, { onDelete: 'setNull', nullable: true }),
  updatedAt: field.datetime({ autoNow: true }),
});

/** A chapter: integer key; deleting its book deletes it, so an author's delete reaches it through two cascades. */
export const Chapter = defineModel('Chapter', {
  id: field.integer({ primaryKey: true }),
  bookId: field.reference(Book, { onDelete: 'cascade' }),
  title: field.string(),
});

/** A loan: a book cannot be deleted while it is lent (restrict). */
export const Loan = defineModel('Loan', {
  id: field.string({ primaryKey: true }),
  bookId: field.reference(Book, { onDelete: 'restrict', index: true }),
  borrower: field.string(),
});

/** A soft-deletable article: a unique code, an optional restrict reference to its author, a timestamp. */
export const Article = defineModel(
  'Article',
  {
    slug: field.string({ primaryKey: true }),
    title: field.string({ minLength: 1 }),
    code: field.string({ unique: true }),
    authorId: field.reference(Author, { onDelete: 'restrict', nullable: true }),
    updatedAt: field.datetime({ autoNow: true }),
  },
  { softDelete: true },
);

/** A comment: deleting its article for good deletes it (cascade); soft-deleting the article leaves it. */
export const Comment = defineModel('Comment', {
  id: field.integer({ primaryKey: true }),
  articleSlug: field.reference(Article, { onDelete: 'cascade' }),
  body: field.string(),
});

/** A passage of a book: text of any length that is unique, indexed, and unique with the edition (engine limits must not refuse it). */
export const Passage = defineModel(
  'Passage',
  {
    id: field.integer({ primaryKey: true }),
    text: field.string({ unique: true }),
    source: field.string({ index: true }),
    edition: field.integer(),
    heading: field.string({ nullable: true }),
  },
  { unique: [['edition', 'heading']] },
);

/** Every model of the specification, parents before the models that refer to them. */
export const specModels = [User, TodoItem, Product, Keyword, Author, Book, Chapter, Loan, Article, Comment, Passage];

/*
 * Several databases, after the seed's tenant-aware runner: the models above live in `default`
 * (reserved: one store); hospitals in `central`, shared by every tenant; patients and their visits
 * in `clinic`, a template alias with one store per tenant; `clinic_replica` reads and writes the
 * clinic store it mirrors; reports in `archive`, created after `central`, which it depends on.
 */
export const specDatabases = defineDatabases({
  default: { kind: 'reserved', dependencies: [] },
  central: { kind: 'reserved', dependencies: [] },
  archive: { kind: 'reserved', dependencies: ['central'] },
  clinic: { kind: 'template', dependencies: ['central'] },
  clinic_replica: { mirror: 'clinic' },
});

/** A hospital, in the shared `central` database: every tenant sees the same ones. */
export const Hospital = defineModel(
  'Hospital',
  {
    id: field.string({ primaryKey: true }),
    name: field.string({ unique: true }),
    city: field.string(),
  },
  { database: 'central' },
);

/** A patient, in a tenant's own `clinic` store: the same key or email may exist in two tenants. */
export const Patient = defineModel(
  'Patient',
  {
    id: field.string({ primaryKey: true }),
    name: field.string({ minLength: 1 }),
    email: field.string({ unique: true }),
    hospitalId: field.string({ nullable: true }),
    age: field.integer({ ge: 0, default: 0 }),
  },
  { database: 'clinic' },
);

/** A visit of a patient, in the same tenant's store (a reference stays inside one database). */
export const Visit = defineModel(
  'Visit',
  {
    id: field.integer({ primaryKey: true }),
    patientId: field.reference(Patient, { onDelete: 'cascade' }),
    reason: field.string(),
  },
  { database: 'clinic' },
);

/** A report, in the reserved `archive` database. */
export const Report = defineModel(
  'Report',
  {
    id: field.string({ primaryKey: true }),
    title: field.string(),
  },
  { database: 'archive' },
);

/** The models of the databases besides `default`, parents first. */
export const tenantModels = [Hospital, Patient, Visit, Report];

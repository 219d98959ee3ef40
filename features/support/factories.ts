/*
 * Factories for the specification's models: `Given 3 Users exist`, `Given 2 admin Users exist`,
 * and the defaults behind `Given a User exists with:`. Defaults fill only the required fields, so
 * a table (or a state) says everything else a scenario relies on.
 */
import { defineFactory, parent } from '../../src/factories';
import { registerFactories } from '../../src/world';
import { Author, Book, Chapter, Keyword, Product, TodoItem, User } from '../models';

export const UserFactory = defineFactory(User, {
  defaults: ({ sequence, faker }) => ({
    id: `user-${sequence}`,
    email: `user${sequence}@example.com`,
    name: faker.person.fullName(),
  }),
  states: {
    admin: { tags: ['admin'] },
    inactive: { active: false },
    senior: ({ faker }) => ({ age: faker.number.int({ min: 65, max: 100 }) }),
    /** A user who already has two to-do items (made after the user is stored). */
    busy: {},
  },
  afterCreate: async (user, { states, createMany }) => {
    if (states.includes('busy')) await createMany(TodoItemFactory, 2, { userId: user.id });
  },
});

export const TodoItemFactory = defineFactory(TodoItem, {
  defaults: ({ sequence, faker }) => ({
    userId: 'user-1',
    todoId: `todo-${sequence}`,
    title: `${faker.hacker.verb()} the ${faker.hacker.noun()} (${sequence})`,
  }),
  states: {
    done: { completed: true },
    urgent: { priority: 5 },
  },
});

export const ProductFactory = defineFactory(Product, {
  defaults: ({ sequence, faker }) => ({
    sku: sequence,
    code: `PRD-${String(sequence).padStart(3, '0')}`,
    title: faker.commerce.productName().slice(0, 50),
    price: faker.number.float({ min: 1, max: 100, fractionDigits: 2 }),
    category: faker.helpers.arrayElement(['book', 'music', 'film'] as const),
  }),
  states: {
    discounted: { discount: 0.25 },
    film: { category: 'film' },
  },
});

export const KeywordFactory = defineFactory(Keyword, {
  defaults: ({ sequence }) => ({ select: `keyword-${sequence}` }),
});

export const AuthorFactory = defineFactory(Author, {
  defaults: ({ sequence, faker }) => ({ id: `author-${sequence}`, name: faker.person.fullName() }),
});

/** A book's author is made by the Author factory unless the book is given one; its editor stays null. */
export const BookFactory = defineFactory(Book, {
  defaults: ({ sequence, faker }) => ({ id: `book-${sequence}`, title: faker.book.title(), authorId: parent() }),
  states: {
    /** Written by the Author "austen" (who must exist), for many books of one author. */
    byAusten: { authorId: 'austen' },
    /** Edited by the Author "eliot" (who must exist). */
    editedByEliot: { editorId: 'eliot' },
  },
});

export const ChapterFactory = defineFactory(Chapter, {
  defaults: ({ sequence }) => ({ id: sequence, bookId: parent(), title: `Chapter ${sequence}` }),
});

registerFactories(UserFactory, TodoItemFactory, ProductFactory, KeywordFactory, AuthorFactory, BookFactory, ChapterFactory);

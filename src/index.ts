/** Parity ORM: define models, pick a backend, and use a repository per model. */
export * from './orm';
export { createInMemoryBackend, InMemoryBackend } from './orm/backends/inmemory';

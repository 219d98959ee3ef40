import { InMemoryBackend } from './inmemory-backend';

export { InMemoryBackend };

/** Creates an empty in-memory backend. */
export function createInMemoryBackend(): InMemoryBackend {
  return new InMemoryBackend();
}

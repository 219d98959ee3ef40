/*
 * parity-backend-docstore: a parity-orm backend on a key-value store of JSON documents. The driver
 * for parity-orm's acceptance layer is in ./docstore-driver (it loads parity-orm/testing, and so
 * Cucumber), registered by ../register.ts.
 */
import { DocStoreBackend } from './docstore-backend';

export { DocStoreBackend, MAX_DOCUMENT_BYTES } from './docstore-backend';

/** A new, empty docstore backend, for `new Database(createDocStoreBackend())`. */
export function createDocStoreBackend(): DocStoreBackend {
  return new DocStoreBackend();
}

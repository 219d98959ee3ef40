// Registers the docstore driver under its backend name, for `parity conformance --backend docstore --require ./register.ts`
// (and for a project that runs its own features on docstore: require this file from its cucumber.js profile).
import { registerDriver } from 'parity-orm/testing';
import { createDocStoreDriver } from './src/docstore-driver';

registerDriver('docstore', createDocStoreDriver);

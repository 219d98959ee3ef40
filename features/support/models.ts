import { registerDatabases, registerModels } from '../../src/world';
import { specDatabases, specModels, tenantModels } from '../models';

registerDatabases(specDatabases);
registerModels(...specModels, ...tenantModels);

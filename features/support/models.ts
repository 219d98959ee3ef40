import { registerModels } from '../../src/world';
import { specModels } from '../models';

registerModels(...specModels);

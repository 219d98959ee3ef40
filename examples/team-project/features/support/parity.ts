// Parity's steps, parameter types ({model}, {error}) and hooks, then this project's models and World.
import 'parity-orm/cucumber';
import { setWorldConstructor } from '@cucumber/cucumber';
import { ParityWorld, registerDatabases, registerModels } from 'parity-orm/testing';
import { databases, models } from '../../src/models';

registerDatabases(databases);
registerModels(...models);

/** The planner's World: Parity's `this.dsl`, plus what the planner's own steps share. */
export class PlannerWorld extends ParityWorld {
  /** The key of the project a custom step made last, for the steps after it. */
  lastProject: string | undefined;
}

setWorldConstructor(PlannerWorld);

import { World } from '@cucumber/cucumber';
import { dslOf, type ScenarioDsl } from '../dsl';

/** The parameters a profile passes in `worldParameters`. */
export interface ParityParameters {
  /** The backend to run on; `PARITY_BACKEND` overrides it. */
  backend?: string;
  /** The run-wide tenant (`PARITY_TENANT` overrides it), for the template databases. */
  tenant?: string;
  /** Aliases on other backends than `backend`, in a mixed run: `{ central: 'dynamodb' }` (`PARITY_DATABASES` overrides it). */
  databases?: Record<string, string>;
  /** Where the schema comes from: `sync` (the default), `migrations` or `template` (PARITY_SCHEMA overrides it). */
  schema?: 'sync' | 'migrations' | 'template';
  /** The migrations folder, default `migrations` (PARITY_MIGRATIONS overrides it). */
  migrations?: string;
  /** An existing PostgreSQL database on the run's server, or an SQLite file, to copy each store from (PARITY_SCHEMA_TEMPLATE overrides it). */
  schemaTemplate?: string;
}

/**
 * A World with the scenario's DSL at hand as `this.dsl`, for a project's own steps. Parity does
 * not install it: the built-in steps work with any World (they use `dslOf(this)`). To use it, or
 * a World of your own that extends it, call `setWorldConstructor(ParityWorld)` in a support file.
 */
export class ParityWorld<Parameters extends ParityParameters = ParityParameters> extends World<Parameters> {
  /** The scenario's DSL, bound by Parity's Before hook (so not in a `--dry-run`, which runs no hooks). */
  get dsl(): ScenarioDsl {
    return dslOf(this);
  }
}

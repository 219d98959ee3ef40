/*
 * The run's schema source (issue 14), from the profile's world parameters or the environment,
 * which overrides them: `schema` / PARITY_SCHEMA (`sync`, `migrations` or `template`),
 * `migrations` / PARITY_MIGRATIONS (the folder, default `migrations`), and `schemaTemplate` /
 * PARITY_SCHEMA_TEMPLATE (an existing PostgreSQL database on the run's server, or an SQLite file;
 * naming one alone means `template`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SchemaSource } from '../drivers/driver';
import { loadMigrations } from '../migrations/files';
import type { ParityParameters } from './world';

const KINDS = ['sync', 'migrations', 'template'] as const;

/** The schema source the run's parameters and environment choose, with the migrations loaded. */
export async function runSchema(parameters: ParityParameters): Promise<SchemaSource> {
  const template = process.env.PARITY_SCHEMA_TEMPLATE || parameters.schemaTemplate;
  const chosen = process.env.PARITY_SCHEMA || parameters.schema || (template ? 'template' : 'sync');
  if (!(KINDS as readonly string[]).includes(chosen)) {
    throw new Error(
      `The schema source (PARITY_SCHEMA or worldParameters.schema) is ${JSON.stringify(chosen)}; it must be one of ${KINDS.join(', ')}.`,
    );
  }
  if (chosen === 'sync') return { kind: 'sync' };
  if (chosen === 'template') {
    if (!template) {
      throw new Error(
        'The schema source is template, but no template is named: set PARITY_SCHEMA_TEMPLATE (or worldParameters.schemaTemplate) ' +
          'to a PostgreSQL database on the run’s server or an SQLite file.',
      );
    }
    return { kind: 'template', template };
  }
  const folder = path.resolve(process.env.PARITY_MIGRATIONS || parameters.migrations || 'migrations');
  const relative = path.relative(process.cwd(), folder) || '.';
  if (!existsSync(folder)) {
    throw new Error(
      `The schema source is migrations, but there is no folder ${relative}: write the first migration with ` +
        `parity migrations make initial, or name the folder with PARITY_MIGRATIONS (or worldParameters.migrations).`,
    );
  }
  const loaded = await loadMigrations(folder);
  if (loaded.length === 0) {
    throw new Error(
      `The schema source is migrations, but ${relative} holds no migration file: write one with parity migrations make initial.`,
    );
  }
  return { kind: 'migrations', folder: relative, migrations: loaded.map(({ file, migration }) => ({ name: file.name, migration })) };
}

/*
 * Migration files: one module per migration in a folder (`migrations/` by default), named
 * `<number>_<name>.ts` and run in number order, each exporting `migration`: the operations it
 * applies, as plain data (see schema.ts). Being data, the final state of the migrations is known
 * without an engine: `parity migrations make` writes the next file from the difference between
 * the models and that state, and `parity migrations check` fails when they differ.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AnyModel } from '../orm/model';
import { operationsBetween, replayMigrations, schemaOf, type MigrationOperation, type Schema } from './schema';

/** What a migration file exports as `migration`. */
export interface Migration {
  readonly operations: readonly MigrationOperation[];
}

/** A migration file found in the folder. */
export interface MigrationFile {
  /** `0002_add_priority`: the file name without its extension, which orders the migrations. */
  readonly name: string;
  readonly file: string;
}

const FILE = /^(\d{4,})_([a-z0-9_]+)\.(ts|js|cjs|mjs)$/;

/** The migration files of a folder, in order; a file that looks like one but is misnamed is an error naming the rule. */
export function migrationFiles(folder: string): MigrationFile[] {
  if (!existsSync(folder)) return [];
  const found = readdirSync(folder)
    .filter((name) => /\.(ts|js|cjs|mjs)$/.test(name) && !name.endsWith('.d.ts'))
    .sort();
  const misnamed = found.filter((name) => !FILE.test(name));
  if (misnamed.length > 0) {
    throw new Error(
      `${folder} holds ${misnamed.join(', ')}, which ${misnamed.length === 1 ? 'is' : 'are'} not named like a migration: ` +
        `<number>_<name>.ts, e.g. 0001_initial.ts (lower-case letters, digits and _). Rename or move ${misnamed.length === 1 ? 'it' : 'them'}.`,
    );
  }
  return found.map((name) => ({ name: name.replace(/\.(ts|js|cjs|mjs)$/, ''), file: path.join(folder, name) }));
}

/** Loads the migrations of a folder, in order (TypeScript files need a TypeScript hook registered). */
export async function loadMigrations(folder: string): Promise<{ file: MigrationFile; migration: Migration }[]> {
  const loaded: { file: MigrationFile; migration: Migration }[] = [];
  for (const file of migrationFiles(folder)) {
    const exported = (await import(path.resolve(file.file))) as { migration?: Migration; default?: { migration?: Migration } };
    const migration = exported.migration ?? exported.default?.migration;
    if (migration === undefined || !Array.isArray(migration.operations)) {
      throw new Error(
        `${file.file} exports no migration: export const migration = { operations: [...] } (parity migrations make writes one).`,
      );
    }
    loaded.push({ file, migration });
  }
  return loaded;
}

/** The schema the migrations build, from nothing. */
export function migratedSchema(migrations: readonly { file: MigrationFile; migration: Migration }[]): Schema {
  return replayMigrations(migrations.map(({ file, migration }) => ({ label: file.file, operations: migration.operations }))).at(-1)!;
}

/** What the migrations still lack for the models: the operations of the next migration. */
export async function pendingOperations(folder: string, models: readonly AnyModel[]): Promise<MigrationOperation[]> {
  return operationsBetween(migratedSchema(await loadMigrations(folder)), schemaOf(models));
}

/** A line a person reads for each operation: "add the field Note.body (string, required)". */
export function describeOperation(operation: MigrationOperation): string {
  switch (operation.op) {
    case 'createModel':
      return `create the model ${operation.model.name} (in ${operation.model.database})`;
    case 'dropModel':
      return `drop the model ${operation.model}`;
    case 'addField':
      return `add the field ${operation.model}.${operation.field} (${operation.schema.kind}, ${operation.schema.nullable ? 'nullable' : 'required'})`;
    case 'dropField':
      return `drop the field ${operation.model}.${operation.field}`;
    case 'renameField':
      return `rename ${operation.model}.${operation.from} to ${operation.to}`;
    case 'alterField': {
      const changes = [
        ...(operation.nullable === undefined ? [] : [operation.nullable ? 'make it nullable' : 'make it required']),
        ...(operation.default === undefined
          ? []
          : [operation.default === null ? 'drop its default' : `default ${JSON.stringify(operation.default.value)}`]),
      ];
      return `change ${operation.model}.${operation.field}: ${changes.join(', ')}`;
    }
    case 'addIndex':
    case 'dropIndex':
    case 'addUnique':
    case 'dropUnique': {
      const verb = operation.op.startsWith('add') ? 'add' : 'drop';
      const what = operation.op.endsWith('Index') ? 'index' : 'unique constraint';
      return `${verb} the ${what} (${operation.fields.join(', ')}) of ${operation.model}`;
    }
    case 'addReference':
      return `make ${operation.model}.${operation.reference.field} a reference to ${operation.reference.parent} (onDelete ${operation.reference.onDelete})`;
    case 'dropReference':
      return `drop the reference ${operation.model}.${operation.field}`;
  }
}

/** Options of `makeMigration`. */
export interface MakeOptions {
  readonly folder: string;
  /** Lower-case letters, digits and _: `add_priority`. */
  readonly name: string;
  readonly models: readonly AnyModel[];
  /** Where the file imports the `Migration` type from (default `parity-orm`). */
  readonly typesFrom?: string;
  /** The time written in the file's header (default now). */
  readonly now?: Date;
}

/**
 * Writes the next migration: the operations that turn what the existing migrations build into
 * what the models need. Returns the file and its operations, or undefined when there is nothing to do.
 */
export async function makeMigration(options: MakeOptions): Promise<{ file: string; operations: MigrationOperation[] } | undefined> {
  if (!/^[a-z0-9_]+$/.test(options.name)) {
    throw new Error(`${JSON.stringify(options.name)} cannot name a migration: use lower-case letters, digits and _, e.g. add_priority.`);
  }
  const operations = await pendingOperations(options.folder, options.models);
  if (operations.length === 0) return undefined;
  const existing = migrationFiles(options.folder);
  const last = existing.at(-1);
  const number = last === undefined ? 1 : Number(FILE.exec(path.basename(last.file))![1]) + 1;
  const file = path.join(options.folder, `${String(number).padStart(4, '0')}_${options.name}.ts`);
  mkdirSync(options.folder, { recursive: true });
  writeFileSync(file, render(operations, options));
  return { file, operations };
}

function render(operations: readonly MigrationOperation[], options: MakeOptions): string {
  const required = operations.filter((o) => o.op === 'addField' && !o.schema.nullable && o.schema.default === undefined);
  const todo = required.map(
    (o) =>
      `// TODO: ${describeOperation(o)} has no stored default: give the records stored before it a value with\n` +
      `//       "backfill": <value> in its operation, or the migration fails on a table that holds records.\n`,
  );
  return (
    `// Written by parity migrations make on ${(options.now ?? new Date()).toISOString()}. Review it, then commit it.\n` +
    operations.map((o) => `//   - ${describeOperation(o)}\n`).join('') +
    todo.join('') +
    `import type { Migration } from '${options.typesFrom ?? 'parity-orm'}';\n\n` +
    `export const migration: Migration = ${JSON.stringify({ operations }, null, 2)};\n`
  );
}

/*
 * parity migrations make <name> [--models features/models.ts] [--dir migrations] [--types-from parity-orm]
 * parity migrations check [--models features/models.ts] [--dir migrations] [--backends a,b] [--template db-or-file]
 *
 * `make` writes the next migration from the difference between the models and what the existing
 * migrations build; `check` fails, naming each difference, when the migrations do not build what
 * the models need (a model changed without a migration). Neither needs an engine. With
 * `--backends`, `check` also does on each engine what a run does before its first scenario: a
 * fresh store of each database alias built by the migrations (or copied from `--template`), read
 * back and compared with the models; the stores are dropped afterwards.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadModels } from '../cli/models-module';
import type { SchemaSource } from '../drivers/driver';
import { createDriver, engineStarter } from '../drivers/registry';
import { ControllableClock, DEFAULT_DATABASE, type AnyModel } from '../orm';
import { SchemaDriftError } from './drift';
import { describeOperation, loadMigrations, makeMigration, pendingOperations } from './files';

const USAGE = `Usage: parity migrations <make <name> | check> [options]

  make <name>        write the next migration (<dir>/<number>_<name>.ts) with the operations that turn
                     what the existing migrations build into what the models need; review it, commit it
  check              exit 1, naming each difference, when the migrations do not build what the models need

  --models file      a module exporting the models (default features/models.ts)
  --dir folder       the migrations folder (default migrations)
  --types-from spec  where a written file imports the Migration type from (default parity-orm)
  --backends a,b     check: also build a store on each backend's engine (found or started as a run
                     does: PARITY_POSTGRES_URL, PARITY_DYNAMODB_ENDPOINT, else embedded) and compare
                     what it holds with the models, as a run does before its first scenario
  --template name    check: compare a copy of this existing PostgreSQL database or SQLite file instead
                     of building the stores from the migrations (with --backends postgres or sqlite)
  --help             this text
`;

/** Runs `parity migrations …`; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        models: { type: 'string', default: 'features/models.ts' },
        dir: { type: 'string', default: 'migrations' },
        'types-from': { type: 'string', default: 'parity-orm' },
        backends: { type: 'string' },
        template: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, name, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const folder = path.resolve(values.dir);
  const relative = path.relative(process.cwd(), folder) || '.';
  if (command === 'make' && name !== undefined && extra.length === 0) {
    const made = await makeMigration({ folder, name, models: await loadModels(values.models), typesFrom: values['types-from'] });
    if (made === undefined) {
      process.stdout.write(`No changes: the migrations in ${relative} already build what the models need.\n`);
      return 0;
    }
    process.stdout.write(
      `Wrote ${path.relative(process.cwd(), made.file)}:\n${made.operations.map((o) => `  - ${describeOperation(o)}\n`).join('')}` +
        'Review it, then commit it.\n',
    );
    return 0;
  }
  if (command === 'check' && name === undefined) {
    const models = await loadModels(values.models);
    const pending = values.template === undefined ? await pendingOperations(folder, models) : [];
    if (pending.length === 0) {
      if (values.template === undefined) process.stdout.write(`The migrations in ${relative} build exactly what the models need.\n`);
      if (values.backends === undefined) return 0;
      const schema: SchemaSource =
        values.template !== undefined
          ? { kind: 'template', template: values.template }
          : {
              kind: 'migrations',
              folder: relative,
              migrations: (await loadMigrations(folder)).map(({ file, migration }) => ({ name: file.name, migration })),
            };
      return checkOnEngines(
        values.backends.split(',').map((b) => b.trim()),
        models,
        schema,
      );
    }
    process.stderr.write(
      `The migrations in ${relative} do not build what the models need; they still have to:\n` +
        pending.map((o) => `  - ${describeOperation(o)}\n`).join('') +
        `Write the migration with: parity migrations make <name> (then review and commit it).\n`,
    );
    return 1;
  }
  process.stderr.write(
    `${command === 'make' ? 'parity migrations make takes one name, e.g. add_priority.' : 'parity migrations takes make <name> or check.'}\n\n${USAGE}`,
  );
  return 2;
}

/**
 * Builds a fresh store of each alias on each backend from `schema`, as a run's drivers do before
 * the first scenario (the drift check included), and stops it, which drops it. Returns the exit code.
 */
async function checkOnEngines(backends: readonly string[], models: readonly AnyModel[], schema: SchemaSource): Promise<number> {
  const aliases = [...new Set(models.map((model) => model.database))];
  let failed = false;
  for (const backend of backends) {
    const starter = await engineStarter(backend);
    const engine = await starter?.();
    try {
      for (const alias of aliases) {
        const driver = await createDriver(backend);
        const label = alias === DEFAULT_DATABASE ? backend : `${backend} (${alias})`;
        try {
          await driver.start({
            models: models.filter((model) => model.database === alias),
            clock: new ControllableClock(),
            workerId: `check_${alias}`,
            ...(alias !== DEFAULT_DATABASE && { store: { alias } }),
            ...(engine !== undefined && { engine }),
            schema,
          });
          process.stdout.write(`${label}: the store holds exactly what the models need.\n`);
        } catch (error) {
          failed = true;
          const drift = findDrift(error);
          process.stderr.write(`${label}: ${drift?.message ?? (error as Error).message}\n`);
        } finally {
          await driver.stop();
        }
      }
    } finally {
      await engine?.stop();
    }
  }
  return failed ? 1 : 0;
}

function findDrift(error: unknown): SchemaDriftError | undefined {
  for (let at: unknown = error; at instanceof Error; at = at.cause) if (at instanceof SchemaDriftError) return at;
  return undefined;
}

/*
 * parity migrations make <name> [--models features/models.ts] [--dir migrations] [--types-from parity-orm]
 * parity migrations check [--models features/models.ts] [--dir migrations]
 *
 * `make` writes the next migration from the difference between the models and what the existing
 * migrations build; `check` fails, naming each difference, when the migrations do not build what
 * the models need (a model changed without a migration). Neither needs an engine.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadModels } from '../cli/models-module';
import { describeOperation, makeMigration, pendingOperations } from './files';

const USAGE = `Usage: parity migrations <make <name> | check> [options]

  make <name>        write the next migration (<dir>/<number>_<name>.ts) with the operations that turn
                     what the existing migrations build into what the models need; review it, commit it
  check              exit 1, naming each difference, when the migrations do not build what the models need

  --models file      a module exporting the models (default features/models.ts)
  --dir folder       the migrations folder (default migrations)
  --types-from spec  where a written file imports the Migration type from (default parity-orm)
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
    const pending = await pendingOperations(folder, await loadModels(values.models));
    if (pending.length === 0) {
      process.stdout.write(`The migrations in ${relative} build exactly what the models need.\n`);
      return 0;
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

#!/usr/bin/env node
/*
 * The `parity` command of the installed package:
 *   parity init           a cucumber.js, models, an example feature and npm scripts, in this folder
 *   parity spec           every feature on every backend of cucumber.js, then the parity matrix
 *   parity conformance    this package's own specification on a backend of yours
 *   parity fuzz           random operation sequences compared with the in-memory reference
 *   parity migrations     write the next migration from the models, or check that the migrations match them
 */
import path from 'node:path';
import { backendNames } from '../backend-names';
import { compiled, CONFORMANCE_BACKENDS_VARIABLE, CONFORMANCE_REQUIRE_VARIABLE, conformanceKit, packageRoot } from '../config/conformance';

const USAGE = `Usage: parity <command> [options]

Commands:
  init          write cucumber.js (a profile per backend), features/support/models.ts, an example
                feature and the npm scripts into this folder (existing files are kept; --force replaces them)
  spec          run every feature on every backend of cucumber.js and write reports/index.html,
                the scenario-by-backend matrix (parity spec --help for its options)
  conformance   run parity-orm's own specification on your backend:
                  parity conformance --backend <name> --require <file registering the driver> [spec options]
  fuzz          compare random operation sequences on each backend with the in-memory reference
                (parity fuzz --help)
  migrations    make <name>: write the next migration from the models; check: fail when the
                migrations do not build what the models need, and with --backends, when a store
                they build on an engine does not hold it (parity migrations --help)
  --version     the version of parity-orm
`;

/** Runs a `parity` command line; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'init':
      return (await import('./init')).main(rest);
    case 'spec':
      return runSpec(rest, 'parity spec');
    case 'conformance':
      return conformance(rest);
    case 'fuzz':
      registerTypeScript();
      return (await import('../fuzz/cli')).main(rest);
    case 'migrations':
      registerTypeScript();
      return (await import('../migrations/cli')).main(rest);
    case '--version':
    case '-v':
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's own manifest
      process.stdout.write(`${(require(path.join(packageRoot, 'package.json')) as { version: string }).version}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`parity has no command ${JSON.stringify(command)}.\n\n${USAGE}`);
      return 2;
  }
}

async function runSpec(argv: readonly string[], name: string): Promise<number> {
  const spec = await import('../parity/cli');
  return spec.runCommand(argv, name);
}

/** `parity conformance --backend a[,b] --require file [--require file] [spec options]`. */
async function conformance(argv: readonly string[]): Promise<number> {
  const backends: string[] = [];
  const required: string[] = [];
  const passed: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--backend' || flag === '--backends' || flag === '--require') {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) {
        process.stderr.write(`${flag} needs a value: parity conformance --backend <name> --require <file>.\n`);
        return 2;
      }
      if (flag === '--require') required.push(path.resolve(value));
      else backends.push(...backendNames(value));
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'Usage: parity conformance --backend <name> --require <file> [--require <file>] [parity spec options]\n\n' +
          "Runs every scenario of parity-orm's specification (its features, models and factories) on the backend\n" +
          'that <file> registers with registerDriver(<name>, factory), and writes the matrix under reports/.\n' +
          'Scenarios needing a capability your driver does not declare are skipped with the reason.\n',
      );
      return 0;
    } else passed.push(arg);
  }
  if (backends.length === 0 || required.length === 0) {
    process.stderr.write(
      'parity conformance needs the backend and the file that registers its driver: ' +
        'parity conformance --backend mybackend --require ./register-my-driver.ts\n',
    );
    return 2;
  }
  const kit = conformanceKit();
  process.env[CONFORMANCE_BACKENDS_VARIABLE] = backends.join(',');
  process.env[CONFORMANCE_REQUIRE_VARIABLE] = JSON.stringify(required);
  const config = path.join(__dirname, '..', 'config', 'conformance.cucumber.js');
  return runSpec(['--config', config, '--backends', backends.join(','), ...passed, kit.features], 'parity conformance');
}

/** TypeScript files (`parity fuzz --models/--require`, migrations) load through tsx, as Cucumber's do. */
function registerTypeScript(): void {
  if (!compiled) return; // this repository: already running under ts-node
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require hook
  require('tsx/cjs');
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(2);
    },
  );
}

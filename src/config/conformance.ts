/*
 * The specification of this project as a conformance kit: every feature under features/, with its
 * models, factories and steps, run on a backend from another package. `parity conformance` sets
 * the two variables below and runs the parity run with conformance.cucumber.js as the configuration.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { backendNames } from '../backend-names';
import { parityProfiles, type ParityProfile } from './index';

/** The backends to run the kit on, comma-separated. */
export const CONFORMANCE_BACKENDS_VARIABLE = 'PARITY_CONFORMANCE_BACKENDS';
/** The backend author's modules to load first (registering the driver), as a JSON array of absolute paths. */
export const CONFORMANCE_REQUIRE_VARIABLE = 'PARITY_CONFORMANCE_REQUIRE';

/** The folder holding src/ and features/ as code: this repository, or dist/ of the installed package. */
const code = path.resolve(__dirname, '..', '..');
/** Whether this is the compiled package (dist/src/config), not this repository's TypeScript (src/config). */
export const compiled = path.basename(code) === 'dist';
/** The folder of parity-orm's package.json. */
export const packageRoot = compiled ? path.dirname(code) : code;

/** Where the kit is: the package's features/ (the .feature files) and its compiled (or, in this repository, TypeScript) support code. */
export function conformanceKit(): { features: string; support: string[]; requireModule: string } {
  const extension = compiled ? 'js' : 'ts';
  const features = path.join(packageRoot, 'features');
  if (!existsSync(features)) throw new Error(`The conformance kit's features are missing from ${packageRoot}: reinstall parity-orm.`);
  return {
    features,
    support: [`${code}/features/support/**/*.${extension}`, `${code}/features/step_definitions/**/*.${extension}`],
    requireModule: compiled ? require.resolve('tsx/cjs') : require.resolve('ts-node/register/transpile-only'),
  };
}

/** The kit's profiles: one per backend named in PARITY_CONFORMANCE_BACKENDS, loading the kit and the author's modules. */
export function conformanceProfiles(): Record<string, ParityProfile> {
  const backends = backendNames(process.env[CONFORMANCE_BACKENDS_VARIABLE] ?? '');
  if (backends.length === 0) {
    throw new Error(
      `${CONFORMANCE_BACKENDS_VARIABLE} names no backend: run the kit with parity conformance --backend <name> --require <file>.`,
    );
  }
  const given = JSON.parse(process.env[CONFORMANCE_REQUIRE_VARIABLE] ?? '[]') as string[];
  const kit = conformanceKit();
  return parityProfiles({
    backends,
    requireModule: [kit.requireModule],
    require: [...kit.support, ...given],
    suiteName: 'parity-orm conformance',
  });
}

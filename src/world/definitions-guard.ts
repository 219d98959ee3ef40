import { processState } from '../context';

/**
 * Parity's steps, parameter types and hooks may be defined once per process. A project that
 * resolves two copies of parity-orm (two versions in node_modules, a linked checkout beside an
 * installed one) would otherwise define every step twice, and Cucumber would call each one
 * ambiguous; this says what happened instead, before anything is defined.
 */
const defined = processState('cucumber-definitions', () => ({ by: __filename }));
if (defined.by !== __filename) {
  throw new Error(
    `parity-orm's steps and hooks are being loaded a second time, from another copy of the package:\n` +
      `  first:  ${defined.by}\n  now:    ${__filename}\n` +
      `Your project resolves parity-orm twice. Make it resolve one copy (npm ls parity-orm shows them; npm dedupe, or one version ` +
      `in every package.json), and import 'parity-orm/cucumber' from one support file only.`,
  );
}

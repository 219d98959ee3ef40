import { parityContext } from '../context';
import type { ScenarioDsl } from './scenario-dsl';

/**
 * Each scenario's DSL, by the scenario's World object. Parity's Before hook binds it; steps reach
 * it with `dslOf(this)`, so they work with any World class (Cucumber's own, `ParityWorld`, or a
 * project's World that extends neither), and Parity never has to install a World of its own.
 */
function bindings(): WeakMap<object, ScenarioDsl> {
  return parityContext().slot('scenario-dsls', () => new WeakMap<object, ScenarioDsl>());
}

/** Binds a scenario's DSL to its World (Parity's Before hook does this). */
export function bindDsl(world: object, dsl: ScenarioDsl): void {
  bindings().set(world, dsl);
}

/** Whether Parity's hooks have bound a DSL to this World (they do not for a skipped scenario). */
export function hasDsl(world: object): boolean {
  return bindings().has(world);
}

/** The scenario's DSL, as steps use it: `dslOf(this).createFrom(model, table.raw())`. */
export function dslOf(world: object): ScenarioDsl {
  const dsl = bindings().get(world);
  if (dsl === undefined) {
    throw new Error(
      "This scenario has no Parity DSL: Parity's Before hook has not run for it. Load the hooks with " +
        "import 'parity-orm/cucumber' in a file under features/support/ (inside this repository they come with '../../src/world').",
    );
  }
  return dsl;
}

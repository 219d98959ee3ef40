/**
 * The one place Parity keeps state: the registries (models, factories, drivers) and the run (the
 * driver, the clock, each scenario's DSL) live in a `ParityContext`, not in module-level variables.
 *
 * The shared context is kept on `globalThis` under a registered symbol, so that a project which
 * resolves the package twice (two copies in node_modules, a linked checkout beside an installed
 * one, `require` beside `import`) still has one set of registries: the models a support file
 * registers through one copy are the models the steps of the other copy resolve.
 *
 * A test that wants registries of its own makes a fresh context and puts it in place:
 *
 *     const restore = useParityContext(createParityContext());
 *     try { registerModels(User); … } finally { restore(); }
 */
const SHARED = Symbol.for('parity-orm.context');
const PROCESS = Symbol.for('parity-orm.process');

type Holder = { [SHARED]?: ParityContext; [PROCESS]?: Map<string, unknown> };

/** Registries and run state, each made on first use by the module that owns it. */
export class ParityContext {
  readonly #slots = new Map<string, unknown>();

  /** The value the owning module keeps under `key`, made by `make` on first use. */
  slot<T>(key: string, make: () => T): T {
    if (!this.#slots.has(key)) this.#slots.set(key, make());
    return this.#slots.get(key) as T;
  }
}

/** A context with empty registries and no run. */
export function createParityContext(): ParityContext {
  return new ParityContext();
}

/** The context in use: the shared one, unless a test has put another in place. */
export function parityContext(): ParityContext {
  const holder = globalThis as Holder;
  holder[SHARED] ??= createParityContext();
  return holder[SHARED];
}

/** Puts a context in place of the shared one; returns the function that puts the previous one back. */
export function useParityContext(context: ParityContext): () => void {
  const holder = globalThis as Holder;
  const previous = holder[SHARED];
  holder[SHARED] = context;
  return () => {
    holder[SHARED] = previous;
  };
}

/**
 * What belongs to the process rather than to a context (exit handlers, the engines it started, the
 * factories' faker): one per process however many copies of the package are loaded.
 */
export function processState<T>(key: string, make: () => T): T {
  const holder = globalThis as Holder;
  const state = (holder[PROCESS] ??= new Map<string, unknown>());
  if (!state.has(key)) state.set(key, make());
  return state.get(key) as T;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseLayoutError, ModelDefinitionError, TenantError } from './errors';
import type { AnyModel } from './model';

/** The alias every model is bound to unless it names another, and the only database of a project that declares none. */
export const DEFAULT_DATABASE = 'default';

/** One shared store for the whole run, like a `central` database. */
export interface ReservedDatabase {
  readonly kind: 'reserved';
  /** Reserved aliases that must exist before this one (stated explicitly, even when empty). */
  readonly dependencies: readonly string[];
}

/** One store per tenant, like the seed's `default`. */
export interface TemplateDatabase {
  readonly kind: 'template';
  /** Reserved aliases that must exist before this one's stores (stated explicitly, even when empty). */
  readonly dependencies: readonly string[];
}

/** Reads and writes the store of another alias during tests (Django's `TEST: {MIRROR}`), like a replica. */
export interface MirrorDatabase {
  readonly mirror: string;
}

/** How a project declares one database alias. */
export type DatabaseDeclaration = ReservedDatabase | TemplateDatabase | MirrorDatabase;

/** Where one store is: its alias and, for a template alias, its tenant. */
export interface StoreAddress {
  readonly alias: string;
  readonly tenant?: string | undefined;
}

/** An alias or tenant name: lower-case letters, digits and single underscores, starting with a letter (it becomes part of database and table names). */
const NAME = /^[a-z][a-z0-9_]{0,23}$/;
const NAME_RULE = 'lower-case letters, digits and _ (not "__"), starting with a letter, at most 24 characters';

function validName(name: string): boolean {
  return NAME.test(name) && !name.includes('__');
}

/**
 * A project's database aliases, checked as a whole before anything is created (the rules of the
 * seed's tenant-aware runner): every alias states its kind and its dependencies; a template alias
 * depends only on reserved aliases, a reserved one only on other reserved ones; no cycles; a
 * mirror names a declared alias that is not itself a mirror.
 */
export class DatabaseLayout {
  /** The aliases that have stores, dependencies before the aliases that need them (then declaration order). */
  readonly creationOrder: readonly string[];
  readonly #declared: ReadonlyMap<string, DatabaseDeclaration>;

  constructor(declarations: Readonly<Record<string, DatabaseDeclaration>>) {
    const problems: string[] = [];
    const declared = new Map<string, DatabaseDeclaration>();
    if (declarations === null || typeof declarations !== 'object' || Object.keys(declarations).length === 0) {
      throw new DatabaseLayoutError(
        'No databases are declared: declare at least one alias, such as { default: { kind: "reserved", dependencies: [] } }.',
      );
    }
    for (const [alias, declaration] of Object.entries(declarations)) {
      if (!validName(alias)) problems.push(`the alias ${JSON.stringify(alias)} must be ${NAME_RULE}`);
      declared.set(alias, declaration);
    }
    const known = [...declared.keys()].join(', ');
    for (const [alias, declaration] of declared) {
      if (declaration === null || typeof declaration !== 'object') {
        problems.push(`${alias}: declare { kind: "reserved" | "template", dependencies: [...] } or { mirror: "<alias>" }`);
        continue;
      }
      if ('mirror' in declaration) {
        const target = declared.get(declaration.mirror);
        if (target === undefined)
          problems.push(`${alias} mirrors the unknown alias ${JSON.stringify(declaration.mirror)} (declared: ${known})`);
        else if ('mirror' in target)
          problems.push(`${alias} mirrors ${declaration.mirror}, which is a mirror itself: mirror ${String(target.mirror)} instead`);
        if ('kind' in declaration || 'dependencies' in declaration)
          problems.push(`${alias} is a mirror: it takes no kind and no dependencies (it has no store of its own)`);
        continue;
      }
      const kind = (declaration as { kind?: unknown }).kind;
      if (kind !== 'reserved' && kind !== 'template') {
        problems.push(
          `${alias}: kind must be "reserved" (one shared store) or "template" (one store per tenant), not ${JSON.stringify(kind)}`,
        );
        continue;
      }
      if (!Array.isArray(declaration.dependencies)) {
        problems.push(
          `${alias}: state its dependencies explicitly, even when there are none (dependencies: []); explicit is better than implicit`,
        );
        continue;
      }
      for (const dependency of declaration.dependencies) {
        const target = declared.get(dependency);
        if (target === undefined) problems.push(`${alias} depends on the unknown alias ${JSON.stringify(dependency)} (declared: ${known})`);
        else if (dependency === alias) problems.push(`${alias} depends on itself`);
        else if ('mirror' in target)
          problems.push(`${alias} depends on ${dependency}, a mirror: depend on ${String(target.mirror)} instead`);
        else if (target.kind === 'template') {
          problems.push(
            `${alias} (${kind}) depends on ${dependency}, a template alias: ${kind === 'template' ? 'a template alias' : 'a reserved alias'} may depend only on reserved aliases`,
          );
        }
      }
    }
    if (problems.length === 0) {
      const cycle = findCycle(declared);
      if (cycle !== undefined) problems.push(`the dependencies form a cycle: ${cycle.join(' → ')}`);
    }
    if (problems.length > 0) {
      throw new DatabaseLayoutError(`The databases are not declared correctly:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    this.#declared = declared;
    this.creationOrder = Object.freeze(topologicalOrder(declared));
  }

  /** Every declared alias, in declaration order. */
  get aliases(): string[] {
    return [...this.#declared.keys()];
  }

  /** Whether an alias is declared. */
  has(alias: string): boolean {
    return this.#declared.has(alias);
  }

  /** An alias's declaration; an unknown alias is a `DatabaseLayoutError` naming the declared ones. */
  declaration(alias: string): DatabaseDeclaration {
    const found = this.#declared.get(alias);
    if (found === undefined) {
      throw new DatabaseLayoutError(`There is no database alias ${JSON.stringify(alias)}. Declared aliases: ${this.aliases.join(', ')}.`);
    }
    return found;
  }

  /** The alias whose store an alias uses: itself, or the alias it mirrors. */
  storeAlias(alias: string): string {
    const declaration = this.declaration(alias);
    return 'mirror' in declaration ? declaration.mirror : alias;
  }

  /** Whether an alias (or the alias it mirrors) has one store per tenant. */
  isTemplate(alias: string): boolean {
    const declaration = this.declaration(this.storeAlias(alias));
    return 'kind' in declaration && declaration.kind === 'template';
  }

  /** The dependencies of an alias with a store. */
  dependencies(alias: string): readonly string[] {
    const declaration = this.declaration(alias);
    return 'mirror' in declaration ? [] : declaration.dependencies;
  }

  /** The template aliases (one store per tenant), in creation order. */
  templates(): string[] {
    return this.creationOrder.filter((alias) => this.isTemplate(alias));
  }

  /** The store an operation on `alias` reaches for `tenant`: a template alias needs a tenant, a reserved one ignores it. */
  store(alias: string, tenant: string | undefined): StoreAddress {
    const target = this.storeAlias(alias);
    if (!this.isTemplate(target)) return { alias: target };
    if (tenant === undefined) {
      throw new TenantError(
        `No tenant is set, and ${alias === target ? alias : `${alias} (a mirror of ${target})`} is a template database: it has one store per tenant. ` +
          `Set the tenant first (withTenant('acme', …) in code; "Given the tenant is \\"acme\\"", or the run-wide tenant, in a scenario).`,
      );
    }
    return { alias: target, tenant: checkTenant(tenant) };
  }

  /**
   * Checks the models against the aliases: each model is bound to a declared alias with a store
   * (not a mirror), and references stay inside one alias (no engine enforces a foreign key between databases).
   */
  checkModels(models: readonly AnyModel[]): void {
    const problems: string[] = [];
    for (const model of models) {
      const declaration = this.#declared.get(model.database);
      if (declaration === undefined) {
        problems.push(
          `${model.name} is bound to the database ${JSON.stringify(model.database)}, which is not declared (declared: ${this.aliases.join(', ')})`,
        );
      } else if ('mirror' in declaration) {
        problems.push(
          `${model.name} is bound to ${model.database}, a mirror of ${declaration.mirror}: bind it to ${declaration.mirror} and read it through the mirror`,
        );
      }
    }
    if (problems.length > 0)
      throw new ModelDefinitionError(`The models do not fit the declared databases:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Declares a project's database aliases (checked at once: `DatabaseLayoutError` names every broken rule). */
export function defineDatabases(declarations: Readonly<Record<string, DatabaseDeclaration>>): DatabaseLayout {
  return new DatabaseLayout(declarations);
}

/** The layout of a project that declares no databases: one reserved `default` alias. */
export const SINGLE_DATABASE: DatabaseLayout = defineDatabases({ [DEFAULT_DATABASE]: { kind: 'reserved', dependencies: [] } });

/** Checks a tenant name and returns it; a bad one is a `TenantError` saying what a tenant name may hold. */
export function checkTenant(tenant: string): string {
  if (typeof tenant !== 'string' || !validName(tenant)) {
    throw new TenantError(
      `${JSON.stringify(tenant)} is not a valid tenant name: a tenant name is ${NAME_RULE} (it becomes part of database and table names).`,
    );
  }
  return tenant;
}

/** A store's name for messages and names: `central`, `default@acme`. */
export function storeName(store: StoreAddress): string {
  return store.tenant === undefined ? store.alias : `${store.alias}@${store.tenant}`;
}

/** A store's name as part of database, file and table names (`central`, `default__acme`): unique, since names hold no "__". */
export function storeSlug(store: StoreAddress): string {
  return store.tenant === undefined ? store.alias : `${store.alias}__${store.tenant}`;
}

const tenantScope = new AsyncLocalStorage<string>();

/**
 * Runs `work` for a tenant: every database call it makes, in any async chain it starts, reaches
 * that tenant's stores of the template aliases. Two chains running for different tenants at the
 * same time never see each other's data (Node's AsyncLocalStorage carries the tenant).
 */
export function withTenant<T>(tenant: string, work: () => T): T {
  return tenantScope.run(checkTenant(tenant), work);
}

/** The tenant the current async chain works for, or undefined outside `withTenant`. */
export function currentTenant(): string | undefined {
  return tenantScope.getStore();
}

function findCycle(declared: ReadonlyMap<string, DatabaseDeclaration>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (alias: string): string[] | undefined => {
    if (state.get(alias) === 'done') return undefined;
    if (state.get(alias) === 'visiting') return [...path.slice(path.indexOf(alias)), alias];
    state.set(alias, 'visiting');
    path.push(alias);
    const declaration = declared.get(alias);
    for (const dependency of declaration !== undefined && 'dependencies' in declaration ? declaration.dependencies : []) {
      const cycle = visit(dependency);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state.set(alias, 'done');
    return undefined;
  };
  for (const alias of declared.keys()) {
    const cycle = visit(alias);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

function topologicalOrder(declared: ReadonlyMap<string, DatabaseDeclaration>): string[] {
  const ordered: string[] = [];
  const visit = (alias: string): void => {
    const declaration = declared.get(alias);
    if (ordered.includes(alias) || declaration === undefined || 'mirror' in declaration) return;
    for (const dependency of declaration.dependencies) visit(dependency);
    ordered.push(alias);
  };
  for (const alias of declared.keys()) visit(alias);
  return ordered;
}

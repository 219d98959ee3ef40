import type { Faker } from '@faker-js/faker';
import { Factory as FisheryFactory } from 'fishery';
import { describeValue, type AnyModel, type InputFor, type RecordFor, type Row } from '../orm';
import { factoryFor } from './factory-registry';
import { factoryScope, type FactoryStore } from './factory-scope';

/** What `defaults` and function states are given. */
export interface FactoryContext {
  /** 1 for the factory's first record in a scenario, then 2, 3, … (shared by all of its states). */
  readonly sequence: number;
  /** Faker, seeded per scenario: the same seed gives the same data. */
  readonly faker: Faker;
}

/** Some of a model's fields, with their stored types: what states and overrides give. */
export type Attributes<M> = Partial<RecordFor<M>>;

/** A named state: fixed attributes, or attributes computed from the context. */
export type StateSpec<M> = Attributes<M> | ((context: FactoryContext) => Attributes<M>);

/** What `afterCreate` is given besides the record. */
export interface AfterCreateContext extends FactoryContext {
  /** The states the record was made in, in the order named. */
  readonly states: readonly string[];
  /** Creates a record with another (or the same) factory, in the same store. */
  create<N extends AnyModel>(factory: Factory<N, string>, overrides?: Attributes<N>): Promise<RecordFor<N>>;
  /** Creates `count` records with another (or the same) factory, one after the other, in the same store. */
  createMany<N extends AnyModel>(factory: Factory<N, string>, count: number, overrides?: Attributes<N>): Promise<RecordFor<N>[]>;
}

/** How a factory makes a model's records. */
export interface FactorySpec<M extends AnyModel, S extends string> {
  /** Every required field (and any other the factory should fill); a wrong name or type is a compile error. */
  defaults: (context: FactoryContext) => InputFor<M>;
  /** Named states, applied over the defaults in the order they are named. */
  states?: Record<S, StateSpec<M>>;
  /** Runs after each `create` (not after `build`), with the record as stored. */
  afterCreate?: (record: RecordFor<M>, context: AfterCreateContext) => void | Promise<void>;
}

/** Where `create` stores records, when the scope's default store is not wanted. */
export interface CreateOptions {
  readonly store?: FactoryStore;
}

/** A spec with its model's types erased, as the factory keeps it (so a factory of any model is an `AnyFactory`). */
interface ErasedSpec {
  readonly defaults: (context: FactoryContext) => Row;
  readonly states?: Record<string, Row | ((context: FactoryContext) => Row)>;
  readonly afterCreate?: (record: Row, context: AfterCreateContext) => void | Promise<void>;
}

/** What one fishery build is given (its transient parameters). */
interface Transient {
  readonly states: readonly string[];
  readonly overrides: Row;
  readonly store: FactoryStore | undefined;
}

/**
 * A model's factory (built on fishery): `build` makes attributes in memory, `create` stores them
 * through a `FactoryStore` (the DSL). Immutable: `state(…)` returns a new factory sharing the sequence.
 */
export class Factory<M extends AnyModel, S extends string = never> {
  private constructor(
    /** The model whose records this factory makes. */
    readonly model: M,
    private readonly spec: ErasedSpec,
    private readonly fishery: FisheryFactory<Row, Transient, Row>,
    /** The states this factory applies, in order. */
    readonly states: readonly S[],
  ) {}

  /** Defines a factory; prefer `defineFactory`. */
  static define<M extends AnyModel, S extends string>(model: M, typed: FactorySpec<M, S>): Factory<M, S> {
    const spec = typed as unknown as ErasedSpec;
    const fishery = FisheryFactory.define<Row, Transient, Row>(({ sequence, transientParams, onCreate, afterCreate }) => {
      const { states = [], overrides = {}, store } = transientParams;
      const context: FactoryContext = { sequence, faker: factoryScope.faker };
      const attributes: Row = { ...spec.defaults(context) };
      for (const name of states) {
        const state = spec.states?.[name];
        Object.assign(attributes, typeof state === 'function' ? state(context) : state);
      }
      Object.assign(attributes, overrides);
      for (const [name, value] of Object.entries(attributes)) if (value === undefined) delete attributes[name];
      // A build makes its parents in memory too; a create stores them first (below).
      if (store === undefined)
        for (const [name, parent] of parentsNeeded(model, attributes)) attributes[name] = parent.keyOf(parent.factory.build());
      if (store !== undefined) {
        onCreate(async (data) => {
          for (const [name, parent] of parentsNeeded(model, data)) data[name] = parent.keyOf(await parent.factory.create({}, { store }));
          factoryScope.log?.(
            `${model.name} made by its factory${states.length > 0 ? ` (${states.join(', ')})` : ''}: ${describeValue(data, Infinity)}`,
          );
          return store.createAndVerify(model, data);
        });
        const hook = spec.afterCreate;
        if (hook !== undefined) {
          afterCreate(async (record) => {
            await hook(record, {
              ...context,
              states,
              create: (factory, more) => factory.create(more, { store }),
              createMany: (factory, count, more) => factory.createMany(count, more, { store }),
            });
            return record;
          });
        }
      }
      return attributes;
    });
    factoryScope.factories.add(fishery);
    return new Factory(model, spec, fishery, []);
  }

  /** The names of every state the factory defines. */
  get stateNames(): readonly S[] {
    return Object.keys(this.spec.states ?? {}) as S[];
  }

  /** A factory that also applies these states (after any already chosen); an unknown name throws, listing the known ones. */
  state(...names: S[]): Factory<M, S> {
    const known: readonly string[] = this.stateNames;
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length > 0) {
      throw new Error(
        `The ${this.model.name} factory has no state ${unknown.map((n) => JSON.stringify(n)).join(', ')}. ` +
          (known.length === 0
            ? `It defines no states: add them with defineFactory(${this.model.name}, { states: { ${unknown[0]}: { … } } }).`
            : `Its states are: ${known.join(', ')}.`),
      );
    }
    return new Factory(this.model, this.spec, this.fishery, [...this.states, ...names]);
  }

  /** The attributes `create` would store, made in memory: defaults, then states, then overrides. Not validated and not stored. */
  build(overrides: Attributes<M> = {}): InputFor<M> {
    return this.fishery.build({}, { transient: this.transient(overrides, undefined) }) as InputFor<M>;
  }

  /** `count` builds, with sequences one after the other. */
  buildMany(count: number, overrides: Attributes<M> = {}): InputFor<M>[] {
    return Array.from({ length: checkCount(count) }, () => this.build(overrides));
  }

  /** Builds and stores one record, then runs `afterCreate`; returns the record as stored. */
  async create(overrides: Attributes<M> = {}, options: CreateOptions = {}): Promise<RecordFor<M>> {
    const store = options.store ?? factoryScope.store;
    if (store === undefined) {
      throw new Error(
        `The ${this.model.name} factory has nowhere to store records: inside a scenario the World provides the store; elsewhere pass one, as in create(overrides, { store: dsl }).`,
      );
    }
    return (await this.fishery.create({}, { transient: this.transient(overrides, store) })) as RecordFor<M>;
  }

  /** Creates `count` records one after the other (so sequences, fake data and hooks run in a fixed order). */
  async createMany(count: number, overrides: Attributes<M> = {}, options: CreateOptions = {}): Promise<RecordFor<M>[]> {
    const records: RecordFor<M>[] = [];
    for (let i = 0; i < checkCount(count); i++) records.push(await this.create(overrides, options));
    return records;
  }

  private transient(overrides: Attributes<M>, store: FactoryStore | undefined): Transient {
    return { states: this.states, overrides: overrides as Row, store };
  }
}

/** A factory of any model, as the DSL and the registry see it. */
export type AnyFactory = Factory<AnyModel, string>;

/**
 * Defines a model's factory: `defaults` fill the fields, named `states` change some, and
 * `afterCreate` runs after each stored record. State names and field names and types are checked
 * at compile time.
 */
export function defineFactory<M extends AnyModel, S extends string = never, D extends InputFor<M> = InputFor<M>>(
  model: M,
  spec: FactorySpec<M, S> & { defaults: (context: FactoryContext) => D } & OnlyModelFields<M, D>,
): Factory<M, S> {
  return Factory.define(model, spec);
}

/** Makes defaults that name a field the model lacks a compile error (a returned object literal escapes the excess-property check). */
type OnlyModelFields<M, D> = [Exclude<keyof D, keyof RecordFor<M>>] extends [never]
  ? unknown
  : { readonly 'defaults name fields the model lacks': Exclude<keyof D, keyof RecordFor<M>> };

/** The marker `parent()` returns: the value is the key of a parent made by the parent model's factory. */
const PARENT: unique symbol = Symbol('a parent made by its factory');

/**
 * In `defaults` (or a state), for a reference field (`field.reference(Author, …)`): the parent is
 * made by the parent model's registered factory, one per record, unless the field is given.
 * `create` stores the parent first; `build` builds it in memory and uses its key.
 */
export function parent(): never {
  return PARENT as never;
}

interface ParentMaker {
  readonly factory: AnyFactory;
  keyOf(record: Row): unknown;
}

/**
 * The reference fields of a record whose parent the factory must make: those holding `parent()`,
 * and required (non-nullable) ones left out. A nullable reference left out stays null.
 */
function parentsNeeded(model: AnyModel, attributes: Row): [string, ParentMaker][] {
  const needed: [string, ParentMaker][] = [];
  for (const name of model.fieldNames) {
    const options = model.fields[name]?.options as { reference?: { model: AnyModel }; nullable?: boolean } | undefined;
    const value = attributes[name];
    if (value !== PARENT && (options?.reference === undefined || name in attributes || options.nullable === true)) continue;
    const parentModel = options?.reference?.model;
    if (parentModel === undefined)
      throw new Error(`${model.name}.${name} holds parent(), but it is not a reference field (field.reference(…)).`);
    let factory: AnyFactory;
    try {
      factory = factoryFor(parentModel);
    } catch (error) {
      throw new Error(
        `The ${model.name} factory makes the parent of ${model.name}.${name}, a ${parentModel.name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const key = parentModel.primaryKey[0] as string;
    needed.push([name, { factory, keyOf: (record) => record[key] }]);
  }
  return needed;
}

function checkCount(count: number): number {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`A factory makes a whole number of records (0 or more), not ${count}.`);
  return count;
}

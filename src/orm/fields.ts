/** JSON values a `json` field can hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The six kinds of field a model can declare. */
export type FieldKind = 'string' | 'integer' | 'float' | 'boolean' | 'datetime' | 'json';

/** The TypeScript type a field kind stores. */
export interface KindTypes {
  string: string;
  integer: number;
  float: number;
  boolean: boolean;
  datetime: Date;
  json: JsonValue;
}

/** Options every field kind accepts. */
export interface CommonOptions<T> {
  /** Part of the primary key; several `primaryKey` fields form a composite key in declaration order. */
  primaryKey?: boolean;
  /** No two records may hold the same non-null value. */
  unique?: boolean;
  /** May hold null (default false). A nullable field without a default is null when omitted. */
  nullable?: boolean;
  /** The value used when the field is omitted on create or upsert; a function is called each time. */
  default?: T | null | (() => T | null);
  /** Only these values are allowed. */
  choices?: readonly T[];
  /** A hint that the field is queried often; backends may build a secondary index. Never changes results. */
  index?: boolean;
}

/** Bounds for ordered kinds. */
export interface RangeOptions<T> {
  ge?: T;
  gt?: T;
  le?: T;
  lt?: T;
}

export interface StringOptions extends CommonOptions<string> {
  /** The fewest characters (Unicode code points) allowed. */
  minLength?: number;
  /** The most characters (Unicode code points) allowed. */
  maxLength?: number;
  /** A regular expression the value must match; anchor it (`^…$`) to match the whole value. */
  pattern?: RegExp | string;
}
export type IntegerOptions = CommonOptions<number> & RangeOptions<number>;
export type FloatOptions = CommonOptions<number> & RangeOptions<number>;
export type BooleanOptions = CommonOptions<boolean>;
export interface DatetimeOptions extends CommonOptions<Date>, RangeOptions<Date> {
  /** Set to the clock's time when the record is created. */
  autoNowAdd?: boolean;
  /** Set to the clock's time on create, update and upsert. */
  autoNow?: boolean;
}
export type JsonOptions = CommonOptions<JsonValue>;

/** What deleting a parent does to the records that refer to it. */
export type OnDelete = 'restrict' | 'cascade' | 'setNull';

/** Options of `field.reference`. */
export interface ReferenceOptions {
  /** Deleting a parent that is referred to: `restrict` refuses, `cascade` deletes the children, `setNull` nulls their field. */
  onDelete: OnDelete;
  /** May hold null, meaning "no parent" (required for `setNull`). */
  nullable?: boolean;
  /** A secondary-index hint; DynamoDB uses the index to find the children of a deleted parent. */
  index?: boolean;
  /** No two records may refer to the same parent (a one-to-one reference). */
  unique?: boolean;
}

/** A reference as stored on a field definition: the parent model and the delete rule. */
export interface ReferenceTarget {
  /** The parent model; the field holds the value of its single primary-key field. */
  readonly model: {
    readonly name: string;
    readonly primaryKey: readonly string[];
    readonly fields: Readonly<Record<string, Field>>;
  };
  readonly onDelete: OnDelete;
}

/** Every option any field kind accepts, as stored on a field definition. */
export type FieldOptions = StringOptions &
  RangeOptions<number | Date> &
  DatetimeOptions &
  CommonOptions<unknown> & {
    /** Set by `field.reference`: the field is a foreign key to this parent. */
    reference?: ReferenceTarget;
  };

/**
 * A declared field. `T` is the stored TypeScript type (including `null` when nullable) and
 * `Optional` says whether create may omit it (it has a default, is nullable or is set by the clock).
 */
export interface Field<K extends FieldKind = FieldKind, T = unknown, Optional extends boolean = boolean, Key extends boolean = boolean> {
  readonly kind: K;
  readonly options: Readonly<FieldOptions>;
  /** Type-level only: the stored value type. */
  readonly __type?: T;
  /** Type-level only: whether create may omit the field. */
  readonly __optional?: Optional;
  /** Type-level only: whether the field is (part of) the primary key. */
  readonly __key?: Key;
}

type IsTrue<B> = B extends true ? true : false;
type HasKey<O, K extends string> = K extends keyof O ? (O[K] extends undefined ? false : true) : false;
type Or<A extends boolean, B extends boolean> = A extends true ? true : B;

type Stored<K extends FieldKind, O> =
  IsTrue<O extends { nullable?: infer N } ? N : false> extends true ? KindTypes[K] | null : KindTypes[K];
type KeyFor<O> = IsTrue<O extends { primaryKey?: infer P } ? P : false>;
type OptionalFor<O> = Or<
  Or<IsTrue<O extends { nullable?: infer N } ? N : false>, HasKey<O, 'default'>>,
  Or<IsTrue<O extends { autoNow?: infer A } ? A : false>, IsTrue<O extends { autoNowAdd?: infer A } ? A : false>>
>;

function builder(kind: FieldKind) {
  return (options?: object): Field => Object.freeze({ kind, options: Object.freeze({ ...options }) as Readonly<FieldOptions> });
}

/** What `field.reference` needs of a parent model (a `Model`, without importing it here). */
interface ParentModel {
  readonly name: string;
  readonly fields: Readonly<Record<string, Field>>;
  readonly primaryKey: readonly string[];
}
type KeyFieldOf<P extends ParentModel> = {
  [N in keyof P['fields']]: P['fields'][N] extends Field<FieldKind, unknown, boolean, true> ? N : never;
}[keyof P['fields']];
type ParentKeyKind<P extends ParentModel> = P['fields'][KeyFieldOf<P>] extends Field<infer K, unknown, boolean, true> ? K : FieldKind;
type ParentKeyType<P extends ParentModel> = P['fields'][KeyFieldOf<P>] extends Field<FieldKind, infer T, boolean, true> ? T : never;

function referenceBuilder(parent: ParentModel, options: ReferenceOptions): Field {
  const { onDelete, ...rest } = options ?? ({} as ReferenceOptions);
  const key = parent?.primaryKey?.length === 1 ? parent.fields[parent.primaryKey[0] as string] : undefined;
  // A parent with a composite (or no) key is reported by defineModel, which names the field.
  const kind: FieldKind = key?.kind ?? 'string';
  return Object.freeze({
    kind,
    options: Object.freeze({ ...rest, reference: Object.freeze({ model: parent, onDelete }) }) as Readonly<FieldOptions>,
  });
}

/* eslint-disable @typescript-eslint/no-empty-object-type -- `{}` is the type of "no options given" */
/** Field builders: `field.string({ unique: true })`, `field.integer({ ge: 0, default: 0 })`, … */
export const field = {
  string: builder('string') as <const O extends StringOptions = {}>(
    options?: O,
  ) => Field<'string', Stored<'string', O>, OptionalFor<O>, KeyFor<O>>,
  integer: builder('integer') as <const O extends IntegerOptions = {}>(
    options?: O,
  ) => Field<'integer', Stored<'integer', O>, OptionalFor<O>, KeyFor<O>>,
  float: builder('float') as <const O extends FloatOptions = {}>(
    options?: O,
  ) => Field<'float', Stored<'float', O>, OptionalFor<O>, KeyFor<O>>,
  boolean: builder('boolean') as <const O extends BooleanOptions = {}>(
    options?: O,
  ) => Field<'boolean', Stored<'boolean', O>, OptionalFor<O>, KeyFor<O>>,
  datetime: builder('datetime') as <const O extends DatetimeOptions = {}>(
    options?: O,
  ) => Field<'datetime', Stored<'datetime', O>, OptionalFor<O>, KeyFor<O>>,
  /**
   * A foreign key to `parent`'s single primary-key field: its kind and type are the parent key's
   * (nullable when `nullable`). See the README's "References" for what each `onDelete` does.
   */
  reference: referenceBuilder as <P extends ParentModel, const O extends ReferenceOptions>(
    parent: P,
    options: O,
  ) => Field<ParentKeyKind<P>, ParentKeyType<P> | (IsTrue<O['nullable']> extends true ? null : never), IsTrue<O['nullable']>, false>,
  json: builder('json') as <const O extends JsonOptions = {}>(options?: O) => Field<'json', Stored<'json', O>, OptionalFor<O>, KeyFor<O>>,
};
/* eslint-enable @typescript-eslint/no-empty-object-type */

/** A model's fields by name. */
export type FieldMap = Record<string, Field>;

/** The stored record type of a field map. */
export type RecordOf<F extends FieldMap> = {
  -readonly [K in keyof F]: F[K] extends Field<FieldKind, infer T, boolean> ? T : never;
};

type RequiredKeys<F extends FieldMap> = {
  [K in keyof F]: F[K] extends Field<FieldKind, unknown, infer O> ? (O extends true ? never : K) : never;
}[keyof F];
type OptionalKeys<F extends FieldMap> = Exclude<keyof F, RequiredKeys<F>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What create and upsert accept: required fields must be given, the rest may be. */
export type InputOf<F extends FieldMap> = Simplify<
  { [K in RequiredKeys<F>]: RecordOf<F>[K] } & { [K in OptionalKeys<F>]?: RecordOf<F>[K] }
>;

/** What update accepts: any subset of the fields. */
export type ChangesOf<F extends FieldMap> = Partial<RecordOf<F>>;

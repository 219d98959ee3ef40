/*
 * The schema an SQL engine actually holds, read from its own catalogs, for the drift check
 * (issue 14): compared with `schemaOf(models)` by `schemaDifferences`. Sequelize's queryInterface
 * is lossy here (its index listing knows no exclusion constraints nor index expressions, and drops
 * a partial index's predicate), so the catalogs are read directly: SQLite's pragma functions, PostgreSQL's pg_catalog.
 */
import type * as SequelizeModule from 'sequelize';
import type { Sequelize, Transaction } from 'sequelize';
import { postgresDialect, sqliteDialect, type SqlDialect } from '../orm/backends/sequelize/dialects';
import type { FieldKind, OnDelete } from '../orm/fields';
import type { AnyModel } from '../orm/model';
import { loadPeer } from '../peers';
import type { FieldSchema, ModelSchema, ReferenceSchema, Schema } from './schema';

const { QueryTypes } = loadPeer<typeof SequelizeModule>('sequelize', 'The SQL drift check (parity migrations)');

/** Options for reading a schema back: as the Sequelize backend was given them. */
export interface ReadSqlSchemaOptions {
  /** The table a model is stored in (default: the model's name), as the backend's option. */
  tableName?: (model: { readonly name: string }) => string;
  /** Read inside this transaction (PostgreSQL's DDL is transactional: a planted change is seen before it is rolled back). */
  transaction?: Transaction;
}

const KINDS: readonly FieldKind[] = ['string', 'integer', 'float', 'boolean', 'datetime', 'json'];

/** A column of an index that is an expression, where no column can be named (SQLite gives no text for it). */
const EXPRESSION = '<expression>';

/** What one table holds, before it is described as a model. */
interface Table {
  /** Columns in table order: the catalog's type spelling and nullability. */
  readonly columns: readonly { readonly name: string; readonly type: string; readonly nullable: boolean }[];
  readonly primaryKey: readonly string[];
  readonly unique: readonly (readonly string[])[];
  readonly indexes: readonly (readonly string[])[];
  readonly foreignKeys: readonly {
    readonly columns: readonly string[];
    readonly parentTable: string;
    /** Empty when the key names none: the parent's primary key. */
    readonly parentColumns: readonly string[];
    /** The delete rule as SQL spells it: RESTRICT, CASCADE, SET NULL, NO ACTION, SET DEFAULT. */
    readonly onDelete: string;
  }[];
}

interface Catalog {
  /** The table, or undefined when it does not exist. */
  read(table: string): Promise<Table | undefined>;
  /** How the catalog spells the column type a field kind is created with. */
  spelling(kind: FieldKind): string;
}

/**
 * What the engine holds for each model's table, as a `Schema` keyed by model name; a table that
 * does not exist is absent. A column type no field kind is created with keeps the engine's name in
 * `unmappedType`, a delete rule the ORM never asks for keeps its SQL name in `unmappedOnDelete`.
 */
export async function readSqlSchema(
  sequelize: Sequelize,
  expected: readonly AnyModel[] | Schema,
  options: ReadSqlSchemaOptions = {},
): Promise<Schema> {
  const models: readonly Described[] = Array.isArray(expected) ? expected : Object.values(expected as Schema);
  const tableName = options.tableName ?? ((model: { readonly name: string }) => model.name);
  const catalog = catalogOf(sequelize, options.transaction);
  const modelOfTable = new Map(models.map((model) => [tableName(model), model]));
  const schema: Record<string, ModelSchema> = {};
  for (const model of models) {
    const table = await catalog.read(tableName(model));
    if (table === undefined) continue;
    const fields: Record<string, FieldSchema> = {};
    for (const column of table.columns) {
      fields[column.name] = { ...storedKind(catalog, column.type, model.fields[column.name]?.kind), nullable: column.nullable };
    }
    schema[model.name] = {
      name: model.name,
      database: model.database,
      fields,
      primaryKey: table.primaryKey,
      unique: table.unique,
      indexes: table.indexes,
      references: table.foreignKeys.map((key) => reference(key, modelOfTable)),
    };
  }
  return schema;
}

/**
 * The kind a column type stores. Several kinds can share one type (SQLite stores strings,
 * datetimes and json all as TEXT): the model's kind is the answer when its type is the column's,
 * since nothing in the catalog tells them apart.
 */
function storedKind(catalog: Catalog, type: string, modelKind: FieldKind | undefined): Pick<FieldSchema, 'kind' | 'unmappedType'> {
  const same = (kind: FieldKind): boolean => catalog.spelling(kind).toLowerCase() === type.toLowerCase();
  if (modelKind !== undefined && same(modelKind)) return { kind: modelKind };
  const kind = KINDS.find(same);
  return kind !== undefined ? { kind } : { kind: modelKind ?? 'string', unmappedType: type };
}

const ON_DELETE: Readonly<Record<string, OnDelete>> = { RESTRICT: 'restrict', CASCADE: 'cascade', 'SET NULL': 'setNull' };

/** What the reader needs of a model, which a model and a `ModelSchema` both give. */
type Described = Pick<ModelSchema, 'name' | 'database' | 'primaryKey'> & {
  readonly fields: Readonly<Record<string, { readonly kind: FieldKind }>>;
};

function reference(key: Table['foreignKeys'][number], modelOfTable: ReadonlyMap<string, Described>): ReferenceSchema {
  const parentModel = modelOfTable.get(key.parentTable);
  let parent = parentModel?.name ?? key.parentTable;
  // A key pointing at something other than the parent's primary key is not the reference the model means: name what it points at.
  if (parentModel !== undefined && key.parentColumns.length > 0 && key.parentColumns.join() !== parentModel.primaryKey.join())
    parent = `${parent}(${key.parentColumns.join(', ')})`;
  const onDelete = ON_DELETE[key.onDelete];
  return {
    field: key.columns.join(', '),
    parent,
    onDelete: onDelete ?? 'restrict',
    ...(onDelete === undefined && { unmappedOnDelete: key.onDelete }),
  };
}

function catalogOf(sequelize: Sequelize, transaction: Transaction | undefined): Catalog {
  const select = <T extends object>(sql: string, bind: readonly unknown[]): Promise<T[]> =>
    sequelize.query<T>(sql, { type: QueryTypes.SELECT, bind: [...bind], transaction });
  const name = sequelize.getDialect();
  if (name === 'sqlite') return sqliteCatalog(select);
  if (name === 'postgres') return postgresCatalog(select);
  throw new Error(`The drift check reads SQLite and PostgreSQL catalogs, not ${name}'s: check this store another way.`);
}

type Select = <T extends object>(sql: string, bind: readonly unknown[]) => Promise<T[]>;

/** SQLite: the pragma functions (table_info, index_list, index_xinfo, foreign_key_list) take the table as a bound parameter. */
function sqliteCatalog(select: Select): Catalog {
  const dialect: SqlDialect = sqliteDialect;
  return {
    // PRAGMA table_info returns the declared type as written, which is the dialect's column type.
    spelling: (kind) => dialect.columnType(kind),
    async read(table) {
      const exists = await select(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1`, [table]);
      if (exists.length === 0) return undefined;
      const columns = await select<{ name: string; type: string; notnull: number; pk: number }>(
        'SELECT name, type, "notnull" AS "notnull", pk FROM pragma_table_info($1) ORDER BY cid',
        [table],
      );
      const unique: string[][] = [];
      const indexes: string[][] = [];
      const list = await select<{ name: string; unique: number; origin: string; partial: number }>(
        'SELECT name, "unique" AS "unique", origin, partial FROM pragma_index_list($1) ORDER BY seq',
        [table],
      );
      for (const index of list) {
        if (index.origin === 'pk') continue;
        const keys = await select<{ name: string | null }>('SELECT name FROM pragma_index_xinfo($1) WHERE key = 1 ORDER BY seqno', [
          index.name,
        ]);
        const group = keys.map((k) => k.name ?? EXPRESSION);
        // A partial unique index holds the constraint for some rows only: it is an index, not the constraint.
        (index.unique === 1 && index.partial === 0 ? unique : indexes).push(group);
      }
      const keys = await select<{ id: number; table: string; from: string; to: string | null; on_delete: string }>(
        'SELECT id, "table" AS "table", "from" AS "from", "to" AS "to", on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq',
        [table],
      );
      const byId = new Map<number, (typeof keys)[number][]>();
      for (const key of keys) byId.set(key.id, [...(byId.get(key.id) ?? []), key]);
      // An INTEGER PRIMARY KEY alone is the rowid (no index of origin pk backs it): it never holds null, whatever NOT NULL says.
      const keyColumns = columns.filter((c) => c.pk > 0);
      const rowid =
        keyColumns.length === 1 && keyColumns[0]!.type.toUpperCase() === 'INTEGER' && !list.some((index) => index.origin === 'pk')
          ? keyColumns[0]!.name
          : undefined;
      return {
        columns: columns.map((c) => ({ name: c.name, type: c.type, nullable: c.notnull === 0 && c.name !== rowid })),
        primaryKey: columns
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        unique,
        indexes,
        foreignKeys: [...byId.values()].map((parts) => ({
          columns: parts.map((p) => p.from),
          parentTable: parts[0]!.table,
          // A key written without the parent's columns means the parent's primary key; `to` is then null.
          parentColumns: parts.some((p) => p.to === null) ? [] : parts.map((p) => p.to as string),
          onDelete: parts[0]!.on_delete.toUpperCase(),
        })),
      };
    },
  };
}

/**
 * How pg_catalog's format_type spells each column type the PostgreSQL dialect creates (with the
 * column's collation when it is not its type's default), keyed by the dialect's own spelling.
 */
const POSTGRES_SPELLING: Readonly<Record<string, string>> = {
  'TEXT COLLATE "C"': 'text COLLATE "C"',
  BIGINT: 'bigint',
  'DOUBLE PRECISION': 'double precision',
  BOOLEAN: 'boolean',
  'TIMESTAMPTZ(3)': 'timestamp(3) with time zone',
  JSON: 'json',
};

const PG_DELETE_RULES: Readonly<Record<string, string>> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** PostgreSQL: pg_attribute for columns, pg_index with pg_get_indexdef for keys, uniques and indexes, pg_constraint for foreign keys. */
function postgresCatalog(select: Select): Catalog {
  const dialect: SqlDialect = postgresDialect;
  return {
    spelling(kind) {
      const type = dialect.columnType(kind);
      const spelling = POSTGRES_SPELLING[type];
      if (spelling === undefined)
        throw new Error(
          `The drift check does not know how pg_catalog spells ${type}: add it to POSTGRES_SPELLING in src/migrations/sql-catalog.ts.`,
        );
      return spelling;
    },
    async read(table) {
      const [found] = await select<{ oid: number }>(
        `SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')`,
        [table],
      );
      if (found === undefined) return undefined;
      const columns = await select<{ name: string; quoted: string; type: string; notnull: boolean; collation: string | null }>(
        `SELECT a.attname AS name, quote_ident(a.attname) AS quoted, format_type(a.atttypid, a.atttypmod) AS type,
                a.attnotnull AS notnull, CASE WHEN a.attcollation <> t.typcollation THEN co.collname::text END AS collation
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation co ON co.oid = a.attcollation
         WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [found.oid],
      );
      const list = await select<{
        oid: number;
        primary: boolean;
        unique: boolean;
        exclusion: boolean;
        partial: boolean;
        equality: boolean | null;
      }>(
        `SELECT i.indexrelid AS oid, i.indisprimary AS "primary", i.indisunique AS "unique", i.indisexclusion AS exclusion,
                i.indpred IS NOT NULL AS partial,
                (SELECT bool_and(o.oprname = '=') FROM pg_constraint con JOIN pg_operator o ON o.oid = ANY(con.conexclop)
                 WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype = 'x') AS equality
         FROM pg_index i WHERE i.indrelid = $1 ORDER BY i.indexrelid`,
        [found.oid],
      );
      let primaryKey: string[] = [];
      const unique: string[][] = [];
      const indexes: string[][] = [];
      for (const index of list) {
        const keys = await select<{ column: string | null; definition: string }>(
          `SELECT a.attname::text AS "column", pg_get_indexdef(i.indexrelid, k, true) AS definition
           FROM pg_index i CROSS JOIN generate_series(1, i.indnkeyatts) AS k
           LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1] AND a.attnum > 0
           WHERE i.indexrelid = $1 ORDER BY k`,
          [index.oid],
        );
        // An expression (the dialect's unique constraint over long text is one) stands for the columns it reads, in the order it reads them.
        const group = keys.flatMap((key) => (key.column !== null ? [key.column] : columnsIn(key.definition, columns)));
        if (index.primary) primaryKey = group;
        // An exclusion constraint whose every operator is = refuses two rows with equal values: a unique constraint.
        else if (!index.partial && (index.unique || (index.exclusion && index.equality === true))) unique.push(group);
        // Any other exclusion constraint (overlaps, say) is nothing the models ask for.
        else if (!index.exclusion) indexes.push(group);
      }
      const keys = await select<{ columns: string[]; parent_table: string; parent_columns: string[]; rule: string }>(
        `SELECT ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
                p.relname::text AS parent_table,
                ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS parent_columns,
                con.confdeltype::text AS rule
         FROM pg_constraint con JOIN pg_class p ON p.oid = con.confrelid
         WHERE con.conrelid = $1 AND con.contype = 'f' ORDER BY con.conname`,
        [found.oid],
      );
      return {
        columns: columns.map((c) => ({
          name: c.name,
          type: c.collation === null ? c.type : `${c.type} COLLATE "${c.collation.replace(/"/g, '""')}"`,
          nullable: !c.notnull,
        })),
        primaryKey,
        unique,
        indexes,
        foreignKeys: keys.map((key) => ({
          columns: key.columns,
          parentTable: key.parent_table,
          parentColumns: key.parent_columns,
          onDelete: PG_DELETE_RULES[key.rule] ?? key.rule,
        })),
      };
    },
  };
}

/**
 * The table's columns an index expression reads, ordered by where each first appears in the
 * expression as pg_get_indexdef writes it (identifiers as quote_ident quotes them; a type after
 * `::` or a function name is not a column, so a column named text or encode is not found there).
 */
function columnsIn(definition: string, columns: readonly { name: string; quoted: string }[]): string[] {
  const found = columns
    .map(({ name, quoted }) => {
      const escaped = quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const at = new RegExp(quoted.startsWith('"') ? escaped : `(?<![\\w$"]|::)${escaped}(?![\\w$"]|\\s*\\()`).exec(definition);
      return { name, at: at?.index ?? -1 };
    })
    .filter((c) => c.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((c) => c.name);
  return found.length > 0 ? found : [EXPRESSION];
}

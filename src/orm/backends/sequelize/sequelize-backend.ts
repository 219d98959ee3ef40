import type { Sequelize, Transaction } from 'sequelize';
import { BackendError, DuplicateKeyError, NotFoundError, ReferenceIntegrityError } from '../../errors';
import type { Field } from '../../fields';
import type { AnyModel } from '../../model';
import { parentKey, planDelete, referencesToCheck } from '../../references';
import type { Condition, FindSpec } from '../../query';
import type { Row } from '../../validation';
import type { Backend, Capability } from '../backend';
import { postgresDialect, sqliteDialect, type SqlDialect } from './dialects';
import type { ConvertedError, SqlErrorKind } from './sql-exception-converter';
import { Params, SqlCompiler, quote } from './sql-compiler';
import { createTable } from './sql-schema';
import { schemaOf } from '../../../migrations/schema';

/** What the backend uses of Sequelize's connection manager (its pool). */
interface ConnectionManager {
  getConnection(options: { type: string }): Promise<unknown>;
  releaseConnection(connection: unknown): void;
}

/** Options for the Sequelize backend. */
export interface SequelizeBackendOptions {
  /** Capabilities beyond the shared contract (e.g. `persistence` for a server or a file). */
  capabilities?: readonly Capability[];
  /** The table a model is stored in (default: the model's name). */
  tableName?: (model: AnyModel) => string;
}

interface Shared {
  readonly sequelize: Sequelize;
  readonly dialect: SqlDialect;
  readonly compiler: SqlCompiler;
  readonly tableName: (model: AnyModel) => string;
  readonly synced: Set<string>;
  /** Every synced model by name, to name the child behind a refused delete. */
  readonly models: Map<string, AnyModel>;
}

/**
 * SQLite and PostgreSQL through one Sequelize connection. Sequelize creates the schema; each
 * dialect's error converter classifies native errors by their codes; statements are parameterised SQL so every lookup, order and seek
 * has exactly the reference semantics (src/orm/query.ts) on both engines.
 */
export class SequelizeBackend implements Backend {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  private readonly shared: Shared;
  private readonly transaction: Transaction | undefined;

  constructor(sequelize: Sequelize, options: SequelizeBackendOptions = {}, scope?: { shared: Shared; transaction: Transaction }) {
    if (scope !== undefined) {
      this.shared = scope.shared;
      this.transaction = scope.transaction;
    } else {
      const dialect = dialectOf(sequelize);
      this.shared = {
        sequelize,
        dialect,
        compiler: new SqlCompiler(dialect),
        tableName: options.tableName ?? ((model) => model.name),
        synced: new Set(),
        models: new Map(),
      };
      this.transaction = undefined;
    }
    this.name = this.shared.dialect.name;
    this.capabilities = new Set(options.capabilities ?? []);
  }

  /**
   * The same backend running every statement inside `transaction`, each write in a savepoint
   * so that an expected failure (a duplicate key) leaves the transaction usable.
   */
  within(transaction: Transaction): SequelizeBackend {
    return new SequelizeBackend(this.shared.sequelize, { capabilities: [...this.capabilities] }, { shared: this.shared, transaction });
  }

  /** The Sequelize instance, for drivers and tools that need the connection. */
  get sequelize(): Sequelize {
    return this.shared.sequelize;
  }

  /** Forgets models whose tables are gone (a test driver's, for what a scenario's migrations made and it dropped). */
  forget(models: readonly string[]): void {
    for (const name of models) {
      const model = this.shared.models.get(name);
      if (model !== undefined) this.shared.synced.delete(this.table(model));
      this.shared.models.delete(name);
    }
  }

  /** The table name of a model. */
  table(model: AnyModel): string {
    return this.shared.tableName(model);
  }

  /** The select list reading every column of a model's table (for drivers reading tables directly). */
  columns(model: AnyModel): string {
    return this.shared.compiler.columns(model);
  }

  /** Every stored row of a model, read with a plain SELECT (for drivers reading tables directly, as a test's raw check). */
  async storedRows(model: AnyModel): Promise<Row[]> {
    return this.select(model, `SELECT ${this.shared.compiler.columns(model)} FROM ${quote(this.table(model))}`, this.params());
  }

  /** Decodes a row as the engine returns it (for drivers reading tables directly). */
  decodeRow(model: AnyModel, raw: Record<string, unknown>): Row {
    const row: Row = {};
    for (const name of model.fieldNames) row[name] = this.shared.dialect.decode((model.fields[name] as Field).kind, raw[name]);
    return row;
  }

  async sync(models: readonly AnyModel[]): Promise<void> {
    const { sequelize, dialect, synced } = this.shared;
    const queryInterface = sequelize.getQueryInterface();
    // SQLite enforces foreign keys only when asked, per connection (and not from inside a transaction).
    if (dialect.name === 'sqlite' && this.transaction === undefined) await sequelize.query('PRAGMA foreign_keys = ON');
    for (const model of models) {
      const table = this.table(model);
      this.shared.models.set(model.name, model);
      if (synced.has(table)) continue;
      if (!(await queryInterface.tableExists(table, { transaction: this.transaction }))) {
        const parents = new Map(model.references.map((r) => [r.parent.name, r.parent as AnyModel]));
        const modelOf = (name: string): AnyModel => (name === model.name ? model : parents.get(name)!);
        await createTable(
          {
            sequelize,
            dialect,
            transaction: this.transaction,
            table: (name) => this.shared.tableName(modelOf(name)),
            parentKey: (name) => modelOf(name).primaryKey[0]!,
          },
          schemaOf([model])[model.name]!,
        );
      }
      synced.add(table);
    }
  }

  async insert(model: AnyModel, row: Row): Promise<void> {
    const params = this.params();
    const columns = model.fieldNames.map(quote).join(', ');
    const values = model.fieldNames.map((f) => params.add(kindOf(model, f), row[f])).join(', ');
    await this.write(model, row, undefined, `${INSERT} INTO ${quote(this.table(model))} (${columns}) VALUES (${values})`, params);
  }

  async get(model: AnyModel, key: Row): Promise<Row | undefined> {
    const params = this.params();
    const rows = await this.select(
      model,
      `SELECT ${this.shared.compiler.columns(model)} FROM ${quote(this.table(model))} WHERE ${this.keyMatch(model, key, params)}`,
      params,
    );
    return rows[0];
  }

  async update(model: AnyModel, key: Row, changes: Row): Promise<Row> {
    const names = Object.keys(changes);
    if (names.length === 0) {
      const current = await this.get(model, key);
      if (current === undefined) throw new NotFoundError(model.name, key);
      return current;
    }
    const params = this.params();
    const assignments = names.map((f) => `${quote(f)} = ${params.add(kindOf(model, f), changes[f])}`).join(', ');
    const sql = `UPDATE ${quote(this.table(model))} SET ${assignments} WHERE ${this.keyMatch(model, key, params)} RETURNING ${this.shared.compiler.columns(model)}`;
    const [row] = await this.write(model, { ...key, ...changes }, key, sql, params);
    if (row === undefined) throw new NotFoundError(model.name, key);
    return row;
  }

  async upsert(model: AnyModel, row: Row, keep: readonly string[]): Promise<Row> {
    const params = this.params();
    const columns = model.fieldNames.map(quote).join(', ');
    const values = model.fieldNames.map((f) => params.add(kindOf(model, f), row[f])).join(', ');
    const replaced = model.fieldNames.filter((f) => !model.primaryKey.includes(f) && !keep.includes(f));
    const onConflict =
      replaced.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${replaced.map((f) => `${quote(f)} = excluded.${quote(f)}`).join(', ')}`;
    const sql =
      `${INSERT} INTO ${quote(this.table(model))} (${columns}) VALUES (${values}) ` +
      `ON CONFLICT (${model.primaryKey.map(quote).join(', ')}) ${onConflict} RETURNING ${this.shared.compiler.columns(model)}`;
    const [stored] = await this.write(model, row, pickKey(model, row), sql, params);
    return stored ?? ((await this.get(model, pickKey(model, row))) as Row);
  }

  async delete(model: AnyModel, key: Row): Promise<void> {
    const params = this.params();
    const sql = `DELETE FROM ${quote(this.table(model))} WHERE ${this.keyMatch(model, key, params)} RETURNING 1 AS deleted`;
    const deleted = await this.savepoint(() => this.run(sql, params)).catch(async (error: unknown) => {
      if (!refusedAs(error, 'foreign-key-violation', 'restrict-violation')) throw error;
      const cause = error.refusal.native;
      // The engine refused because of a restrict reference; the shared plan names which one.
      const row = await this.get(model, key);
      if (row !== undefined) {
        await planDelete(model, row, [...this.shared.models.values()], (child, field, value) => this.children(child, field, value)).catch(
          (refused: unknown) => {
            if (refused instanceof ReferenceIntegrityError) {
              throw new ReferenceIntegrityError(refused.model, refused.field, refused.value, refused.parent, refused.reason, { cause });
            }
            throw refused;
          },
        );
      }
      throw new BackendError(`The ${this.name} backend refused to delete ${model.name}: ${error.refusal.message}`, { cause });
    });
    if (deleted.length === 0) throw new NotFoundError(model.name, key);
  }

  /** The stored rows of `child` whose `field` holds `value`. */
  private async children(child: AnyModel, field: string, value: unknown): Promise<Row[]> {
    const params = this.params();
    return this.select(
      child,
      `SELECT ${this.shared.compiler.columns(child)} FROM ${quote(this.table(child))} WHERE ${quote(field)} = ${params.add(kindOf(child, field), value)}`,
      params,
    );
  }

  /** Runs statements in a savepoint inside a scenario transaction, so that a refused one leaves the transaction usable. */
  private async savepoint<T>(work: () => Promise<T>): Promise<T> {
    if (this.transaction === undefined) return work();
    await this.run('SAVEPOINT parity_write', this.params());
    try {
      const result = await work();
      await this.run('RELEASE SAVEPOINT parity_write', this.params());
      return result;
    } catch (error) {
      await this.run('ROLLBACK TO SAVEPOINT parity_write', this.params());
      throw error;
    }
  }

  async find(model: AnyModel, spec: FindSpec): Promise<Row[]> {
    const params = this.params();
    return this.select(model, this.shared.compiler.select(model, this.table(model), spec, params), params);
  }

  async count(model: AnyModel, where: Condition): Promise<number> {
    const params = this.params();
    const [row] = await this.run(
      `SELECT COUNT(*) AS n FROM ${quote(this.table(model))} WHERE ${this.shared.compiler.where(where, params)}`,
      params,
    );
    return Number((row as { n: unknown }).n);
  }

  async exists(model: AnyModel, where: Condition): Promise<boolean> {
    const params = this.params();
    const rows = await this.run(
      `SELECT 1 AS found FROM ${quote(this.table(model))} WHERE ${this.shared.compiler.where(where, params)} LIMIT 1`,
      params,
    );
    return rows.length > 0;
  }

  async close(): Promise<void> {
    if (this.transaction === undefined) await this.shared.sequelize.close();
  }

  private params(): Params {
    return new Params(this.shared.dialect);
  }

  private keyMatch(model: AnyModel, key: Row, params: Params): string {
    return model.primaryKey.map((f) => `${quote(f)} = ${params.add(kindOf(model, f), key[f])}`).join(' AND ');
  }

  private async select(model: AnyModel, sql: string, params: Params): Promise<Row[]> {
    const rows = (await this.run(sql, params)) as Record<string, unknown>[];
    return rows.map((raw) => this.decodeRow(model, raw));
  }

  /**
   * Runs one statement on the engine's own client, with a connection of Sequelize's pool (the
   * scenario transaction's, inside one): Sequelize keeps the schema, the pool and transactions,
   * but its per-query machinery (option merging, hooks, a stack trace and result parsing each
   * call) would cost more than the statement itself on SQLite. An engine error becomes a
   * BackendError keeping the native error as cause; a refusal by a constraint becomes a `Refused`
   * (a BackendError too), which writes and deletes turn into the ORM's own errors.
   */
  private async run(sql: string, params: Params): Promise<Record<string, unknown>[]> {
    const { sequelize, dialect } = this.shared;
    const pool = (sequelize as unknown as { connectionManager: ConnectionManager }).connectionManager;
    const transaction = this.transaction as (Transaction & { connection?: unknown; finished?: string }) | undefined;
    if (transaction?.finished !== undefined) {
      throw new BackendError(`The ${this.name} backend was used after its transaction ended (${transaction.finished}): begin another.`);
    }
    let connection: unknown;
    try {
      connection = transaction !== undefined ? transaction.connection : await pool.getConnection({ type: 'SELECT' });
      return await dialect.execute(connection, sql, params.values);
    } catch (error) {
      const refusal = dialect.errors.convert(error);
      throw new Refused(refusal, `The ${this.name} backend ${ADVICE[refusal.kind]}: ${refusal.message}`);
    } finally {
      if (transaction === undefined && connection !== undefined) pool.releaseConnection(connection);
    }
  }

  /**
   * Runs a write (in a savepoint inside a scenario transaction). A unique violation becomes a
   * DuplicateKeyError naming the same fields as the reference: the primary key when another
   * record holds it, else the first unique constraint in model order whose values are taken.
   */
  private async write(model: AnyModel, row: Row, ownKey: Row | undefined, sql: string, params: Params): Promise<Row[]> {
    try {
      const rows = (await this.savepoint(() => this.run(sql, params))) as Record<string, unknown>[];
      return rows.map((raw) => this.decodeRow(model, raw));
    } catch (error) {
      if (refusedAs(error, 'foreign-key-violation')) throw await this.missingParent(model, row, ownKey, error.refusal);
      if (!refusedAs(error, 'unique-violation')) throw error;
      const clash = await this.clash(model, row, ownKey);
      throw new DuplicateKeyError(model.name, clash.fields, Object.fromEntries(clash.fields.map((f) => [f, clash.row[f]])), {
        cause: error.refusal.native,
      });
    }
  }

  /** The error for a write the engine refused for a foreign key: the first reference (in field order) whose parent is missing. */
  private async missingParent(model: AnyModel, given: Row, ownKey: Row | undefined, refusal: ConvertedError): Promise<Error> {
    const cause = refusal.native;
    const changed = ownKey === undefined ? undefined : Object.keys(given).filter((f) => !model.primaryKey.includes(f));
    for (const { field, parent, value } of referencesToCheck(model, given, changed)) {
      if ((await this.get(parent, parentKey(parent, value))) === undefined) {
        return new ReferenceIntegrityError(model.name, field, value, parent.name, 'missing-parent', { cause });
      }
    }
    return new BackendError(`The ${this.name} backend refused to write ${model.name}: ${refusal.message}`, { cause });
  }

  private async clash(model: AnyModel, given: Row, ownKey: Row | undefined): Promise<{ fields: readonly string[]; row: Row }> {
    const table = quote(this.table(model));
    // An update names only some fields: its unique constraints are checked on the whole new record.
    const current = ownKey === undefined ? undefined : await this.get(model, ownKey);
    const row = { ...current, ...given };
    if (ownKey === undefined) {
      const params = this.params();
      const taken = await this.run(`SELECT 1 AS found FROM ${table} WHERE ${this.keyMatch(model, row, params)}`, params);
      if (taken.length > 0) return { fields: model.primaryKey, row };
    }
    for (const fields of model.uniqueConstraints) {
      if (fields.some((f) => row[f] === null || row[f] === undefined)) continue;
      const params = this.params();
      const match = fields.map((f) => `${quote(f)} = ${params.add(kindOf(model, f), row[f])}`).join(' AND ');
      const others = ownKey === undefined ? '' : ` AND NOT (${this.keyMatch(model, ownKey, params)})`;
      const taken = await this.run(`SELECT 1 AS found FROM ${table} WHERE ${match}${others}`, params);
      if (taken.length > 0) return { fields, row };
    }
    return { fields: model.primaryKey, row };
  }
}

/** A statement the engine refused, with what the refusal means (the native error is the cause). */
class Refused extends BackendError {
  constructor(
    readonly refusal: ConvertedError,
    message: string,
  ) {
    super(message, { cause: refusal.native });
  }
}

function refusedAs(error: unknown, ...kinds: SqlErrorKind[]): error is Refused {
  return error instanceof Refused && kinds.includes(error.refusal.kind);
}

/** What a failed statement means for the user, by kind; the engine's message follows. */
const ADVICE: Record<SqlErrorKind, string> = {
  'unique-violation': 'refused a duplicate value',
  'foreign-key-violation': 'refused a write for a foreign key',
  'restrict-violation': 'refused a delete for an ON DELETE RESTRICT reference',
  'not-null-violation': "refused a null in a NOT NULL column (a table not made by this backend's sync?)",
  'check-violation': "refused a value for a CHECK constraint (a table not made by this backend's sync?)",
  'value-too-long': 'refused a value too long for the engine',
  'limit-exceeded': 'hit an engine limit (please report it: the contract says engine limits never change results)',
  'query-canceled': 'had a statement cancelled (a statement_timeout on the server or the connection?)',
  connection: 'lost its connection to the database (check that the server runs and is reachable)',
  busy: 'found the database busy or locked (another connection holds a lock; retry, or run fewer writers)',
  other: 'could not run a statement',
};

/**
 * Sequelize's SQLite query runs any statement that starts with "insert into" with `run`, which
 * drops the rows of a RETURNING clause; a leading comment keeps it on `all` (trimming would undo a space).
 */
const INSERT = '/* parity */ INSERT';

function dialectOf(sequelize: Sequelize): SqlDialect {
  const name = sequelize.getDialect();
  if (name === 'sqlite') return sqliteDialect;
  if (name === 'postgres') return postgresDialect;
  throw new BackendError(`The Sequelize backend supports sqlite and postgres, not ${name}.`);
}

function kindOf(model: AnyModel, field: string) {
  return (model.fields[field] as Field).kind;
}

function pickKey(model: AnyModel, row: Row): Row {
  return Object.fromEntries(model.primaryKey.map((f) => [f, row[f]]));
}

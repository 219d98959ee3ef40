import { DuplicateKeyError, NotFoundError, ReferenceIntegrityError } from '../../errors';
import type { AnyModel } from '../../model';
import { parentKey, planDelete, referencesToCheck } from '../../references';
import { applyFind, matches, type Condition, type FindSpec } from '../../query';
import type { Row } from '../../validation';
import { compareValues, copyValue } from '../../values';
import type { Backend, Capability } from '../backend';

/** The reference backend: rows in maps, every rule applied by the ORM's own value semantics. */
export class InMemoryBackend implements Backend {
  readonly name = 'inmemory';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['large-items', 'migrations', 'migrate-key-fields']);
  private readonly tables = new Map<string, Map<string, Row>>();
  private readonly models = new Map<string, AnyModel>();
  /**
   * Unique constraints' indexes, by table, then constraint (`userId,title`), then the values (as
   * `uniqueKey` writes them) → the key of the row holding them; built the first time a constraint
   * is checked, kept by every write, forgotten whenever tables are replaced or emptied.
   */
  private readonly uniques = new Map<string, Map<string, Map<string, string>>>();

  async sync(models: readonly AnyModel[]): Promise<void> {
    for (const model of models) {
      if (!this.tables.has(model.name)) this.tables.set(model.name, new Map());
      this.models.set(model.name, model);
    }
  }

  async insert(model: AnyModel, row: Row): Promise<void> {
    const table = this.table(model);
    const id = keyOf(model, row);
    if (table.has(id)) throw new DuplicateKeyError(model.name, model.primaryKey, pick(row, model.primaryKey));
    this.checkUnique(model, row, undefined);
    this.checkParents(model, row);
    this.store(model, id, copyRow(row));
  }

  async get(model: AnyModel, key: Row): Promise<Row | undefined> {
    const row = this.table(model).get(keyOf(model, key));
    return row === undefined ? undefined : copyRow(row);
  }

  async update(model: AnyModel, key: Row, changes: Row): Promise<Row> {
    const table = this.table(model);
    const id = keyOf(model, key);
    const current = table.get(id);
    if (current === undefined) throw new NotFoundError(model.name, pick(key, model.primaryKey));
    const next = { ...current, ...copyRow(changes) };
    this.checkUnique(model, next, id);
    this.checkParents(model, next, Object.keys(changes));
    this.store(model, id, next);
    return copyRow(next);
  }

  async upsert(model: AnyModel, row: Row, keep: readonly string[]): Promise<Row> {
    const table = this.table(model);
    const id = keyOf(model, row);
    const current = table.get(id);
    const next = copyRow(row);
    if (current !== undefined) for (const name of keep) next[name] = current[name];
    this.checkUnique(model, next, current === undefined ? undefined : id);
    this.checkParents(model, next);
    this.store(model, id, next);
    return copyRow(next);
  }

  /** Deletes the row and applies every `onDelete` rule it reaches, all or nothing: the plan is made before anything changes. */
  async delete(model: AnyModel, key: Row): Promise<void> {
    const row = this.table(model).get(keyOf(model, key));
    if (row === undefined) throw new NotFoundError(model.name, pick(key, model.primaryKey));
    const plan = await planDelete(model, row, [...this.models.values()], async (child, field, value) =>
      [...this.table(child).values()].filter((r) => compareValues(child.fields[field]!.kind, r[field], value) === 0),
    );
    for (const { model: m, row: r } of plan.deletes) this.unstore(m, keyOf(m, r));
    // Only the reference changes: autoNow fields are left as they are, as a SQL ON DELETE SET NULL does.
    for (const { model: m, row: r, field } of plan.nullify) {
      const id = keyOf(m, r);
      const stored = this.table(m).get(id);
      if (stored !== undefined) this.store(m, id, { ...stored, [field]: null });
    }
  }

  async find(model: AnyModel, spec: FindSpec): Promise<Row[]> {
    return applyFind(this.table(model).values(), spec).map(copyRow);
  }

  async count(model: AnyModel, where: Condition): Promise<number> {
    let count = 0;
    for (const row of this.table(model).values()) if (matches(row, where)) count += 1;
    return count;
  }

  async exists(model: AnyModel, where: Condition): Promise<boolean> {
    for (const row of this.table(model).values()) if (matches(row, where)) return true;
    return false;
  }

  async close(): Promise<void> {
    this.tables.clear();
  }

  /** The stored rows of a model, as stored (copies), for tests that check storage directly. */
  storedRows(model: AnyModel): Row[] {
    return [...(this.tables.get(model.name)?.values() ?? [])].map(copyRow);
  }

  /**
   * For the in-memory migration target (src/migrations/inmemory-target.ts): a copy of every
   * table's rows, by model name, which it edits and puts back whole with `replaceTables`, so
   * that a migration is all or nothing here too.
   */
  copyTables(): Map<string, Map<string, Row>> {
    return new Map([...this.tables].map(([name, rows]) => [name, new Map([...rows].map(([id, row]) => [id, copyRow(row)]))]));
  }

  /** Puts back the tables `copyTables` gave, as edited (the migration target's commit). */
  replaceTables(tables: ReadonlyMap<string, Map<string, Row>>): void {
    this.tables.clear();
    this.uniques.clear();
    for (const [name, rows] of tables) this.tables.set(name, rows);
    for (const name of [...this.models.keys()]) if (!tables.has(name)) this.models.delete(name);
  }

  /** Drops a table with its rows (a test driver's, for what a scenario's migrations created). */
  dropTable(name: string): void {
    this.tables.delete(name);
    this.uniques.delete(name);
    this.models.delete(name);
  }

  /** The model a table was synced for, when it has a table. */
  syncedModel(name: string): AnyModel | undefined {
    return this.tables.has(name) ? this.models.get(name) : undefined;
  }

  /** Empties every table, keeping the schema. */
  truncate(): void {
    for (const table of this.tables.values()) table.clear();
    this.uniques.clear();
  }

  private table(model: AnyModel): Map<string, Row> {
    const table = this.tables.get(model.name);
    if (table === undefined) throw new Error(`The in-memory backend has no table for ${model.name}: sync the model first.`);
    return table;
  }

  /** Every non-null reference (among `changed`, for an update) must name a stored parent. */
  private checkParents(model: AnyModel, row: Row, changed?: readonly string[]): void {
    for (const { field, parent, value } of referencesToCheck(model, row, changed)) {
      if (!this.table(parent).has(keyOf(parent, parentKey(parent, value)))) {
        throw new ReferenceIntegrityError(model.name, field, value, parent.name, 'missing-parent');
      }
    }
  }

  /** Unique constraints ignore rows holding a null in any of their fields. */
  private checkUnique(model: AnyModel, row: Row, ownId: string | undefined): void {
    for (const fields of model.uniqueConstraints) {
      const key = uniqueKey(model, fields, row);
      if (key === undefined) continue;
      const holder = this.uniqueIndex(model, fields).get(key);
      if (holder !== undefined && holder !== ownId) throw new DuplicateKeyError(model.name, fields, pick(row, fields));
    }
  }

  /** A constraint's index over the stored rows, built on first use. */
  private uniqueIndex(model: AnyModel, fields: readonly string[]): Map<string, string> {
    let byConstraint = this.uniques.get(model.name);
    if (byConstraint === undefined) this.uniques.set(model.name, (byConstraint = new Map()));
    const name = fields.join(',');
    let index = byConstraint.get(name);
    if (index === undefined) {
      byConstraint.set(name, (index = new Map()));
      for (const [id, row] of this.table(model)) {
        const key = uniqueKey(model, fields, row);
        if (key !== undefined) index.set(key, id);
      }
    }
    return index;
  }

  /** Stores a row under its key, keeping the unique indexes built so far. */
  private store(model: AnyModel, id: string, row: Row): void {
    this.unindex(model, id);
    this.table(model).set(id, row);
    for (const [name, index] of this.uniques.get(model.name) ?? []) {
      const key = uniqueKey(model, name.split(','), row);
      if (key !== undefined) index.set(key, id);
    }
  }

  /** Removes the row with this key, and its entries in the unique indexes. */
  private unstore(model: AnyModel, id: string): void {
    this.unindex(model, id);
    this.table(model).delete(id);
  }

  private unindex(model: AnyModel, id: string): void {
    const current = this.table(model).get(id);
    if (current === undefined) return;
    for (const [name, index] of this.uniques.get(model.name) ?? []) {
      const key = uniqueKey(model, name.split(','), current);
      if (key !== undefined && index.get(key) === id) index.delete(key);
    }
  }
}

/**
 * The values of a unique constraint's fields in the form that makes equal values (by the
 * reference's comparison) equal text: a datetime by its instant; undefined when any is null
 * (such rows never clash).
 */
function uniqueKey(model: AnyModel, fields: readonly string[], row: Row): string | undefined {
  const values: unknown[] = [];
  for (const field of fields) {
    const value = row[field];
    if (value === null || value === undefined) return undefined;
    const kind = model.fields[field]?.kind;
    values.push(kind === 'datetime' ? (value as Date).getTime() : value); // (a json field cannot be unique)
  }
  return JSON.stringify(values);
}

function keyOf(model: AnyModel, row: Row): string {
  return JSON.stringify(model.primaryKey.map((f) => row[f]));
}

function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

function copyRow(row: Row): Row {
  const copy: Row = {};
  for (const [name, value] of Object.entries(row)) copy[name] = copyValue(value);
  return copy;
}

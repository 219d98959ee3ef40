import {
  BackendError,
  DuplicateKeyError,
  NotFoundError,
  ReferenceIntegrityError,
  applyFind,
  compareValues,
  matches,
  parentKey,
  planDelete,
  referencesToCheck,
  type AnyModel,
  type Backend,
  type Capability,
  type Condition,
  type FindSpec,
  type Row,
} from 'parity-orm';

/** The largest document the store holds, in bytes of JSON (the store's own limit, like many key-value stores). */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

/**
 * A backend on a key-value store: each table is a map from a record's key to its JSON document.
 * The store knows nothing of fields, so this backend encodes rows (datetimes as ISO text), and
 * answers queries and enforces keys, unique constraints and references with parity-orm's helpers.
 */
export class DocStoreBackend implements Backend {
  readonly name = 'docstore';
  /** Documents live in memory (no `persistence`) and are capped at 256 KB (no `large-items`). */
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>();
  private readonly tables = new Map<string, Map<string, string>>();
  private readonly models = new Map<string, AnyModel>();

  async sync(models: readonly AnyModel[]): Promise<void> {
    for (const model of models) {
      if (!this.tables.has(model.name)) this.tables.set(model.name, new Map());
      this.models.set(model.name, model);
    }
  }

  async insert(model: AnyModel, row: Row): Promise<void> {
    const id = keyOf(model, row);
    if (this.table(model).has(id)) throw new DuplicateKeyError(model.name, model.primaryKey, pick(row, model.primaryKey));
    this.checkUnique(model, row, undefined);
    this.checkParents(model, row);
    this.write(model, id, row);
  }

  async get(model: AnyModel, key: Row): Promise<Row | undefined> {
    const document = this.table(model).get(keyOf(model, key));
    return document === undefined ? undefined : decode(model, document);
  }

  async update(model: AnyModel, key: Row, changes: Row): Promise<Row> {
    const id = keyOf(model, key);
    const document = this.table(model).get(id);
    if (document === undefined) throw new NotFoundError(model.name, pick(key, model.primaryKey));
    const next = { ...decode(model, document), ...changes };
    this.checkUnique(model, next, id);
    this.checkParents(model, next, Object.keys(changes));
    this.write(model, id, next);
    return decode(model, encode(model, next));
  }

  async upsert(model: AnyModel, row: Row, keep: readonly string[]): Promise<Row> {
    const id = keyOf(model, row);
    const document = this.table(model).get(id);
    const next = { ...row };
    if (document !== undefined) {
      const current = decode(model, document);
      for (const name of keep) next[name] = current[name];
    }
    this.checkUnique(model, next, document === undefined ? undefined : id);
    this.checkParents(model, next);
    this.write(model, id, next);
    return decode(model, encode(model, next));
  }

  /** Deletes the record and applies every `onDelete` rule it reaches; the plan is made (and may refuse) before anything changes. */
  async delete(model: AnyModel, key: Row): Promise<void> {
    const document = this.table(model).get(keyOf(model, key));
    if (document === undefined) throw new NotFoundError(model.name, pick(key, model.primaryKey));
    const plan = await planDelete(model, decode(model, document), [...this.models.values()], async (child, field, value) =>
      this.rows(child).filter((r) => compareValues(child.fields[field]!.kind, r[field], value) === 0),
    );
    for (const { model: m, row: r } of plan.deletes) this.table(m).delete(keyOf(m, r));
    for (const { model: m, row: r, field } of plan.nullify) this.write(m, keyOf(m, r), { ...r, [field]: null });
  }

  async find(model: AnyModel, spec: FindSpec): Promise<Row[]> {
    return applyFind(this.rows(model), spec);
  }

  async count(model: AnyModel, where: Condition): Promise<number> {
    return this.rows(model).filter((row) => matches(row, where)).length;
  }

  async exists(model: AnyModel, where: Condition): Promise<boolean> {
    return this.rows(model).some((row) => matches(row, where));
  }

  async close(): Promise<void> {
    this.tables.clear();
  }

  /** The documents of a model exactly as stored, for a driver's direct reads. */
  documents(model: AnyModel): string[] {
    return [...(this.tables.get(model.name)?.values() ?? [])];
  }

  /** Empties every table, keeping the models. */
  truncate(): void {
    for (const table of this.tables.values()) table.clear();
  }

  private table(model: AnyModel): Map<string, string> {
    const table = this.tables.get(model.name);
    if (table === undefined) throw new Error(`The docstore backend has no table for ${model.name}: sync the model first.`);
    return table;
  }

  private rows(model: AnyModel): Row[] {
    return [...this.table(model).values()].map((document) => decode(model, document));
  }

  private write(model: AnyModel, id: string, row: Row): void {
    const document = encode(model, row);
    const bytes = Buffer.byteLength(document, 'utf8');
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw new BackendError(
        `The ${model.name} record is ${bytes} bytes as a document; the docstore holds at most ${MAX_DOCUMENT_BYTES}. Store large text elsewhere.`,
      );
    }
    this.table(model).set(id, document);
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
      if (fields.some((f) => row[f] === null || row[f] === undefined)) continue;
      for (const [id, document] of this.table(model)) {
        if (id === ownId) continue;
        const other = decode(model, document);
        if (fields.every((f) => compareValues(model.fields[f]!.kind, row[f], other[f]) === 0)) {
          throw new DuplicateKeyError(model.name, fields, pick(row, fields));
        }
      }
    }
  }
}

/** A record's key in its table: its primary-key values as JSON. */
function keyOf(model: AnyModel, row: Row): string {
  return JSON.stringify(model.primaryKey.map((f) => row[f]));
}

/** A row as a JSON document: datetimes as ISO 8601 text, everything else as JSON has it. */
function encode(model: AnyModel, row: Row): string {
  const document: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(model.fields)) {
    const value = row[name] ?? null;
    document[name] = field.kind === 'datetime' && value instanceof Date ? value.toISOString() : value;
  }
  return JSON.stringify(document);
}

/** A document back as a row, with a fresh copy of every value. */
function decode(model: AnyModel, document: string): Row {
  const stored = JSON.parse(document) as Record<string, unknown>;
  const row: Row = {};
  for (const [name, field] of Object.entries(model.fields)) {
    const value = stored[name] ?? null;
    row[name] = field.kind === 'datetime' && typeof value === 'string' ? new Date(value) : value;
  }
  return row;
}

function pick(row: Row, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

import { expect } from 'chai';
import fc from 'fast-check';
import { specModels, tenantModels } from '../../features/models';
import { applyOperations, MigrationError, operationsBetween, schemaDifferences, schemaOf, type ModelSchema, type Schema } from './schema';

const spec = schemaOf([...specModels, ...tenantModels]);

describe('the stored schema of models', function () {
  it('holds what storage needs: kinds, nullability, stored defaults, keys, unique constraints, indexes and references', function () {
    const todo = spec.TodoItem!;
    expect(todo.primaryKey).to.deep.equal(['userId', 'todoId']);
    expect(todo.unique).to.deep.equal([['userId', 'title']]);
    expect(todo.fields.priority).to.deep.equal({ kind: 'integer', nullable: false, default: { value: 3 } });
    expect(todo.fields.description).to.deep.equal({ kind: 'string', nullable: true });
    expect(spec.User!.unique).to.deep.equal([['email']]);
    expect(spec.Visit!.references).to.deep.equal([{ field: 'patientId', parent: 'Patient', onDelete: 'cascade' }]);
    expect(spec.Hospital!.database).to.equal('central');
  });

  it('builds every model from nothing, parents first, and replaying the operations gives the models again', function () {
    const operations = operationsBetween({}, spec);
    const order = operations.map((o) => (o.op === 'createModel' ? o.model.name : o.op));
    for (const model of Object.values(spec))
      for (const reference of model.references) expect(order.indexOf(reference.parent)).to.be.lessThan(order.indexOf(model.name));
    expect(applyOperations({}, operations)).to.deep.equal(spec);
    expect(operationsBetween(spec, spec)).to.deep.equal([]);
    const dropped = operationsBetween(spec, {});
    expect(applyOperations(spec, dropped)).to.deep.equal({});
    expect(dropped.map((o) => (o.op === 'dropModel' ? o.model : ''))).to.satisfy(
      (names: string[]) => names.indexOf('Visit') < names.indexOf('Patient'),
      'children are dropped before their parents',
    );
  });

  it('turns any one schema into any other (a property: the operations between two schemas, applied, give the second)', function () {
    const names = Object.keys(spec);
    // Two schemas drawn from the spec's models, each model changed a little or not at all.
    const variant = fc.record({
      keep: fc.subarray(names),
      nullable: fc.boolean(),
      dropUnique: fc.boolean(),
      index: fc.boolean(),
      extra: fc.boolean(),
    });
    const build = (v: { keep: string[]; nullable: boolean; dropUnique: boolean; index: boolean; extra: boolean }): Schema => {
      const kept = v.keep.filter((name) => spec[name]!.references.every((r) => v.keep.includes(r.parent)));
      return Object.fromEntries(
        kept.map((name) => {
          const model = spec[name]!;
          const [first] = Object.keys(model.fields).filter((f) => !model.primaryKey.includes(f));
          const changed: ModelSchema = {
            ...model,
            fields: {
              ...model.fields,
              ...(first !== undefined && v.nullable && { [first]: { ...model.fields[first]!, nullable: !model.fields[first]!.nullable } }),
              ...(v.extra && { note: { kind: 'string', nullable: true } }),
            },
            unique: v.dropUnique ? [] : model.unique,
            indexes:
              v.index && first !== undefined && !model.indexes.some((g) => g[0] === first) ? [...model.indexes, [first]] : model.indexes,
          };
          return [name, changed];
        }),
      );
    };
    fc.assert(
      fc.property(variant, variant, (a, b) => {
        const from = build(a);
        const to = build(b);
        const result = applyOperations(from, operationsBetween(from, to));
        // Field order of an existing model may differ after adds; compare field by field.
        expect(Object.keys(result).sort()).to.deep.equal(Object.keys(to).sort());
        for (const name of Object.keys(to)) {
          expect(result[name]!.fields).to.deep.equal(to[name]!.fields);
          expect(new Set(result[name]!.unique.map(String))).to.deep.equal(new Set(to[name]!.unique.map(String)));
          expect(new Set(result[name]!.indexes.map(String))).to.deep.equal(new Set(to[name]!.indexes.map(String)));
          expect(result[name]!.references).to.have.deep.members([...to[name]!.references]);
        }
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('renames a field everywhere it is named, and refuses operations that do not fit, naming them', function () {
    const renamed = applyOperations(spec, [{ op: 'renameField', model: 'TodoItem', from: 'title', to: 'heading' }]);
    expect(renamed.TodoItem!.unique).to.deep.equal([['userId', 'heading']]);
    expect(Object.keys(renamed.TodoItem!.fields)).to.include('heading').and.not.include('title');
    expect(() => applyOperations(spec, [{ op: 'dropField', model: 'User', field: 'nickname' }])).to.throw(
      MigrationError,
      'Operation 1 (dropField User): User has no field nickname at this point of the migrations.',
    );
    expect(() => applyOperations(spec, [{ op: 'createModel', model: spec.User! }])).to.throw(
      MigrationError,
      'the model User exists already',
    );
    expect(() => applyOperations({}, [{ op: 'addUnique', model: 'User', fields: ['email'] }])).to.throw(
      MigrationError,
      'there is no model User',
    );
  });

  it('names each difference between the models and a schema read back, one line per model and field', function () {
    const todo = spec.TodoItem!;
    const drifted: Schema = {
      ...spec,
      TodoItem: { ...todo, unique: [], fields: { ...todo.fields, title: { ...todo.fields.title!, nullable: true } } },
      Book: { ...spec.Book!, references: spec.Book!.references.filter((r) => r.field !== 'authorId') },
    };
    const { Passage: _missing, ...withoutPassage } = drifted;
    expect(schemaDifferences(spec, withoutPassage)).to.deep.equal([
      'TodoItem.title: required in the model, nullable in the database',
      'TodoItem.title: unique constraint (userId, title) missing in the database',
      'Book.authorId: reference to Author missing in the database',
      "Passage: the model's table is missing in the database",
    ]);
    expect(schemaDifferences(spec, spec)).to.deep.equal([]);
  });
});

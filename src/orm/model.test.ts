import { expect } from 'chai';
import { ModelDefinitionError } from './errors';
import { field, type FieldMap } from './fields';
import { defineModel } from './model';

function definitionError(build: () => unknown): ModelDefinitionError {
  try {
    build();
  } catch (error) {
    expect(error).to.be.instanceOf(ModelDefinitionError);
    expect((error as ModelDefinitionError).code).to.equal('PARITY_MODEL_DEFINITION');
    return error as ModelDefinitionError;
  }
  return expect.fail('expected a ModelDefinitionError');
}

describe('defineModel', () => {
  it('keeps the name, the fields in declaration order and the primary key', () => {
    const fields = {
      id: field.string({ primaryKey: true }),
      email: field.string({ unique: true }),
      age: field.integer({ default: 0 }),
    };
    const User = defineModel('User', fields);
    expect(User.name).to.equal('User');
    expect(User.fieldNames).to.deep.equal(['id', 'email', 'age']);
    expect(User.primaryKey).to.deep.equal(['id']);
    expect(User.fields.email).to.equal(fields.email);
    expect(User.fields.age.options.default).to.equal(0);
    expect(User.fields.id.kind).to.equal('string');
  });

  it('makes a composite primary key from several primaryKey fields, in declaration order', () => {
    const Todo = defineModel('Todo', {
      title: field.string(),
      userId: field.string({ primaryKey: true }),
      todoId: field.integer({ primaryKey: true }),
    });
    expect(Todo.primaryKey).to.deep.equal(['userId', 'todoId']);
  });

  it('lists single-field unique constraints in field order, then composite ones as declared', () => {
    const M = defineModel(
      'M',
      {
        a: field.string({ primaryKey: true }),
        b: field.string({ unique: true }),
        c: field.string(),
        d: field.integer({ unique: true, nullable: true }),
      },
      {
        unique: [
          ['c', 'd'],
          ['b', 'c'],
        ],
      },
    );
    expect(M.uniqueConstraints).to.deep.equal([['b'], ['d'], ['c', 'd'], ['b', 'c']]);
  });

  it('does not repeat a single primary key as a unique constraint, but keeps unique parts of a composite key', () => {
    const single = defineModel('Single', { id: field.string({ primaryKey: true, unique: true }), x: field.string() });
    expect(single.uniqueConstraints).to.deep.equal([]);
    const composite = defineModel('Composite', {
      a: field.string({ primaryKey: true, unique: true }),
      b: field.string({ primaryKey: true }),
    });
    expect(composite.uniqueConstraints).to.deep.equal([['a']]);
  });

  it('freezes the model', () => {
    const M = defineModel('Frozen', { id: field.string({ primaryKey: true }) });
    expect(Object.isFrozen(M)).to.equal(true);
    expect(Object.isFrozen(M.fields)).to.equal(true);
    expect(Object.isFrozen(M.fieldNames)).to.equal(true);
    expect(Object.isFrozen(M.primaryKey)).to.equal(true);
    expect(Object.isFrozen(M.fields.id)).to.equal(true);
    expect(Object.isFrozen(M.fields.id.options)).to.equal(true);
  });

  it('accepts every option on the kinds it applies to', () => {
    expect(() =>
      defineModel('Everything', {
        id: field.integer({ primaryKey: true, gt: 0 }),
        s: field.string({ unique: true, nullable: true, minLength: 1, maxLength: 5, pattern: /^a/, choices: ['ab', 'ac'], index: true }),
        f: field.float({ ge: 0, lt: 1, default: 0.5 }),
        b: field.boolean({ default: () => true }),
        d: field.datetime({ autoNow: true, ge: new Date(0), le: new Date('2100-01-01T00:00:00Z') }),
        j: field.json({ nullable: true, default: { a: 1 } }),
      }),
    ).to.not.throw();
  });

  describe('rejects inconsistent definitions with ModelDefinitionError', () => {
    const cases: Array<[string, () => unknown, RegExp]> = [
      ['no primary key', () => defineModel('M', { a: field.string() }), /no primary key: mark one field .*primaryKey: true/],
      ['no fields', () => defineModel('M', {}), /declares no fields/],
      [
        'a json primary key',
        () => defineModel('M', { id: field.json({ primaryKey: true }) }),
        /field "id" \(json\): a primary key must be a string or integer field/,
      ],
      ['a float primary key', () => defineModel('M', { id: field.float({ primaryKey: true }) }), /primary key must be a string or integer/],
      [
        'a datetime primary key',
        () => defineModel('M', { id: field.datetime({ primaryKey: true }) }),
        /primary key must be a string or integer/,
      ],
      [
        'a boolean primary key',
        () => defineModel('M', { id: field.boolean({ primaryKey: true }) }),
        /primary key must be a string or integer/,
      ],
      [
        'a nullable primary key',
        () => defineModel('M', { id: field.string({ primaryKey: true, nullable: true }) }),
        /field "id" \(string\): a primary key cannot be nullable/,
      ],
      [
        'a unique json field',
        () => defineModel('M', { id: field.string({ primaryKey: true }), j: field.json({ unique: true } as object) }),
        /json fields cannot be unique/,
      ],
      [
        'minLength on an integer',
        () => defineModel('M', { id: field.string({ primaryKey: true }), n: field.integer({ minLength: 1 } as object) }),
        /field "n" \(integer\): minLength, maxLength and pattern apply to string fields only/,
      ],
      [
        'pattern on a json field',
        () => defineModel('M', { id: field.string({ primaryKey: true }), j: field.json({ pattern: 'x' } as object) }),
        /apply to string fields only/,
      ],
      [
        'ge on a string',
        () => defineModel('M', { id: field.string({ primaryKey: true }), s: field.string({ ge: 1 } as object) }),
        /field "s" \(string\): ge apply to integer, float and datetime fields only/,
      ],
      [
        'lt on a boolean',
        () => defineModel('M', { id: field.string({ primaryKey: true }), b: field.boolean({ lt: true } as object) }),
        /lt apply to integer, float and datetime/,
      ],
      [
        'a Date bound on an integer',
        () => defineModel('M', { id: field.string({ primaryKey: true }), n: field.integer({ ge: new Date() } as object) }),
        /ge must be a finite number/,
      ],
      [
        'a NaN bound on a float',
        () => defineModel('M', { id: field.string({ primaryKey: true }), n: field.float({ le: Number.NaN }) }),
        /le must be a finite number/,
      ],
      [
        'a number bound on a datetime',
        () => defineModel('M', { id: field.string({ primaryKey: true }), d: field.datetime({ gt: 0 } as object) }),
        /gt must be a Date/,
      ],
      [
        'autoNow on a string',
        () => defineModel('M', { id: field.string({ primaryKey: true }), s: field.string({ autoNow: true } as object) }),
        /autoNow and autoNowAdd apply to datetime fields only/,
      ],
      [
        'autoNowAdd on an integer',
        () => defineModel('M', { id: field.string({ primaryKey: true }), n: field.integer({ autoNowAdd: true } as object) }),
        /autoNow and autoNowAdd apply to datetime/,
      ],
      [
        'empty choices',
        () => defineModel('M', { id: field.string({ primaryKey: true }), s: field.string({ choices: [] }) }),
        /choices must be a non-empty array/,
      ],
      [
        'an invalid pattern',
        () => defineModel('M', { id: field.string({ primaryKey: true }), s: field.string({ pattern: '(' }) }),
        /pattern is not a valid regular expression/,
      ],
      [
        'a field name with "__"',
        () => defineModel('M', { id: field.string({ primaryKey: true }), first__name: field.string() }),
        /field "first__name" \(string\): .*not contain "__"/,
      ],
      [
        'a field name starting with a digit',
        () => defineModel('M', { id: field.string({ primaryKey: true }), '1st': field.string() }),
        /field "1st" .*must start with a letter/,
      ],
      [
        'a field name with a dash',
        () => defineModel('M', { id: field.string({ primaryKey: true }), 'first-name': field.string() }),
        /field "first-name"/,
      ],
      [
        'a field that is undefined',
        () => defineModel('M', { id: field.string({ primaryKey: true }), x: undefined } as unknown as FieldMap),
        /field "x" must be made with field\.string\(\)/,
      ],
      [
        'a bad model name',
        () => defineModel('my model', { id: field.string({ primaryKey: true }) }),
        /the model name "my model" must start with a letter/,
      ],
      [
        'an unknown field in a composite unique',
        () => defineModel('M', { id: field.string({ primaryKey: true }), a: field.string() }, { unique: [['a', 'nope' as 'a']] }),
        /the unique constraint \[a, nope\] names the unknown field "nope"/,
      ],
      [
        'an empty composite unique',
        () => defineModel('M', { id: field.string({ primaryKey: true }) }, { unique: [[]] }),
        /lists no fields/,
      ],
      [
        'a repeated field in a composite unique',
        () => defineModel('M', { id: field.string({ primaryKey: true }), a: field.string() }, { unique: [['a', 'a']] }),
        /\[a, a\] repeats a field/,
      ],
    ];
    for (const [what, build, message] of cases) {
      it(what, () => {
        const error = definitionError(build);
        expect(error.message).to.match(message);
        expect(error.message).to.match(/^Model .* is not defined correctly:/);
      });
    }
  });

  it('rejects a field that is not made with field.*() (null, a string, a plain object) with ModelDefinitionError', () => {
    for (const bad of [null, 'string', {}]) {
      const error = definitionError(() => defineModel('M', { id: field.string({ primaryKey: true }), x: bad } as unknown as FieldMap));
      expect(error.message).to.match(/field "x" must be made with field\.string\(\)/);
    }
  });

  it('lists every problem at once', () => {
    const error = definitionError(() =>
      defineModel(
        'Broken',
        { a__b: field.json({ nullable: true }), n: field.integer({ maxLength: 3 } as object) },
        { unique: [['zz' as 'n']] },
      ),
    );
    const lines = error.message.split('\n').slice(1);
    expect(lines).to.have.length(4);
    expect(error.message).to.contain('field "a__b"');
    expect(error.message).to.contain('field "n" (integer)');
    expect(error.message).to.contain('no primary key');
    expect(error.message).to.contain('unknown field "zz"');
  });
});

describe('field builders', () => {
  it('record the kind and a frozen copy of the options', () => {
    const options = { maxLength: 3 };
    const f = field.string(options);
    options.maxLength = 99;
    expect(f.kind).to.equal('string');
    expect(f.options).to.deep.equal({ maxLength: 3 });
    expect(Object.isFrozen(f)).to.equal(true);
    expect(Object.isFrozen(f.options)).to.equal(true);
  });

  it('make one builder per kind', () => {
    expect(field.string().kind).to.equal('string');
    expect(field.integer().kind).to.equal('integer');
    expect(field.float().kind).to.equal('float');
    expect(field.boolean().kind).to.equal('boolean');
    expect(field.datetime().kind).to.equal('datetime');
    expect(field.json().kind).to.equal('json');
    expect(field.json().options).to.deep.equal({});
  });
});

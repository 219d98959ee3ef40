import { expect } from 'chai';
import {
  BackendError,
  DuplicateKeyError,
  ModelDefinitionError,
  NotFoundError,
  ParityError,
  QueryError,
  ValidationError,
  describeValue,
  type Violation,
} from './errors';

describe('errors', () => {
  const violation: Violation = { field: 'age', rule: 'ge', value: -1, message: 'must be greater than or equal to 0' };

  const cases: Array<{ make: (cause?: unknown) => ParityError; code: string; name: string }> = [
    {
      make: (cause) => new ValidationError('User', [violation], cause === undefined ? undefined : { cause }),
      code: 'PARITY_VALIDATION',
      name: 'ValidationError',
    },
    {
      make: (cause) => new DuplicateKeyError('User', ['email'], { email: 'a@x' }, cause === undefined ? undefined : { cause }),
      code: 'PARITY_DUPLICATE_KEY',
      name: 'DuplicateKeyError',
    },
    {
      make: (cause) => new NotFoundError('User', { id: 'u1' }, cause === undefined ? undefined : { cause }),
      code: 'PARITY_NOT_FOUND',
      name: 'NotFoundError',
    },
    { make: (cause) => new QueryError('bad query', cause === undefined ? undefined : { cause }), code: 'PARITY_QUERY', name: 'QueryError' },
    {
      make: (cause) => new ModelDefinitionError('bad model', cause === undefined ? undefined : { cause }),
      code: 'PARITY_MODEL_DEFINITION',
      name: 'ModelDefinitionError',
    },
    {
      make: (cause) => new BackendError('backend broke', cause === undefined ? undefined : { cause }),
      code: 'PARITY_BACKEND',
      name: 'BackendError',
    },
  ];

  for (const { make, code, name } of cases) {
    describe(name, () => {
      it(`has the stable code ${code} and the name ${name}`, () => {
        const error = make();
        expect(error.code).to.equal(code);
        expect(error.name).to.equal(name);
        expect(error).to.be.instanceOf(ParityError);
        expect(error).to.be.instanceOf(Error);
        expect(String(error)).to.match(new RegExp(`^${name}: `));
      });

      it('keeps the native error as cause when given', () => {
        const native = new Error('native failure');
        expect(make(native).cause).to.equal(native);
      });

      it('has no cause when none is given', () => {
        expect(make().cause).to.equal(undefined);
        expect('cause' in make()).to.equal(false);
      });
    });
  }

  it('ValidationError lists every violation with field, message and rule, and keeps them', () => {
    const second: Violation = { field: 'name', rule: 'required', value: undefined, message: 'is required: give a string' };
    const error = new ValidationError('User', [violation, second]);
    expect(error.model).to.equal('User');
    expect(error.violations).to.deep.equal([violation, second]);
    expect(error.message).to.contain('User is not valid (2 problems)');
    expect(error.message).to.contain('age: must be greater than or equal to 0 [ge]');
    expect(error.message).to.contain('name: is required: give a string [required]');
    expect(new ValidationError('User', [violation]).message).to.contain('(1 problem)');
  });

  it('DuplicateKeyError names the field(s) and values and says what to do', () => {
    const single = new DuplicateKeyError('User', ['email'], { email: 'a@x.io' });
    expect(single.fields).to.deep.equal(['email']);
    expect(single.values).to.deep.equal({ email: 'a@x.io' });
    expect(single.message).to.contain('User with email = "a@x.io" already exists');
    expect(single.message).to.contain('update the existing record');
    const composite = new DuplicateKeyError('TodoItem', ['userId', 'title'], { userId: 'alice', title: 'Milk' });
    expect(composite.message).to.contain('(userId, title) = (userId="alice", title="Milk")');
  });

  it('NotFoundError names the key and suggests upsert', () => {
    const error = new NotFoundError('User', { id: 'ghost' });
    expect(error.key).to.deep.equal({ id: 'ghost' });
    expect(error.message).to.contain('User "ghost" was not found');
    expect(error.message).to.contain('upsert');
    expect(new NotFoundError('TodoItem', { userId: 'a', todoId: 't1' }).message).to.contain('(userId="a", todoId="t1")');
  });

  describe('describeValue', () => {
    it('quotes strings, renders dates in ISO 8601 and other values as JSON', () => {
      expect(describeValue('hi')).to.equal('"hi"');
      expect(describeValue(new Date('2024-05-06T07:08:09.010Z'))).to.equal('2024-05-06T07:08:09.010Z');
      expect(describeValue(new Date(Number.NaN))).to.equal('Invalid Date');
      expect(describeValue(undefined)).to.equal('undefined');
      expect(describeValue(null)).to.equal('null');
      expect(describeValue(12)).to.equal('12');
      expect(describeValue(10n)).to.equal('10n');
      expect(describeValue(() => 1)).to.equal('a function');
      expect(describeValue({ a: [1] })).to.equal('{"a":[1]}');
      expect(describeValue({ sku: 12345678901234567890n })).to.equal('{"sku":"12345678901234567890n"}');
      expect(describeValue(Number.NaN)).to.equal('null');
    });

    it('shortens long values to 80 characters', () => {
      const text = describeValue('x'.repeat(200));
      expect(text).to.have.length(80);
      expect(text.endsWith('...')).to.equal(true);
    });

    it('survives values JSON cannot render', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(describeValue(cyclic)).to.equal('[object Object]');
      expect(describeValue(Symbol('s'))).to.equal('Symbol(s)');
    });
  });
});

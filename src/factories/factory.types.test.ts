/*
 * Type-level tests for factories: `npm run typecheck` checks them. Every `// @ts-expect-error` line
 * must be a compile error, or tsc reports the directive as unused. The runtime checks only make
 * sure the same shapes work when run.
 */
import { expect } from 'chai';
import { defineModel, field, type InputFor, type RecordFor } from '../orm';
import { defineFactory } from '.';

/** True when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when given `true`. */
function assertType<T extends true>(_proof?: T): void {}

const Member = defineModel('TypedMember', {
  id: field.string({ primaryKey: true }),
  email: field.string({ unique: true }),
  age: field.integer({ default: 0 }),
  nickname: field.string({ nullable: true }),
});

const MemberFactory = defineFactory(Member, {
  defaults: ({ sequence }) => ({ id: `m-${sequence}`, email: `m${sequence}@example.com` }),
  states: {
    adult: { age: 18 },
    named: ({ faker }) => ({ nickname: faker.person.firstName() }),
  },
  afterCreate: (member) => {
    assertType<Equal<typeof member, RecordFor<typeof Member>>>();
    // @ts-expect-error -- the stored record has no such field
    void member.nope;
  },
});

describe('factory types', () => {
  it('infer the model: builds are inputs, creates are records, states are names', () => {
    const built = MemberFactory.state('adult', 'named').build({ age: 30, nickname: null });
    assertType<Equal<typeof built, InputFor<typeof Member>>>();
    assertType<Equal<ReturnType<typeof MemberFactory.create>, Promise<RecordFor<typeof Member>>>>();
    assertType<Equal<(typeof MemberFactory.stateNames)[number], 'adult' | 'named'>>();
    expect(built).to.include({ id: 'm-1', age: 30, nickname: null });

    // @ts-expect-error -- a misspelt field in an override
    MemberFactory.build({ emial: 'x@example.com' });
    // @ts-expect-error -- a field of the wrong type in an override
    MemberFactory.build({ age: 'thirty' });
    // @ts-expect-error -- null for a field that is not nullable
    MemberFactory.build({ email: null });
    // @ts-expect-error -- a state the factory does not define
    expect(() => MemberFactory.state('senior')).to.throw('no state "senior"');
    // @ts-expect-error -- a misspelt field in a create override
    void MemberFactory.create({ nick: 'x' }, { store: undefined }).catch(() => undefined);
  });

  it('check the definition: defaults give every required field, states only real fields', () => {
    defineFactory(Member, {
      // @ts-expect-error -- defaults must give the required email
      defaults: ({ sequence }) => ({ id: `m-${sequence}` }),
    });
    // @ts-expect-error -- defaults must not name a field the model lacks
    defineFactory(Member, {
      defaults: ({ sequence }) => ({ id: `m-${sequence}`, email: 'm@example.com', mail: 'x' }),
    });
    defineFactory(Member, {
      // @ts-expect-error -- a default of the wrong type
      defaults: ({ sequence }) => ({ id: sequence, email: 'm@example.com' }),
    });
    defineFactory(Member, {
      defaults: () => ({ id: 'm', email: 'm@example.com' }),
      // @ts-expect-error -- a state naming a field the model lacks
      states: { adult: { years: 18 } },
    });
  });
});

import { expect } from 'chai';
import { skipReason } from './tags';

describe('skipReason', () => {
  const none = new Set<string>();

  it('runs untagged scenarios', () => {
    expect(skipReason([], 'inmemory', none)).to.equal(undefined);
  });

  it('skips @skip-<backend> on that backend only', () => {
    expect(skipReason(['@skip-sqlite'], 'sqlite', none)).to.include('@skip-sqlite');
    expect(skipReason(['@skip-sqlite'], 'postgres', none)).to.equal(undefined);
  });

  it('runs @only-<backend> on any of the named backends', () => {
    expect(skipReason(['@only-sqlite', '@only-postgres'], 'postgres', none)).to.equal(undefined);
    expect(skipReason(['@only-sqlite', '@only-postgres'], 'dynamodb', none)).to.include('runs only on sqlite, postgres');
  });

  it('runs @without-<capability> only where the capability is missing', () => {
    expect(skipReason(['@without-migrate-key-fields'], 'dynamodb', new Set(['persistence']))).to.equal(undefined);
    expect(skipReason(['@without-migrate-key-fields'], 'sqlite', new Set(['migrate-key-fields']))).to.include(
      'sqlite has it (@without-migrate-key-fields)',
    );
  });

  it('skips @requires-<capability> where the capability is missing, naming what is declared', () => {
    expect(skipReason(['@requires-persistence'], 'sqlite', new Set(['persistence']))).to.equal(undefined);
    const reason = skipReason(['@requires-persistence', '@requires-transactions'], 'inmemory', new Set(['json']));
    expect(reason).to.include('lacks the capabilities persistence, transactions');
    expect(reason).to.include('inmemory declares: json');
  });
});

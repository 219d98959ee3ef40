import { expect } from 'chai';
import { parityProfile, parityProfiles } from './index';

describe('parityProfiles (parity-orm/config)', () => {
  it('makes a profile per built-in backend and a default one, each writing its reports under reports/<backend>/', () => {
    const profiles = parityProfiles();
    expect(Object.keys(profiles)).to.deep.equal(['default', 'inmemory', 'sqlite', 'postgres', 'dynamodb']);
    expect(profiles.default!.worldParameters.backend).to.equal('inmemory');
    expect(profiles.sqlite!.format).to.include('message:reports/sqlite/messages.ndjson');
    expect(profiles.sqlite!.require).to.include('features/support/**/*.ts');
    expect(profiles.sqlite!.requireModule).to.deep.equal([require.resolve('tsx/cjs')]);
    expect(profiles).to.not.have.property('paths'); // Cucumber would add them to the command line's
  });

  it("takes a project's own backends, default, world parameters, reports folder and TypeScript hook", () => {
    const profiles = parityProfiles({
      backends: ['sqlite', 'mybackend'],
      defaultBackend: 'mybackend',
      worldParameters: { tenant: 'acme' },
      reports: 'out',
      requireModule: ['ts-node/register'],
    });
    expect(Object.keys(profiles)).to.deep.equal(['default', 'sqlite', 'mybackend']);
    expect(profiles.default!.worldParameters).to.deep.equal({ tenant: 'acme', backend: 'mybackend' });
    expect(profiles.mybackend!.format).to.include('junit:out/mybackend/junit.xml');
    expect(profiles.mybackend!.requireModule).to.deep.equal(['ts-node/register']);
  });

  it('refuses a backend name that cannot name a profile, and an empty list', () => {
    expect(() => parityProfiles({ backends: ['My DB'] })).to.throw('"My DB" cannot name a profile');
    expect(() => parityProfiles({ backends: [] })).to.throw('at least one backend');
  });

  it('lets PARITY_BACKEND and PARITY_REPORTS_DIR override the backend and the folder', () => {
    // Set and restored one by one: replacing process.env cuts it off from the real environment
    // (which os.tmpdir() and child processes read), for every test after this one.
    const saved = { PARITY_BACKEND: process.env.PARITY_BACKEND, PARITY_REPORTS_DIR: process.env.PARITY_REPORTS_DIR };
    try {
      process.env.PARITY_BACKEND = 'dynamodb';
      process.env.PARITY_REPORTS_DIR = 'reports/elsewhere';
      const profile = parityProfile('sqlite');
      expect(profile.worldParameters.backend).to.equal('dynamodb');
      expect(profile.format).to.include('message:reports/elsewhere/messages.ndjson');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  describe('mixed profiles', () => {
    const mixed = { 'postgres+dynamodb': { central: 'dynamodb', archive: 'dynamodb' } };

    it('makes a profile named by its backends, after the others, putting its aliases on the other backend', () => {
      const profiles = parityProfiles({ mixed });
      expect(Object.keys(profiles)).to.deep.equal(['default', 'inmemory', 'sqlite', 'postgres', 'dynamodb', 'postgres+dynamodb']);
      const profile = profiles['postgres+dynamodb']!;
      expect(profile.worldParameters).to.deep.equal({
        backend: 'postgres+dynamodb',
        databases: { central: 'dynamodb', archive: 'dynamodb' },
      });
      expect(profile.format).to.include('message:reports/postgres+dynamodb/messages.ndjson');
      expect(profile.formatOptions).to.deep.include({ backendReport: { backend: 'postgres+dynamodb' } });
      expect(profiles.postgres!.worldParameters).to.deep.equal({ backend: 'postgres' }); // the others keep every alias on their backend
    });

    it('may be the default profile, and may be made on its own with parityProfile', () => {
      const profiles = parityProfiles({ mixed, defaultBackend: 'postgres+dynamodb', worldParameters: { tenant: 'acme' } });
      expect(profiles.default!.worldParameters).to.deep.equal({
        tenant: 'acme',
        backend: 'postgres+dynamodb',
        databases: { central: 'dynamodb', archive: 'dynamodb' },
      });
      expect(parityProfile('sqlite+inmemory', { databases: { central: 'inmemory' } }).worldParameters).to.deep.equal({
        backend: 'sqlite+inmemory',
        databases: { central: 'inmemory' },
      });
      expect(() => parityProfiles({ mixed, defaultBackend: 'sqlite+dynamodb' })).to.throw(
        'defaultBackend is "sqlite+dynamodb", which is not one of the mixed profiles (postgres+dynamodb)',
      );
    });

    it('takes a backend of the project when it is among `backends`', () => {
      const profiles = parityProfiles({ backends: ['postgres', 'mybackend'], mixed: { 'mybackend+postgres': { central: 'postgres' } } });
      expect(profiles['mybackend+postgres']!.worldParameters.backend).to.equal('mybackend+postgres');
    });

    it('refuses, when the configuration is read, a name and mapping that do not say what runs', () => {
      const refused = (given: Record<string, unknown>, backends?: string[]) => () =>
        parityProfiles({ mixed: given as Record<string, Record<string, string>>, ...(backends && { backends }) });
      expect(refused({ postgres: { central: 'dynamodb' } })).to.throw(
        '"postgres" cannot name a mixed profile: name it by its backends joined with +, the backend of every alias it does not map first (postgres+dynamodb)',
      );
      expect(refused({ 'Postgres+DynamoDB': { central: 'dynamodb' } })).to.throw('"Postgres+DynamoDB" cannot name a mixed profile');
      expect(refused({ 'postgres+dynamodb+dynamodb': { central: 'dynamodb' } })).to.throw(
        'The mixed profile postgres+dynamodb+dynamodb names dynamodb twice: name each backend once.',
      );
      expect(refused({ 'postgres+dynamo': { central: 'dynamo' } })).to.throw(
        'The mixed profile postgres+dynamo uses dynamo, which is not among the backends (inmemory, sqlite, postgres, dynamodb): add it to `backends`, or fix the name.',
      );
      expect(refused({ 'sqlite+postgres': { central: 'postgres' } }, ['sqlite'])).to.throw(
        'uses postgres, which is not among the backends (sqlite)',
      );
      for (const mapping of [undefined, {}, ['dynamodb'], { central: 1 }]) {
        expect(refused({ 'postgres+dynamodb': mapping }), JSON.stringify(mapping)).to.throw(
          "The mixed profile postgres+dynamodb must map database aliases to backends, putting some on dynamodb, e.g. mixed: { 'postgres+dynamodb': { central: 'dynamodb' } }",
        );
      }
      expect(refused({ 'postgres+dynamodb': { central: 'dynamodb', archive: 'sqlite' } })).to.throw(
        'The mixed profile postgres+dynamodb puts archive on sqlite, which its name does not include: name it postgres+dynamodb+sqlite, or put archive on dynamodb.',
      );
      expect(refused({ 'postgres+dynamodb+sqlite': { central: 'dynamodb' } })).to.throw(
        "The mixed profile postgres+dynamodb+sqlite names sqlite but puts no alias on it: map an alias there (e.g. { central: 'sqlite' }), or leave it out of the name.",
      );
      expect(() => parityProfile('postgres+dynamodb')).to.throw(
        'The mixed profile postgres+dynamodb must map database aliases to backends',
      );
      expect(() => parityProfile('postgres', { databases: { central: 'dynamodb' } })).to.throw('"postgres" cannot name a mixed profile');
    });

    it('is declared under `mixed`, not among `backends`', () => {
      expect(() => parityProfiles({ backends: ['postgres', 'postgres+dynamodb'] })).to.throw(
        "\"postgres+dynamodb\" in `backends` is a mixed name: declare it under `mixed` with the aliases it puts on dynamodb, e.g. mixed: { 'postgres+dynamodb': { central: 'dynamodb' } }.",
      );
    });

    it('accepts an alias put on the base backend, which is where it would run anyway', () => {
      const profiles = parityProfiles({ mixed: { 'postgres+dynamodb': { default: 'postgres', central: 'dynamodb' } } });
      expect(profiles['postgres+dynamodb']!.worldParameters.databases).to.deep.equal({ default: 'postgres', central: 'dynamodb' });
    });
  });
});

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
    const saved = { ...process.env };
    try {
      process.env.PARITY_BACKEND = 'dynamodb';
      process.env.PARITY_REPORTS_DIR = 'reports/elsewhere';
      const profile = parityProfile('sqlite');
      expect(profile.worldParameters.backend).to.equal('dynamodb');
      expect(profile.format).to.include('message:reports/elsewhere/messages.ndjson');
    } finally {
      process.env = saved;
    }
  });
});

import { expect } from 'chai';
import type { Driver } from './driver';
import { createDriver, knownDrivers, registerDriver } from './registry';

describe('the driver registry', () => {
  it('creates the built-in inmemory driver', async () => {
    const driver = await createDriver('inmemory');
    expect(driver.name).to.equal('inmemory');
  });

  it('fails for an unknown name, listing the known ones and how to add one', async () => {
    let error: Error | undefined;
    await createDriver('nosuchdb').catch((e: Error) => (error = e));
    expect(error?.message).to.include('There is no backend named "nosuchdb". Known backends: ');
    expect(error?.message).to.include('inmemory');
    expect(error?.message).to.include('postgres');
    expect(error?.message).to.include('sqlite');
    expect(error?.message).to.include("registerDriver('nosuchdb', factory)");
  });

  it('registers a driver by name', async () => {
    const fake = { name: 'fake-db' } as Driver;
    registerDriver('fake-db', () => fake);
    expect(knownDrivers()).to.include('fake-db');
    expect(await createDriver('fake-db')).to.equal(fake);
  });

  it('refuses a name that cannot be a profile or tag', () => {
    expect(() => registerDriver('My DB', () => ({}) as Driver)).to.throw('lower-case letters');
  });
});

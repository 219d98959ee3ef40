import { expect } from 'chai';
import { InMemoryDriver } from '../drivers/inmemory/inmemory-driver';
import { Dsl } from '../dsl';
import { ControllableClock, defineModel, field } from '../orm';
import { defineFactory, parent, registerFactories, resetFactories, scenarioSeed } from '.';

const Owner = defineModel('ParentOwner', { id: field.string({ primaryKey: true }), name: field.string() });
const Pet = defineModel('ParentPet', {
  id: field.integer({ primaryKey: true }),
  ownerId: field.reference(Owner, { onDelete: 'cascade' }),
  sitterId: field.reference(Owner, { onDelete: 'setNull', nullable: true }),
});
const Orphan = defineModel('ParentOrphan', { id: field.string({ primaryKey: true }) });
const Stray = defineModel('ParentStray', {
  id: field.string({ primaryKey: true }),
  orphanId: field.reference(Orphan, { onDelete: 'restrict' }),
});

const OwnerFactory = defineFactory(Owner, { defaults: ({ sequence }) => ({ id: `owner-${sequence}`, name: `Owner ${sequence}` }) });
const PetFactory = defineFactory(Pet, { defaults: ({ sequence }) => ({ id: sequence, ownerId: parent() }) });
const StrayFactory = defineFactory(Stray, { defaults: ({ sequence }) => ({ id: `stray-${sequence}`, orphanId: parent() }) });
registerFactories(OwnerFactory, PetFactory, StrayFactory);

describe('factories: parents of references', () => {
  let driver: InMemoryDriver;
  let dsl: Dsl;

  before(async () => {
    driver = new InMemoryDriver();
    await driver.start({ models: [Owner, Pet, Orphan, Stray], clock: new ControllableClock(), workerId: '0' });
  });
  after(() => driver.stop());
  beforeEach(async () => {
    await driver.beginScenario();
    dsl = new Dsl(driver);
    resetFactories({ seed: scenarioSeed('parents'), store: dsl });
  });

  it('creates a parent per record, stored first, through the parent model factory', async () => {
    const pets = await PetFactory.createMany(2);
    expect(pets.map((p) => [p.id, p.ownerId, p.sitterId])).to.deep.equal([
      [1, 'owner-1', null],
      [2, 'owner-2', null],
    ]);
    expect((await driver.storedRows(Owner)).map((o) => o.id)).to.deep.equal(['owner-1', 'owner-2']);
  });

  it('uses the parent it is given, and makes one for a required reference left out', async () => {
    const given = await OwnerFactory.create({ id: 'alice' });
    expect(await PetFactory.create({ ownerId: given.id })).to.include({ ownerId: 'alice' });
    expect(await PetFactory.create({ ownerId: undefined })).to.include({ ownerId: 'owner-2' });
    expect(await driver.storedRows(Owner)).to.have.length(2);
  });

  it('builds the parent in memory for a build, storing nothing', async () => {
    expect(PetFactory.build()).to.deep.equal({ id: 1, ownerId: 'owner-1' });
    expect(await driver.storedRows(Owner)).to.deep.equal([]);
  });

  it('says how to define the parent factory when there is none', async () => {
    let failure: Error | undefined;
    await StrayFactory.create().catch((e: Error) => (failure = e));
    expect(failure?.message).to.include('The ParentStray factory makes the parent of ParentStray.orphanId, a ParentOrphan');
    expect(failure?.message).to.include('registerFactories(defineFactory(ParentOrphan');
  });
});

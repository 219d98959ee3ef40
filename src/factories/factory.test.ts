import { expect } from 'chai';
import { InMemoryDriver } from '../drivers/inmemory/inmemory-driver';
import { Dsl, ScenarioDsl } from '../dsl';
import { ControllableClock, defineModel, field } from '../orm';
import { defineFactory, factoryFor, hasFactory, registerFactories, resetFactories, scenarioSeed } from '.';

const Author = defineModel('FactoryAuthor', {
  id: field.string({ primaryKey: true }),
  email: field.string({ unique: true }),
  name: field.string({ minLength: 1 }),
  age: field.integer({ ge: 0, default: 0 }),
  active: field.boolean({ default: true }),
  role: field.string({ nullable: true }),
});
const Book = defineModel('FactoryBook', {
  id: field.integer({ primaryKey: true }),
  authorId: field.string(),
  title: field.string(),
});
const Unfactored = defineModel('FactoryUnfactored', { id: field.string({ primaryKey: true }), name: field.string() });

const BookFactory = defineFactory(Book, {
  defaults: ({ sequence, faker }) => ({ id: sequence, authorId: 'nobody', title: faker.book.title() }),
});
const AuthorFactory = defineFactory(Author, {
  defaults: ({ sequence, faker }) => ({ id: `author-${sequence}`, email: `author${sequence}@example.com`, name: faker.person.fullName() }),
  states: {
    admin: { role: 'admin' },
    inactive: { active: false },
    owner: { role: 'owner' },
    aged: ({ sequence }) => ({ age: 40 + sequence }),
    prolific: {},
  },
  afterCreate: async (author, { states, createMany }) => {
    if (states.includes('prolific')) await createMany(BookFactory, 2, { authorId: author.id });
  },
});

describe('factories', () => {
  let driver: InMemoryDriver;
  let dsl: Dsl;

  before(async () => {
    driver = new InMemoryDriver();
    await driver.start({ models: [Author, Book, Unfactored], clock: new ControllableClock(), workerId: '0' });
  });
  after(() => driver.stop());
  beforeEach(async () => {
    await driver.beginScenario();
    dsl = new Dsl(driver);
    resetFactories({ seed: scenarioSeed('a unit test'), store: dsl });
  });

  describe('build', () => {
    it('makes the defaults with a sequence that counts up, storing nothing', async () => {
      const [first, second] = AuthorFactory.buildMany(2);
      expect(first).to.include({ id: 'author-1', email: 'author1@example.com' });
      expect(second).to.include({ id: 'author-2', email: 'author2@example.com' });
      expect(first?.name).to.be.a('string').and.not.equal('');
      expect(await driver.storedRows(Author)).to.deep.equal([]);
    });

    it('leaves the model defaults to the ORM: a build holds only what the factory gives', () => {
      expect(Object.keys(AuthorFactory.build())).to.deep.equal(['id', 'email', 'name']);
    });

    it('applies states in the order named, then overrides; undefined leaves a field out', () => {
      const built = AuthorFactory.state('admin', 'owner', 'inactive').build({ email: 'x@example.com', name: undefined });
      expect(built).to.deep.equal({ id: 'author-1', email: 'x@example.com', role: 'owner', active: false });
      expect(AuthorFactory.state('owner').state('admin').build()).to.include({ role: 'admin' });
    });

    it('gives function states the sequence, shared by every state of the factory', () => {
      AuthorFactory.build();
      expect(AuthorFactory.state('aged').build()).to.include({ id: 'author-2', age: 42 });
    });

    it('does not validate: an override may be deliberately invalid input', () => {
      expect(AuthorFactory.build({ age: -1, name: '' })).to.include({ age: -1, name: '' });
    });

    it('refuses an unknown state, listing the known ones', () => {
      expect(() => (AuthorFactory as unknown as { state(n: string): unknown }).state('boss')).to.throw(
        'The FactoryAuthor factory has no state "boss". Its states are: admin, inactive, owner, aged, prolific.',
      );
      expect(() => (BookFactory as unknown as { state(n: string): unknown }).state('old')).to.throw('It defines no states');
    });

    it('refuses a count that is not a whole number', () => {
      expect(() => AuthorFactory.buildMany(-1)).to.throw('not -1');
    });
  });

  describe('create', () => {
    it('stores through the DSL and returns the record as stored, model defaults included', async () => {
      const author = await AuthorFactory.state('admin').create({ age: 33 });
      expect(author).to.include({ id: 'author-1', role: 'admin', age: 33, active: true });
      expect(await driver.storedRows(Author)).to.have.length(1);
    });

    it('creates many one after the other, in sequence order', async () => {
      const authors = await AuthorFactory.createMany(3);
      expect(authors.map((a) => a.id)).to.deep.equal(['author-1', 'author-2', 'author-3']);
    });

    it('fails like any create when the ORM refuses the data', async () => {
      await AuthorFactory.create();
      let failure: Error | undefined;
      await AuthorFactory.create({ email: 'author1@example.com' }).catch((e: Error) => (failure = e));
      expect(failure?.message).to.include('DuplicateKeyError');
    });

    it('runs afterCreate with the states and the same store; never after build', async () => {
      AuthorFactory.state('prolific').build();
      expect(await driver.storedRows(Book)).to.have.length(0);
      await AuthorFactory.state('prolific').create();
      const books = await driver.storedRows(Book);
      expect(books.map((b) => [b.id, b.authorId])).to.deep.equal([
        [1, 'author-2'],
        [2, 'author-2'],
      ]);
    });

    it('uses an explicit store over the scope one, and says what to do when there is none', async () => {
      resetFactories({ seed: 1 });
      let failure: Error | undefined;
      await AuthorFactory.create().catch((e: Error) => (failure = e));
      expect(failure?.message).to.include('has nowhere to store records').and.include('{ store: dsl }');
      expect(await AuthorFactory.create({}, { store: dsl })).to.include({ id: 'author-1' });
    });
  });

  describe('seeds and sequences', () => {
    it('restarts every sequence and repeats the fake data for the same seed', () => {
      const first = { authors: AuthorFactory.buildMany(3), books: BookFactory.buildMany(2) };
      resetFactories({ seed: scenarioSeed('a unit test'), store: dsl });
      expect({ authors: AuthorFactory.buildMany(3), books: BookFactory.buildMany(2) }).to.deep.equal(first);
      resetFactories({ seed: scenarioSeed('another unit test'), store: dsl });
      const other = AuthorFactory.buildMany(3);
      expect(other.map((a) => a.id)).to.deep.equal(['author-1', 'author-2', 'author-3']);
      expect(other.map((a) => a.name)).not.to.deep.equal(first.authors.map((a) => a.name));
    });

    it('derives the seed from PARITY_SEED and the scenario', () => {
      expect(scenarioSeed('x', 'parity')).to.equal(scenarioSeed('x', 'parity'));
      expect(scenarioSeed('x', 'parity')).not.to.equal(scenarioSeed('y', 'parity'));
      expect(scenarioSeed('x', 'parity')).not.to.equal(scenarioSeed('x', 'other'));
      const saved = process.env.PARITY_SEED;
      try {
        process.env.PARITY_SEED = 'other';
        expect(scenarioSeed('x')).to.equal(scenarioSeed('x', 'other'));
        delete process.env.PARITY_SEED;
        expect(scenarioSeed('x')).to.equal(scenarioSeed('x', 'parity'));
      } finally {
        if (saved === undefined) delete process.env.PARITY_SEED;
        else process.env.PARITY_SEED = saved;
      }
    });
  });

  describe('registry and the DSL', () => {
    let scenario: ScenarioDsl;
    before(() => registerFactories(AuthorFactory));
    beforeEach(() => {
      scenario = new ScenarioDsl(driver, new ControllableClock());
    });

    it('finds a registered factory, and refuses a second one for the same model', () => {
      expect(hasFactory(Author)).to.equal(true);
      expect(factoryFor(Author)).to.equal(AuthorFactory);
      registerFactories(AuthorFactory);
      expect(() => registerFactories(defineFactory(Author, { defaults: () => ({ id: 'a', email: 'e', name: 'n' }) }))).to.throw(
        'A factory for FactoryAuthor is already registered',
      );
    });

    it('seeds from a factory, in states', async () => {
      await scenario.seedFromFactory(Author, 2, ['admin', 'inactive']);
      const stored = await driver.storedRows(Author);
      expect(stored.map((r) => [r.id, r.role, r.active])).to.deep.equal([
        ['author-1', 'admin', false],
        ['author-2', 'admin', false],
      ]);
    });

    it('seeds one record from the factory defaults overridden by the table', async () => {
      await scenario.seedOne(Author, [
        ['name', 'Zoe'],
        ['age', '30'],
      ]);
      const [stored] = await driver.storedRows(Author);
      expect(stored).to.include({ id: 'author-1', email: 'author1@example.com', name: 'Zoe', age: 30 });
    });

    it('seeds one record from the table alone for a model without a factory', async () => {
      await scenario.seedOne(Unfactored, [
        ['id', 'u1'],
        ['name', 'Una'],
      ]);
      expect(await driver.storedRows(Unfactored)).to.deep.equal([{ id: 'u1', name: 'Una' }]);
      let failure: Error | undefined;
      await scenario.seedOne(Unfactored, [['id', 'u2']]).catch((e: Error) => (failure = e));
      expect(failure?.message).to.include('ValidationError');
    });

    it('fails a factory step for a model without a factory, saying how to define one', async () => {
      let failure: Error | undefined;
      await scenario.seedFromFactory(Unfactored, 1).catch((e: Error) => (failure = e));
      expect(failure?.message).to.include('No factory is registered for FactoryUnfactored');
      expect(failure?.message).to.include('registerFactories(defineFactory(FactoryUnfactored, { defaults:');
      expect(failure?.message).to.include('features/support/');
    });
  });
});

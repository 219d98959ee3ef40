import { expect } from 'chai';
import { InMemoryBackend } from './backends/inmemory';
import { ControllableClock } from './clock';
import { Database } from './database';
import { ModelDefinitionError, NotFoundError, ParityError, ReferenceIntegrityError } from './errors';
import { field } from './fields';
import { defineModel, dependencyOrder } from './model';

const Team = defineModel('Team', { id: field.string({ primaryKey: true }), name: field.string() });
const Player = defineModel('Player', {
  id: field.integer({ primaryKey: true }),
  teamId: field.reference(Team, { onDelete: 'cascade' }),
  captainOf: field.reference(Team, { onDelete: 'setNull', nullable: true }),
  updatedAt: field.datetime({ autoNow: true }),
});
const Goal = defineModel('Goal', { id: field.string({ primaryKey: true }), playerId: field.reference(Player, { onDelete: 'restrict' }) });
const Post = defineModel(
  'Post',
  {
    slug: field.string({ primaryKey: true }),
    code: field.string({ unique: true }),
    teamId: field.reference(Team, { onDelete: 'restrict', nullable: true }),
  },
  { softDelete: true },
);

async function setup() {
  const clock = new ControllableClock();
  clock.freeze(new Date('2024-01-01T00:00:00.000Z'));
  const db = new Database(new InMemoryBackend(), { clock });
  await db.sync(Goal, Player, Team, Post);
  const teams = db.repository(Team);
  await teams.create({ id: 'red', name: 'Red' });
  await teams.create({ id: 'blue', name: 'Blue' });
  return { clock, db, teams, players: db.repository(Player), goals: db.repository(Goal), posts: db.repository(Post) };
}

async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the operation to fail');
}

describe('references', () => {
  describe('definitions', () => {
    it("take the parent key's kind", () => {
      expect(Player.fields.teamId.kind).to.equal('string');
      expect(Goal.fields.playerId.kind).to.equal('integer');
      expect(Player.references.map((r) => [r.field, r.parent.name, r.onDelete])).to.deep.equal([
        ['teamId', 'Team', 'cascade'],
        ['captainOf', 'Team', 'setNull'],
      ]);
    });

    it('refuse a parent with a composite key, naming the field', () => {
      const Pair = defineModel('Pair', { a: field.string({ primaryKey: true }), b: field.string({ primaryKey: true }) });
      expect(() => defineModel('Child', { id: field.string({ primaryKey: true }), pair: field.reference(Pair, { onDelete: 'cascade' }) }))
        .to.throw(ModelDefinitionError)
        .with.property('message')
        .that.matches(/field "pair".*composite primary key/);
    });

    it('refuse setNull on a reference that is not nullable', () => {
      expect(() => defineModel('Child', { id: field.string({ primaryKey: true }), t: field.reference(Team, { onDelete: 'setNull' }) }))
        .to.throw(ModelDefinitionError)
        .with.property('message')
        .that.matches(/setNull.*nullable: true/);
    });

    it('refuse an unknown onDelete rule', () => {
      expect(() =>
        defineModel('Child', { id: field.string({ primaryKey: true }), t: field.reference(Team, { onDelete: 'nothing' as 'cascade' }) }),
      ).to.throw(ModelDefinitionError, /onDelete must be one of/);
    });

    it('put parents first in dependency order', () => {
      expect(dependencyOrder([Goal, Post, Player, Team]).map((m) => m.name)).to.deep.equal(['Team', 'Player', 'Goal', 'Post']);
    });
  });

  describe('on the in-memory backend', () => {
    it('refuse a create, update or upsert naming a missing parent, with a ReferenceIntegrityError', async () => {
      const { players } = await setup();
      const created = await failure(players.create({ id: 1, teamId: 'green' }));
      expect(created).to.be.instanceOf(ReferenceIntegrityError).and.instanceOf(ParityError);
      expect(created).to.include({ code: 'PARITY_REFERENCE', model: 'Player', field: 'teamId', value: 'green', parent: 'Team' });
      expect(created.message).to.match(/Player\.teamId = "green" refers to a Team that does not exist\. Create that Team first/);
      await players.create({ id: 1, teamId: 'red' });
      expect(await failure(players.update(1, { captainOf: 'green' }))).to.include({ field: 'captainOf', reason: 'missing-parent' });
      expect(await failure(players.upsert({ id: 1, teamId: 'green' }))).to.be.instanceOf(ReferenceIntegrityError);
      expect(await players.get(1)).to.include({ teamId: 'red', captainOf: null });
    });

    it('cascade deletes children, restrict refuses (all or nothing), setNull clears the field and leaves autoNow', async () => {
      const { clock, teams, players, goals } = await setup();
      await players.create({ id: 1, teamId: 'red', captainOf: 'blue' });
      await players.create({ id: 2, teamId: 'blue' });
      await goals.create({ id: 'g1', playerId: 2 });
      clock.advance(5000);
      const refused = await failure(teams.delete('blue'));
      expect(refused).to.include({ model: 'Goal', field: 'playerId', value: 2, parent: 'Player', reason: 'restricted' });
      expect(refused.message).to.match(/cannot be deleted: Goal records still refer to it through playerId/);
      expect(await players.count()).to.equal(2);
      expect(await players.get(1)).to.include({ captainOf: 'blue' });
      await goals.delete('g1');
      await teams.delete('blue');
      expect((await players.all()).map((p) => p.id)).to.deep.equal([1]);
      const kept = await players.get(1);
      expect(kept?.captainOf).to.equal(null);
      expect(kept?.updatedAt.toISOString()).to.equal('2024-01-01T00:00:00.000Z');
    });
  });
});

describe('soft deletes', () => {
  it('add a nullable deletedAt, and refuse a model that declares one', () => {
    expect(Post.fields.deletedAt).to.include({ kind: 'datetime' });
    expect(Post.fields.deletedAt.options.nullable).to.equal(true);
    expect(Post.softDelete).to.equal(true);
    expect(() =>
      defineModel('X', { id: field.string({ primaryKey: true }), deletedAt: field.datetime({ nullable: true }) }, { softDelete: true }),
    ).to.throw(ModelDefinitionError, /declares a field "deletedAt"/);
  });

  it('hide soft-deleted records from every read unless asked', async () => {
    const { clock, posts } = await setup();
    await posts.create({ slug: 'a', code: 'A' });
    await posts.create({ slug: 'b', code: 'B' });
    clock.advance(1000);
    await posts.delete('a');
    expect(await posts.get('a')).to.equal(undefined);
    expect((await posts.get('a', { withDeleted: true }))?.deletedAt?.toISOString()).to.equal('2024-01-01T00:00:01.000Z');
    expect((await posts.all()).map((p) => p.slug)).to.deep.equal(['b']);
    expect(await posts.count()).to.equal(1);
    expect(await posts.exists({ slug: 'a' })).to.equal(false);
    expect((await posts.page(5)).items.map((p) => p.slug)).to.deep.equal(['b']);
    expect((await posts.query().withDeleted().all()).map((p) => p.slug)).to.deep.equal(['a', 'b']);
    expect((await posts.query().onlyDeleted().all()).map((p) => p.slug)).to.deep.equal(['a']);
    expect(await posts.query().onlyDeleted().count()).to.equal(1);
  });

  it('restore, force-delete, and report missing records with NotFoundError', async () => {
    const { posts } = await setup();
    await posts.create({ slug: 'a', code: 'A' });
    await posts.delete('a');
    expect(await failure(posts.delete('a'))).to.be.instanceOf(NotFoundError);
    expect(await failure(posts.update('a', { code: 'Z' }))).to.be.instanceOf(NotFoundError);
    expect(await posts.restore('a')).to.include({ slug: 'a', deletedAt: null });
    expect(await posts.restore('a')).to.include({ slug: 'a', deletedAt: null });
    await posts.forceDelete('a');
    expect(await posts.get('a', { withDeleted: true })).to.equal(undefined);
    expect(await failure(posts.restore('a'))).to.be.instanceOf(NotFoundError);
    expect(await failure(posts.forceDelete('a'))).to.be.instanceOf(NotFoundError);
  });

  it('keep the unique values of soft-deleted records', async () => {
    const { posts } = await setup();
    await posts.create({ slug: 'a', code: 'A' });
    await posts.delete('a');
    expect((await failure(posts.create({ slug: 'b', code: 'A' }))).name).to.equal('DuplicateKeyError');
  });

  it('refuse restore and onlyDeleted on a model without soft deletes', async () => {
    const { teams } = await setup();
    expect(await failure(teams.restore('red'))).to.be.instanceOf(ModelDefinitionError);
    expect(() => teams.query().onlyDeleted()).to.throw(/softDelete: true/);
  });
});

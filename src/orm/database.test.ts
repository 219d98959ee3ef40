import { expect } from 'chai';
import type { Backend } from './backends/backend';
import { InMemoryBackend } from './backends/inmemory';
import { ControllableClock, systemClock } from './clock';
import { Database } from './database';
import { field } from './fields';
import { defineModel, type AnyModel } from './model';

const Note = defineModel('Note', { id: field.string({ primaryKey: true }), at: field.datetime({ autoNowAdd: true }) });
const Tag = defineModel('Tag', { id: field.string({ primaryKey: true }) });

/** An in-memory backend that records its sync calls and can fail the first one. */
class CountingBackend extends InMemoryBackend {
  synced: string[] = [];
  failNext = false;

  override async sync(models: readonly AnyModel[]): Promise<void> {
    this.synced.push(...models.map((m) => m.name));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('storage unavailable');
    }
    await super.sync(models);
  }
}

describe('Database', () => {
  it('uses the system clock by default and an injected clock when given', async () => {
    expect(new Database(new InMemoryBackend()).clock).to.equal(systemClock);
    const clock = new ControllableClock();
    clock.freeze(new Date('2001-02-03T04:05:06.007Z'));
    const db = new Database(new InMemoryBackend(), { clock });
    expect(db.clock).to.equal(clock);
    const note = await db.repository(Note).create({ id: 'n1' });
    expect(note.at.toISOString()).to.equal('2001-02-03T04:05:06.007Z');
  });

  it('syncs a model made again under the same name (as migrations remake it), once per model', async () => {
    const backend = new CountingBackend();
    const db = new Database(backend);
    await db.sync(Tag);
    await db.sync(Tag);
    const TagLater = defineModel('Tag', { id: field.string({ primaryKey: true }), label: field.string({ nullable: true }) });
    await db.sync(TagLater);
    expect(backend.synced).to.deep.equal(['Tag', 'Tag']);
  });

  it('prepares a model the first time it is used, once', async () => {
    const backend = new CountingBackend();
    const db = new Database(backend);
    const notes = db.repository(Note);
    expect(backend.synced).to.deep.equal([]);
    await notes.create({ id: 'a' });
    await notes.get('a');
    await db.repository(Note).count();
    await Promise.all([notes.all(), notes.exists(), notes.page(5)]);
    expect(backend.synced).to.deep.equal(['Note']);
  });

  it('prepares models ahead of use with sync', async () => {
    const backend = new CountingBackend();
    const db = new Database(backend);
    await db.sync(Note, Tag);
    await db.repository(Tag).create({ id: 't' });
    expect(backend.synced).to.have.members(['Note', 'Tag']);
    expect(backend.synced).to.have.length(2);
  });

  it('tries again after a failed preparation', async () => {
    const backend = new CountingBackend();
    backend.failNext = true;
    const db = new Database(backend);
    const tags = db.repository(Tag);
    try {
      await tags.create({ id: 't' });
      expect.fail('expected the sync to fail');
    } catch (error) {
      expect((error as Error).message).to.equal('storage unavailable');
    }
    await tags.create({ id: 't' });
    expect((await tags.get('t'))?.id).to.equal('t');
  });

  it('closes the backend and prepares models again afterwards', async () => {
    const backend = new CountingBackend();
    const db = new Database(backend);
    await db.repository(Tag).create({ id: 't' });
    await db.close();
    expect(await db.repository(Tag).count()).to.equal(0);
    expect(backend.synced).to.deep.equal(['Tag', 'Tag']);
  });

  it('exposes its backend', () => {
    const backend: Backend = new InMemoryBackend();
    expect(new Database(backend).backend).to.equal(backend);
  });
});

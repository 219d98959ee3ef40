import type { Backend } from './backends/backend';
import { systemClock, type Clock } from './clock';
import type { AnyModel } from './model';
import { Repository } from './repository';

/** Options for a database. */
export interface DatabaseOptions {
  /** Where `autoNowAdd`/`autoNow` read the time (default: the system clock). */
  clock?: Clock;
}

/**
 * A backend plus a clock: hands out repositories and prepares each model's storage the first
 * time it is used (or all at once with `sync`).
 */
export class Database {
  readonly clock: Clock;
  /** Each model object synced (a model made again under the same name, as migrations remake them, is synced again). */
  private readonly synced = new Map<AnyModel, Promise<void>>();

  constructor(
    readonly backend: Backend,
    options: DatabaseOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Prepares storage for the models now rather than on first use. */
  async sync(...models: AnyModel[]): Promise<void> {
    await Promise.all(models.map((model) => this.ensure(model)));
  }

  /** The repository of a model. */
  repository<M extends AnyModel>(model: M): Repository<M> {
    return new Repository(model, this.backend, this.clock, () => this.ensure(model));
  }

  /** Closes the backend. */
  async close(): Promise<void> {
    await this.backend.close();
    this.synced.clear();
  }

  /** Prepares a model's storage (parents first), once; what every repository call waits for. */
  prepare(model: AnyModel): Promise<void> {
    return this.ensure(model);
  }

  private ensure(model: AnyModel): Promise<void> {
    let done = this.synced.get(model);
    if (done === undefined) {
      // Parents first: a SQL foreign key needs its parent's table, and backends find children among synced models.
      done = Promise.all(model.references.map((r) => this.ensure(r.parent))).then(() => this.backend.sync([model]));
      done.catch(() => this.synced.delete(model));
      this.synced.set(model, done);
    }
    return done;
  }
}

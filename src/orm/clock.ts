/** Where the ORM reads the time for `autoNowAdd` and `autoNow` fields. */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that follows the system clock until frozen, then moves only when told to. */
export class ControllableClock implements Clock {
  private frozenAt: number | undefined;

  now(): Date {
    return new Date(this.frozenAt ?? Date.now());
  }

  /** Stops the clock at this instant. */
  freeze(at: Date): void {
    if (Number.isNaN(at.getTime())) throw new RangeError('Cannot freeze the clock at an invalid Date.');
    this.frozenAt = at.getTime();
  }

  /** Moves the clock forward (freezing it at the current time first if it runs). */
  advance(milliseconds: number): void {
    if (!Number.isFinite(milliseconds))
      throw new RangeError(`Cannot advance the clock by ${milliseconds} milliseconds: give a finite number.`);
    this.frozenAt = (this.frozenAt ?? Date.now()) + milliseconds;
  }

  /** Whether the clock is frozen. */
  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Lets the clock follow the system clock again. */
  reset(): void {
    this.frozenAt = undefined;
  }
}

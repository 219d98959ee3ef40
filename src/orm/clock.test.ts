import { expect } from 'chai';
import { ControllableClock, systemClock } from './clock';

describe('clock', () => {
  describe('systemClock', () => {
    it('reads the machine time', () => {
      const before = Date.now();
      const now = systemClock.now().getTime();
      expect(now).to.be.within(before, Date.now());
    });
  });

  describe('ControllableClock', () => {
    const instant = new Date('2024-03-04T05:06:07.089Z');

    it('follows the system clock until frozen', () => {
      const clock = new ControllableClock();
      expect(clock.frozen).to.equal(false);
      const before = Date.now();
      expect(clock.now().getTime()).to.be.within(before, Date.now());
    });

    it('stays at the frozen instant', async () => {
      const clock = new ControllableClock();
      clock.freeze(instant);
      expect(clock.frozen).to.equal(true);
      expect(clock.now().toISOString()).to.equal('2024-03-04T05:06:07.089Z');
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(clock.now().getTime()).to.equal(instant.getTime());
    });

    it('is not affected by later changes to the Date it was frozen with, nor to the Dates it returned', () => {
      const clock = new ControllableClock();
      const at = new Date(instant.getTime());
      clock.freeze(at);
      at.setTime(0);
      const first = clock.now();
      first.setTime(0);
      expect(clock.now().getTime()).to.equal(instant.getTime());
      expect(clock.now()).to.not.equal(clock.now());
    });

    it('advances by milliseconds when frozen', () => {
      const clock = new ControllableClock();
      clock.freeze(instant);
      clock.advance(1500);
      expect(clock.now().toISOString()).to.equal('2024-03-04T05:06:08.589Z');
      clock.advance(0);
      expect(clock.now().toISOString()).to.equal('2024-03-04T05:06:08.589Z');
    });

    it('freezes at the current time first when advanced while running', () => {
      const clock = new ControllableClock();
      const before = Date.now();
      clock.advance(60_000);
      const after = Date.now();
      expect(clock.frozen).to.equal(true);
      expect(clock.now().getTime()).to.be.within(before + 60_000, after + 60_000);
    });

    it('follows the system clock again after reset', () => {
      const clock = new ControllableClock();
      clock.freeze(new Date('2000-01-01T00:00:00Z'));
      clock.reset();
      expect(clock.frozen).to.equal(false);
      expect(Math.abs(clock.now().getTime() - Date.now())).to.be.below(1000);
    });

    it('refuses to advance by a non-finite amount, leaving the clock unchanged', () => {
      const clock = new ControllableClock();
      clock.freeze(instant);
      expect(() => clock.advance(Number.NaN)).to.throw(RangeError);
      expect(() => clock.advance(Infinity)).to.throw(RangeError);
      expect(clock.now().getTime()).to.equal(instant.getTime());
    });

    it('refuses to freeze at an invalid Date', () => {
      const clock = new ControllableClock();
      expect(() => clock.freeze(new Date('not a date'))).to.throw(RangeError, /invalid Date/);
      expect(clock.frozen).to.equal(false);
    });
  });
});

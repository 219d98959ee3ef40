import { expect } from 'chai';

/** Awaits a promise that must reject with an error of `type`, and returns that error for more checks. */
export async function rejection<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return error as E;
  }
  return expect.fail(`expected a ${type.name}`);
}

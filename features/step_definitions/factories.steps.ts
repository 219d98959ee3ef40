import { Given } from '@cucumber/cucumber';
import type { AnyModel, DslWorld } from '../../src/dsl';

Given('a(n) {model} exists', function (this: DslWorld, model: AnyModel) {
  return this.dsl.seedFromFactory(model, 1);
});

Given('{int} {model} exist', function (this: DslWorld, count: number, model: AnyModel) {
  return this.dsl.seedFromFactory(model, count);
});

Given('{int} {word} {model} exist', function (this: DslWorld, count: number, state: string, model: AnyModel) {
  return this.dsl.seedFromFactory(model, count, [state]);
});

Given('{int} {word} and {word} {model} exist', function (this: DslWorld, count: number, first: string, second: string, model: AnyModel) {
  return this.dsl.seedFromFactory(model, count, [first, second]);
});

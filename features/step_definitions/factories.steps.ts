import { Given } from '@cucumber/cucumber';
import { dslOf, type AnyModel } from '../../src/dsl';

Given('a(n) {model} exists', function (this: object, model: AnyModel) {
  return dslOf(this).seedFromFactory(model, 1);
});

Given('{int} {model} exist', function (this: object, count: number, model: AnyModel) {
  return dslOf(this).seedFromFactory(model, count);
});

Given('{int} {word} {model} exist', function (this: object, count: number, state: string, model: AnyModel) {
  return dslOf(this).seedFromFactory(model, count, [state]);
});

Given('{int} {word} and {word} {model} exist', function (this: object, count: number, first: string, second: string, model: AnyModel) {
  return dslOf(this).seedFromFactory(model, count, [first, second]);
});

import { Given, When, type DataTable } from '@cucumber/cucumber';
import { dslOf, type AnyModel } from '../../src/dsl';

Given('the following {model} exist:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).seed(model, table.raw());
});

Given('a(n) {model} exists with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).seedOne(model, table.raw());
});

Given('I try to seed the following {model}:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).trySeed(model, table.raw());
});

Given('I try to seed a(n) {model} with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).trySeedOne(model, table.raw());
});

Given('I try to seed {int} {model}', function (this: object, count: number, model: AnyModel) {
  return dslOf(this).trySeedFromFactory(model, count);
});

Given('the time is {string}', function (this: object, instant: string) {
  dslOf(this).freezeTime(instant);
});

When('the time advances by {int} second(s)', function (this: object, seconds: number) {
  dslOf(this).advanceTime(seconds);
});

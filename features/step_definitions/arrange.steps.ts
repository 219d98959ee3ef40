import { Given, When, type DataTable } from '@cucumber/cucumber';
import type { AnyModel, DslWorld } from '../../src/dsl';

Given('the following {model} exist:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.seed(model, table.raw());
});

Given('a(n) {model} exists with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.seedOne(model, table.raw());
});

Given('I try to seed the following {model}:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.trySeed(model, table.raw());
});

Given('I try to seed a(n) {model} with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.trySeedOne(model, table.raw());
});

Given('I try to seed {int} {model}', function (this: DslWorld, count: number, model: AnyModel) {
  return this.dsl.trySeedFromFactory(model, count);
});

Given('the time is {string}', function (this: DslWorld, instant: string) {
  this.dsl.freezeTime(instant);
});

When('the time advances by {int} second(s)', function (this: DslWorld, seconds: number) {
  this.dsl.advanceTime(seconds);
});

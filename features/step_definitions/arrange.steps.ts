import { Given, When, type DataTable } from '@cucumber/cucumber';
import type { AnyModel, DslWorld } from '../../src/dsl';

Given('the following {model} exist:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.seed(model, table.raw());
});

Given('a {model} exists with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.seedOne(model, table.raw());
});

Given('the time is {string}', function (this: DslWorld, instant: string) {
  this.dsl.freezeTime(instant);
});

When('the time advances by {int} second(s)', function (this: DslWorld, seconds: number) {
  this.dsl.advanceTime(seconds);
});

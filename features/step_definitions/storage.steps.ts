import { Then, type DataTable } from '@cucumber/cucumber';
import type { AnyModel, DslWorld } from '../../src/dsl';

Then('the database has a(n) {model} record with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.expectStored(model, table.raw());
});

Then('the database has no {model} record with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.expectNotStored(model, table.raw());
});

Then('the database has {int} {model} record(s)', function (this: DslWorld, count: number, model: AnyModel) {
  return this.dsl.assertDatabaseCount(model, count);
});

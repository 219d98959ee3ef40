import { Then, type DataTable } from '@cucumber/cucumber';
import { dslOf, type AnyModel } from '../../src/dsl';

Then('the database has a(n) {model} record with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).expectStored(model, table.raw());
});

Then('the database has no {model} record with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).expectNotStored(model, table.raw());
});

Then('the database has {int} {model} record(s)', function (this: object, count: number, model: AnyModel) {
  return dslOf(this).assertDatabaseCount(model, count);
});

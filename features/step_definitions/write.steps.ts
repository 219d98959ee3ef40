import { When, type DataTable } from '@cucumber/cucumber';
import { dslOf, type AnyModel } from '../../src/dsl';

When('I create a(n) {model} with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).createFrom(model, table.raw());
});

When('I try to create a(n) {model} with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).tryCreate(model, table.raw());
});

When('I update the {model} {string} with:', function (this: object, model: AnyModel, key: string, table: DataTable) {
  return dslOf(this).updateFrom(model, key, table.raw());
});

When('I try to update the {model} {string} with:', function (this: object, model: AnyModel, key: string, table: DataTable) {
  return dslOf(this).tryUpdate(model, key, table.raw());
});

When('I update the {model} {string} with no changes', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).updateWithoutChanges(model, key);
});

When('I try to update the {model} {string} with no changes', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).tryUpdateWithoutChanges(model, key);
});

When('I delete the {model} {string}', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).deleteByKey(model, key);
});

When('I try to delete the {model} {string}', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).tryDelete(model, key);
});

When('I upsert a(n) {model} with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).upsertFrom(model, table.raw());
});

When('I try to upsert a(n) {model} with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).tryUpsert(model, table.raw());
});

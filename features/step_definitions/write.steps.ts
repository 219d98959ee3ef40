import { When, type DataTable } from '@cucumber/cucumber';
import type { AnyModel, DslWorld } from '../../src/dsl';

When('I create a(n) {model} with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.createFrom(model, table.raw());
});

When('I try to create a(n) {model} with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.tryCreate(model, table.raw());
});

When('I update the {model} {string} with:', function (this: DslWorld, model: AnyModel, key: string, table: DataTable) {
  return this.dsl.updateFrom(model, key, table.raw());
});

When('I try to update the {model} {string} with:', function (this: DslWorld, model: AnyModel, key: string, table: DataTable) {
  return this.dsl.tryUpdate(model, key, table.raw());
});

When('I update the {model} {string} with no changes', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.updateWithoutChanges(model, key);
});

When('I try to update the {model} {string} with no changes', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.tryUpdateWithoutChanges(model, key);
});

When('I delete the {model} {string}', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.deleteByKey(model, key);
});

When('I try to delete the {model} {string}', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.tryDelete(model, key);
});

When('I upsert a(n) {model} with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.upsertFrom(model, table.raw());
});

When('I try to upsert a(n) {model} with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.tryUpsert(model, table.raw());
});

import { Then, When } from '@cucumber/cucumber';
import type { AnyModel, DslWorld } from '../../src/dsl';

When('I restore the {model} {string}', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.restoreByKey(model, key);
});

When('I try to restore the {model} {string}', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.tryRestore(model, key);
});

When('I force-delete the {model} {string}', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.forceDeleteByKey(model, key);
});

When('I try to force-delete the {model} {string}', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.tryForceDelete(model, key);
});

When('I query all {model} including soft-deleted', function (this: DslWorld, model: AnyModel) {
  return this.dsl.queryAllDeleted(model, 'include');
});

When('I query only soft-deleted {model}', function (this: DslWorld, model: AnyModel) {
  return this.dsl.queryAllDeleted(model, 'only');
});

Then('the {model} {string} is soft-deleted', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.expectSoftDeleted(model, key, true);
});

Then('the {model} {string} is not soft-deleted', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.expectSoftDeleted(model, key, false);
});

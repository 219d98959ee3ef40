import { Then, When } from '@cucumber/cucumber';
import { dslOf, type AnyModel } from '../../src/dsl';

When('I restore the {model} {string}', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).restoreByKey(model, key);
});

When('I try to restore the {model} {string}', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).tryRestore(model, key);
});

When('I force-delete the {model} {string}', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).forceDeleteByKey(model, key);
});

When('I try to force-delete the {model} {string}', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).tryForceDelete(model, key);
});

When('I query all {model} including soft-deleted', function (this: object, model: AnyModel) {
  return dslOf(this).queryAllDeleted(model, 'include');
});

When('I query only soft-deleted {model}', function (this: object, model: AnyModel) {
  return dslOf(this).queryAllDeleted(model, 'only');
});

Then('the {model} {string} is soft-deleted', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).expectSoftDeleted(model, key, true);
});

Then('the {model} {string} is not soft-deleted', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).expectSoftDeleted(model, key, false);
});

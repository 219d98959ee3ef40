import { Then, When, type DataTable } from '@cucumber/cucumber';
import { dslOf, type AnyModel } from '../../src/dsl';

Then('the {model} {string} exists', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).expectRecord(model, key);
});

Then('the {model} {string} exists with:', function (this: object, model: AnyModel, key: string, table: DataTable) {
  return dslOf(this).expectRecord(model, key, table.raw());
});

Then('the {model} {string} has exactly:', function (this: object, model: AnyModel, key: string, table: DataTable) {
  return dslOf(this).expectExactRecord(model, key, table.raw());
});

Then('the {model} {string} does not exist', function (this: object, model: AnyModel, key: string) {
  return dslOf(this).expectNoRecord(model, key);
});

When('I query all {model}', function (this: object, model: AnyModel) {
  return dslOf(this).queryAll(model);
});

When('I query {model} with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).queryFrom(model, table.raw());
});

When('I try to query {model} with:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).tryQuery(model, table.raw());
});

When('I page through {model} {int} at a time', function (this: object, model: AnyModel, size: number) {
  return dslOf(this).pageThrough(model, size);
});

When('I page through {model} {int} at a time with:', function (this: object, model: AnyModel, size: number, table: DataTable) {
  return dslOf(this).pageThrough(model, size, table.raw());
});

When('I try to page through {model} {int} at a time with:', function (this: object, model: AnyModel, size: number, table: DataTable) {
  return dslOf(this).tryPageThrough(model, size, table.raw());
});

When('I take the first page of {int} {model}', function (this: object, size: number, model: AnyModel) {
  return dslOf(this).firstPage(model, size);
});

When('I take the first page of {int} {model} with:', function (this: object, size: number, model: AnyModel, table: DataTable) {
  return dslOf(this).firstPage(model, size, table.raw());
});

When('I take the next page', function (this: object) {
  return dslOf(this).nextPage();
});

Then('the page holds:', function (this: object, table: DataTable) {
  dslOf(this).expectPage(table.raw());
});

Then('there is a next page', function (this: object) {
  dslOf(this).expectNextPage(true);
});

Then('there is no next page', function (this: object) {
  dslOf(this).expectNextPage(false);
});

Then('I get {int} {model}', function (this: object, count: number, model: AnyModel) {
  dslOf(this).expectResultCount(count, model);
});

Then('the results are:', function (this: object, table: DataTable) {
  dslOf(this).expectResults(table.raw(), true);
});

Then('the results are, in any order:', function (this: object, table: DataTable) {
  dslOf(this).expectResults(table.raw(), false);
});

Then('I see {int} page(s)', function (this: object, count: number) {
  dslOf(this).expectPageCount(count);
});

Then('the pages hold:', function (this: object, table: DataTable) {
  dslOf(this).expectPages(table.raw());
});

Then('there is/are {int} {model}', function (this: object, count: number, model: AnyModel) {
  return dslOf(this).expectCount(model, count);
});

Then('there is/are {int} {model} where:', function (this: object, count: number, model: AnyModel, table: DataTable) {
  return dslOf(this).expectCount(model, count, table.raw());
});

Then('a(n) {model} exists where:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).expectExistsWhere(model, table.raw(), true);
});

Then('no {model} exists where:', function (this: object, model: AnyModel, table: DataTable) {
  return dslOf(this).expectExistsWhere(model, table.raw(), false);
});

import { Then, When, type DataTable } from '@cucumber/cucumber';
import type { AnyModel, DslWorld } from '../../src/dsl';

Then('the {model} {string} exists', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.expectRecord(model, key);
});

Then('the {model} {string} exists with:', function (this: DslWorld, model: AnyModel, key: string, table: DataTable) {
  return this.dsl.expectRecord(model, key, table.raw());
});

Then('the {model} {string} has exactly:', function (this: DslWorld, model: AnyModel, key: string, table: DataTable) {
  return this.dsl.expectExactRecord(model, key, table.raw());
});

Then('the {model} {string} does not exist', function (this: DslWorld, model: AnyModel, key: string) {
  return this.dsl.expectNoRecord(model, key);
});

When('I query all {model}', function (this: DslWorld, model: AnyModel) {
  return this.dsl.queryAll(model);
});

When('I query {model} with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.queryFrom(model, table.raw());
});

When('I try to query {model} with:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.tryQuery(model, table.raw());
});

When('I page through {model} {int} at a time', function (this: DslWorld, model: AnyModel, size: number) {
  return this.dsl.pageThrough(model, size);
});

When('I page through {model} {int} at a time with:', function (this: DslWorld, model: AnyModel, size: number, table: DataTable) {
  return this.dsl.pageThrough(model, size, table.raw());
});

When('I try to page through {model} {int} at a time with:', function (this: DslWorld, model: AnyModel, size: number, table: DataTable) {
  return this.dsl.tryPageThrough(model, size, table.raw());
});

When('I take the first page of {int} {model}', function (this: DslWorld, size: number, model: AnyModel) {
  return this.dsl.firstPage(model, size);
});

When('I take the first page of {int} {model} with:', function (this: DslWorld, size: number, model: AnyModel, table: DataTable) {
  return this.dsl.firstPage(model, size, table.raw());
});

When('I take the next page', function (this: DslWorld) {
  return this.dsl.nextPage();
});

Then('the page holds:', function (this: DslWorld, table: DataTable) {
  this.dsl.expectPage(table.raw());
});

Then('there is a next page', function (this: DslWorld) {
  this.dsl.expectNextPage(true);
});

Then('there is no next page', function (this: DslWorld) {
  this.dsl.expectNextPage(false);
});

Then('I get {int} {model}', function (this: DslWorld, count: number, model: AnyModel) {
  this.dsl.expectResultCount(count, model);
});

Then('the results are:', function (this: DslWorld, table: DataTable) {
  this.dsl.expectResults(table.raw(), true);
});

Then('the results are, in any order:', function (this: DslWorld, table: DataTable) {
  this.dsl.expectResults(table.raw(), false);
});

Then('I see {int} page(s)', function (this: DslWorld, count: number) {
  this.dsl.expectPageCount(count);
});

Then('the pages hold:', function (this: DslWorld, table: DataTable) {
  this.dsl.expectPages(table.raw());
});

Then('there is/are {int} {model}', function (this: DslWorld, count: number, model: AnyModel) {
  return this.dsl.expectCount(model, count);
});

Then('there is/are {int} {model} where:', function (this: DslWorld, count: number, model: AnyModel, table: DataTable) {
  return this.dsl.expectCount(model, count, table.raw());
});

Then('a(n) {model} exists where:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.expectExistsWhere(model, table.raw(), true);
});

Then('no {model} exists where:', function (this: DslWorld, model: AnyModel, table: DataTable) {
  return this.dsl.expectExistsWhere(model, table.raw(), false);
});

import { Then, type DataTable } from '@cucumber/cucumber';
import type { DslWorld } from '../../src/dsl';

Then('it succeeds', function (this: DslWorld) {
  this.dsl.expectSuccess();
});

Then('it fails with a(n) {error}', function (this: DslWorld, errorName: string) {
  this.dsl.expectFailure(errorName);
});

Then('the error mentions {string}', function (this: DslWorld, text: string) {
  this.dsl.expectErrorMentions(text);
});

Then('the violations are:', function (this: DslWorld, table: DataTable) {
  this.dsl.expectViolations(table.raw());
});

Then('the clashing field(s) is/are {string}', function (this: DslWorld, fields: string) {
  this.dsl.expectClashingFields(fields);
});

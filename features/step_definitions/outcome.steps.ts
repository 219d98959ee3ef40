import { Then, type DataTable } from '@cucumber/cucumber';
import { dslOf } from '../../src/dsl';

Then('it succeeds', function (this: object) {
  dslOf(this).expectSuccess();
});

Then('it fails with a(n) {error}', function (this: object, errorName: string) {
  dslOf(this).expectFailure(errorName);
});

Then('the error mentions {string}', function (this: object, text: string) {
  dslOf(this).expectErrorMentions(text);
});

Then('the violations are:', function (this: object, table: DataTable) {
  dslOf(this).expectViolations(table.raw());
});

Then('the clashing field(s) is/are {string}', function (this: object, fields: string) {
  dslOf(this).expectClashingFields(fields);
});

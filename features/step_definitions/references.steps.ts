import { Then } from '@cucumber/cucumber';
import { dslOf } from '../../src/dsl';

Then('the refused reference is {string}', function (this: object, reference: string) {
  dslOf(this).expectRefusedReference(reference);
});

Then('the refusal reason is {string}', function (this: object, reason: string) {
  dslOf(this).expectRefusalReason(reason);
});

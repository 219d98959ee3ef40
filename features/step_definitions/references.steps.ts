import { Then } from '@cucumber/cucumber';
import type { DslWorld } from '../../src/dsl';

Then('the refused reference is {string}', function (this: DslWorld, reference: string) {
  this.dsl.expectRefusedReference(reference);
});

Then('the refusal reason is {string}', function (this: DslWorld, reason: string) {
  this.dsl.expectRefusalReason(reason);
});

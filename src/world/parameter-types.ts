import { defineParameterType } from '@cucumber/cucumber';
import { errorClassName } from '../dsl';
import { resolveModel } from './models';

defineParameterType({
  name: 'model',
  regexp: /[A-Z][A-Za-z0-9]*/,
  transformer: resolveModel,
  useForSnippets: false,
});

// Any capitalised word, so that a misspelt class (`DuplicateKey`, `DuplicateKeyErorr`) reaches the
// transformer and fails naming the closest class, instead of leaving the step undefined.
defineParameterType({
  name: 'error',
  regexp: /[A-Z][A-Za-z0-9]*/,
  transformer: errorClassName,
  useForSnippets: false,
});

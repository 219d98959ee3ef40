import { defineParameterType } from '@cucumber/cucumber';
import { dslOf, errorClassName, hasDsl } from '../dsl';
import { resolveModel } from './models';

// A model the scenario's own migrations made (@schema-changes) comes first; then the registered ones.
defineParameterType({
  name: 'model',
  regexp: /[A-Z][A-Za-z0-9]*/,
  transformer(this: unknown, word: string) {
    const world = this as object | null | undefined;
    return (world != null && hasDsl(world) ? dslOf(world).scenarioModel(word) : undefined) ?? resolveModel(word);
  },
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

import { defineParameterType } from '@cucumber/cucumber';
import { resolveModel } from './models';

/** The error classes a step may name. */
const ERROR_NAMES = [
  'ParityError',
  'ValidationError',
  'DuplicateKeyError',
  'NotFoundError',
  'QueryError',
  'ModelDefinitionError',
  'BackendError',
  'ReferenceIntegrityError',
];

defineParameterType({
  name: 'model',
  regexp: /[A-Z][A-Za-z0-9]*/,
  transformer: resolveModel,
  useForSnippets: false,
});

defineParameterType({
  name: 'error',
  regexp: /[A-Z][A-Za-z]*Error/,
  transformer(name: string): string {
    if (!ERROR_NAMES.includes(name)) throw new Error(`"${name}" is not an error class of the ORM. They are: ${ERROR_NAMES.join(', ')}.`);
    return name;
  },
  useForSnippets: false,
});

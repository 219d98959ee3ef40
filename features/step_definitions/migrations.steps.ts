import { Then, When, type DataTable } from '@cucumber/cucumber';
import { dslOf, migrationSteps, type MigrationStep } from '../../src/dsl';

/*
 * A @schema-changes scenario's own migrations, one operation each. Every phrase has two forms:
 * "a migration …" must apply (the store then holds what the migrations built), and
 * "I try a migration that …" records a refusal for "it fails with a MigrationError".
 */
function migration<A extends unknown[]>(phrase: string, step: (...args: A) => MigrationStep): void {
  // Cucumber counts a step function's parameters against the phrase's: the builder's count.
  const arity = { length: { value: step.length } };
  When(
    `a migration ${phrase}`,
    Object.defineProperties(function (this: object, ...args: A) {
      return dslOf(this).migrate(step(...args));
    }, arity),
  );
  When(
    `I try a migration that ${phrase}`,
    Object.defineProperties(function (this: object, ...args: A) {
      return dslOf(this).tryMigrate(step(...args));
    }, arity),
  );
}

migration('creates the model {word} with:', (model: string, table: DataTable) => migrationSteps.createModel(model, table.raw()));
migration('drops the model {word}', (model: string) => migrationSteps.dropModel(model));
migration('adds the field {word} to {word} as {}', (field: string, model: string, rules: string) =>
  migrationSteps.addField(model, field, rules),
);
migration('drops the field {word} of {word}', (field: string, model: string) => migrationSteps.dropField(model, field));
migration('renames the field {word} of {word} to {word}', (from: string, model: string, to: string) =>
  migrationSteps.renameField(model, from, to),
);
migration('makes the field {word} of {word} nullable', (field: string, model: string) => migrationSteps.setNullable(model, field, true));
migration('makes the field {word} of {word} required', (field: string, model: string) => migrationSteps.setNullable(model, field, false));
migration('sets the default of the field {word} of {word} to {}', (field: string, model: string, value: string) =>
  migrationSteps.setDefault(model, field, value),
);
migration('drops the default of the field {word} of {word}', (field: string, model: string) =>
  migrationSteps.setDefault(model, field, undefined),
);
migration('adds an index to {word} on {}', (model: string, fields: string) => migrationSteps.group('addIndex', model, fields));
migration('drops the index of {word} on {}', (model: string, fields: string) => migrationSteps.group('dropIndex', model, fields));
migration('adds a unique constraint to {word} on {}', (model: string, fields: string) => migrationSteps.group('addUnique', model, fields));
migration('drops the unique constraint of {word} on {}', (model: string, fields: string) =>
  migrationSteps.group('dropUnique', model, fields),
);
migration('makes the field {word} of {word} refer to {word} on delete {}', (field: string, model: string, parent: string, rule: string) =>
  migrationSteps.addReference(model, field, parent, rule),
);
migration('drops the reference of the field {word} of {word}', (field: string, model: string) =>
  migrationSteps.dropReference(model, field),
);

Then('the store records {int} migration(s) as applied', function (this: object, count: number) {
  return dslOf(this).expectRecordedMigrations(count);
});

Then('the database holds what the migrations built', function (this: object) {
  return dslOf(this).expectSchemaAsBuilt();
});

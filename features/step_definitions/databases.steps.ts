import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { dslOf, type AnyModel } from '../../src/dsl';

// Tenants

Given('the tenant is {string}', function (this: object, tenant: string) {
  dslOf(this).switchTenant(tenant);
});

When('I try to switch to the tenant {string}', function (this: object, tenant: string) {
  dslOf(this).trySwitchTenant(tenant);
});

Given('no tenant is set', function (this: object) {
  dslOf(this).clearTenant();
});

Then('the tenant {string} has {int} {model}', function (this: object, tenant: string, count: number, model: AnyModel) {
  const dsl = dslOf(this);
  return dsl.forTenant(tenant, () => dsl.expectCount(model, count));
});

Then('the {model} {string} exists for the tenant {string}', function (this: object, model: AnyModel, key: string, tenant: string) {
  const dsl = dslOf(this);
  return dsl.forTenant(tenant, () => dsl.expectRecord(model, key));
});

Then('the {model} {string} does not exist for the tenant {string}', function (this: object, model: AnyModel, key: string, tenant: string) {
  const dsl = dslOf(this);
  return dsl.forTenant(tenant, () => dsl.expectNoRecord(model, key));
});

// An alias named where the model alone would reach its own database (a mirror of it)

When('I create a {model} in the {string} database with:', function (this: object, model: AnyModel, database: string, table: DataTable) {
  const dsl = dslOf(this);
  return dsl.inDatabase(database, () => dsl.createFrom(model, table.raw()));
});

When(
  'I try to create a {model} in the {string} database with:',
  function (this: object, model: AnyModel, database: string, table: DataTable) {
    const dsl = dslOf(this);
    return dsl.inDatabase(database, () => dsl.tryCreate(model, table.raw()));
  },
);

When('I query all {model} in the {string} database', function (this: object, model: AnyModel, database: string) {
  const dsl = dslOf(this);
  return dsl.inDatabase(database, () => dsl.queryAll(model));
});

When('I query {model} in the {string} database with:', function (this: object, model: AnyModel, database: string, table: DataTable) {
  const dsl = dslOf(this);
  return dsl.inDatabase(database, () => dsl.queryFrom(model, table.raw()));
});

Then('the {model} {string} exists in the {string} database', function (this: object, model: AnyModel, key: string, database: string) {
  const dsl = dslOf(this);
  return dsl.inDatabase(database, () => dsl.expectRecord(model, key));
});

Then('there is/are {int} {model} in the {string} database', function (this: object, count: number, model: AnyModel, database: string) {
  const dsl = dslOf(this);
  return dsl.inDatabase(database, () => dsl.expectCount(model, count));
});

// Declaring databases

When('I try to declare the databases:', function (this: object, table: DataTable) {
  dslOf(this).tryDeclareDatabases(table.raw());
});

When(
  'I try to define a model in the {string} database that refers to {model}',
  function (this: object, database: string, parent: AnyModel) {
    dslOf(this).tryDefineReferringModel(database, parent);
  },
);

Then('the stores were created in dependency order', function (this: object) {
  dslOf(this).expectCreatedInDependencyOrder();
});

Then('the store {string} was created before the store {string}', function (this: object, first: string, second: string) {
  dslOf(this).expectCreatedBefore(first, second);
});

Then('the store {string} exists', function (this: object, store: string) {
  dslOf(this).expectStoreExists(store);
});

Feature: Several databases
  A project keeps data in several databases, each named by an alias: a reserved alias has one
  store shared by every tenant (hospitals in `central`, reports in `archive`), a template alias
  one store per tenant (patients in `clinic`), and a mirror reads and writes the store of the
  alias it mirrors (`clinic_replica`, like a read replica). A scenario names the aliases it uses
  with a tag such as @databases-central,clinic (without one: `default` only); touching any other
  is an UndeclaredDatabaseError naming the tag to add. Stores are created in dependency order:
  `archive` and every tenant's `clinic` store after `central`, which they depend on.

  @databases-central,clinic
  Scenario: Reserved data is seen from every tenant
    Given the following Hospitals exist:
      | id | name     | city   |
      | h1 | St Mary  | London |
      | h2 | Charité  | Berlin |
    When the tenant is "acme"
    Then the Hospital "h1" exists
    And there are 2 Hospitals
    When the tenant is "globex"
    Then the Hospital "h2" exists with:
      | city | Berlin |
    And there are 2 Hospitals

  @databases-central,clinic
  Scenario: A hospital written while working for one tenant is seen by the others
    Given the tenant is "acme"
    When I create a Hospital with:
      | id   | h1      |
      | name | St Mary |
      | city | London  |
    And the tenant is "globex"
    Then the Hospital "h1" exists with:
      | name | St Mary |

  @databases-central,clinic
  Scenario: A unique value of a reserved database is unique whatever the tenant
    Given the tenant is "acme"
    And a Hospital exists with:
      | id   | h1      |
      | name | St Mary |
      | city | London  |
    When the tenant is "globex"
    And I try to create a Hospital with:
      | id   | h2      |
      | name | St Mary |
      | city | Paris   |
    Then it fails with a DuplicateKeyError
    And the clashing field is "name"

  @databases-central,clinic
  Scenario: Patients of two tenants point at one shared hospital
    Given a Hospital exists with:
      | id   | h1      |
      | name | St Mary |
      | city | London  |
    And the tenant is "acme"
    And the following Patients exist:
      | id | name  | email | hospitalId |
      | p1 | Alice | a@x   | h1         |
      | p2 | Bob   | b@x   | <null>     |
    And the tenant is "globex"
    And the following Patients exist:
      | id | name  | email | hospitalId |
      | p1 | Carol | c@x   | h1         |
    When I query Patients with:
      | hospitalId | h1 |
    Then the results are:
      | id | name  |
      | p1 | Carol |
    And the tenant "acme" has 2 Patients

  @databases-central,clinic
  Scenario: A reserved database needs no tenant
    Given no tenant is set
    When I create a Hospital with:
      | id   | h1      |
      | name | St Mary |
      | city | London  |
    Then there is 1 Hospital

  @databases-clinic,clinic_replica
  Scenario: A mirror reads what was written to the database it mirrors
    Given the tenant is "acme"
    And the following Patients exist:
      | id | name  | email |
      | p1 | Alice | a@x   |
      | p2 | Bob   | b@x   |
    When I query all Patients in the "clinic_replica" database
    Then the results are:
      | id | name  |
      | p1 | Alice |
      | p2 | Bob   |
    And the Patient "p2" exists in the "clinic_replica" database

  @databases-clinic,clinic_replica
  Scenario: A write through a mirror reaches the database it mirrors
    Given the tenant is "acme"
    When I create a Patient in the "clinic_replica" database with:
      | id    | p1    |
      | name  | Alice |
      | email | a@x   |
    Then the Patient "p1" exists
    And there is 1 Patient

  @databases-clinic,clinic_replica
  Scenario: A mirror of a template database follows the tenant
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1    |
      | name  | Alice |
      | email | a@x   |
    When the tenant is "globex"
    Then there are 0 Patients in the "clinic_replica" database
    When the tenant is "acme"
    Then there is 1 Patient in the "clinic_replica" database

  @databases-clinic,clinic_replica
  Scenario: A mirror keeps the unique rules of the database it mirrors
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1    |
      | name  | Alice |
      | email | a@x   |
    When I try to create a Patient in the "clinic_replica" database with:
      | id    | p2  |
      | name  | Bob |
      | email | a@x |
    Then it fails with a DuplicateKeyError

  Scenario: Touching a database the scenario does not declare is an UndeclaredDatabaseError
    When I try to create a Hospital with:
      | id   | h1      |
      | name | St Mary |
      | city | London  |
    Then it fails with an UndeclaredDatabaseError
    And the error mentions "central"
    And the error mentions "@databases-default,central"

  @databases-clinic
  Scenario: Going through an undeclared mirror is an UndeclaredDatabaseError
    Given the tenant is "acme"
    When I try to create a Patient in the "clinic_replica" database with:
      | id    | p1    |
      | name  | Alice |
      | email | a@x   |
    Then it fails with an UndeclaredDatabaseError
    And the error mentions "@databases-clinic,clinic_replica"

  @databases-central,clinic_replica
  Scenario: Going through an alias that does not hold the model is refused
    When I try to create a Hospital in the "clinic_replica" database with:
      | id   | h1      |
      | name | St Mary |
      | city | London  |
    Then it fails with a DatabaseLayoutError
    And the error mentions "Hospital lives in the database central"

  @databases-central,archive,clinic
  Scenario: Stores are created after the stores they depend on
    Given the tenant is "newco"
    When I create a Patient with:
      | id    | p1  |
      | name  | N   |
      | email | n@x |
    And I create a Report with:
      | id    | r1      |
      | title | Monthly |
    Then the stores were created in dependency order
    And the store "central" was created before the store "clinic@newco"
    And the store "central" was created before the store "archive"

  @databases-archive
  Scenario: A reserved database that depends on another works on its own
    When I create a Report with:
      | id    | r1      |
      | title | Monthly |
    Then there is 1 Report
    And the store "central" was created before the store "archive"

  @databases-central @databases-archive @databases-clinic
  Scenario: Every database a scenario uses starts empty
    Then there are 0 Hospitals
    And there are 0 Reports
    And the tenant "acme" has 0 Patients
    And the tenant "globex" has 0 Visits

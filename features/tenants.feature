@databases-clinic
Feature: Tenants
  A template database has one store per tenant: patients and their visits live in the `clinic`
  database, and each tenant (acme, globex, …) has its own clinic store, created the first time
  the tenant is used. Working for one tenant never reads or changes another tenant's records,
  on every backend: the same key, the same unique value, counts, pages and cascades all stay
  inside the tenant. Working on a template database with no tenant set is a TenantError, never
  a silent default.

  Scenario: The same key exists in two tenants, each with its own record
    Given the tenant is "acme"
    And the following Patients exist:
      | id | name  | email           |
      | p1 | Alice | alice@acme.test |
    And the tenant is "globex"
    And the following Patients exist:
      | id | name | email           |
      | p1 | Bob  | bob@globex.test |
    Then the Patient "p1" exists with:
      | name | Bob |
    When the tenant is "acme"
    Then the Patient "p1" exists with:
      | name | Alice |

  Scenario: A record written for one tenant is not seen by another
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1              |
      | name  | Alice           |
      | email | alice@acme.test |
    When the tenant is "globex"
    Then the Patient "p1" does not exist
    And there are 0 Patients
    And the Patient "p1" exists for the tenant "acme"

  Scenario: A unique value may repeat across tenants
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1              |
      | name  | Alice           |
      | email | same@clinic.test |
    When the tenant is "globex"
    And I create a Patient with:
      | id    | p2               |
      | name  | Bob              |
      | email | same@clinic.test |
    Then the tenant "acme" has 1 Patient
    And the tenant "globex" has 1 Patient

  Scenario: A unique value may not repeat within one tenant
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1               |
      | name  | Alice            |
      | email | same@clinic.test |
    When I try to create a Patient with:
      | id    | p2               |
      | name  | Bob              |
      | email | same@clinic.test |
    Then it fails with a DuplicateKeyError
    And the clashing field is "email"

  Scenario: A taken key is refused within one tenant, though another tenant holds it too
    Given the tenant is "globex"
    And a Patient exists with:
      | id    | p1              |
      | name  | Bob             |
      | email | bob@globex.test |
    And the tenant is "acme"
    And a Patient exists with:
      | id    | p1              |
      | name  | Alice           |
      | email | alice@acme.test |
    When I try to create a Patient with:
      | id    | p1               |
      | name  | Carol            |
      | email | carol@acme.test  |
    Then it fails with a DuplicateKeyError
    And the clashing field is "id"

  Scenario: Counting counts only the current tenant's records
    Given the tenant is "acme"
    And the following Patients exist:
      | id | name  | email | age |
      | p1 | Alice | a@x   | 30  |
      | p2 | Bob   | b@x   | 40  |
      | p3 | Carol | c@x   | 50  |
    And the tenant is "globex"
    And the following Patients exist:
      | id | name | email | age |
      | p1 | Dan  | d@x   | 45  |
    Then there is 1 Patient
    And there is 1 Patient where:
      | age__gte | 40 |
    When the tenant is "acme"
    Then there are 3 Patients
    And there are 2 Patients where:
      | age__gte | 40 |

  Scenario: A query with lookups and an order stays inside the tenant
    Given the tenant is "acme"
    And the following Patients exist:
      | id | name  | email | age |
      | p1 | Alice | a@x   | 30  |
      | p2 | Bob   | b@x   | 40  |
    And the tenant is "globex"
    And the following Patients exist:
      | id | name  | email | age |
      | p3 | Erin  | e@x   | 35  |
      | p4 | Frank | f@x   | 60  |
    When I query Patients with:
      | age__gte | 30   |
      | order by | -age |
    Then the results are:
      | id | name  |
      | p4 | Frank |
      | p3 | Erin  |

  Scenario: Limit and offset apply to the tenant's records alone
    Given the tenant is "acme"
    And the following Patients exist:
      | id | name | email |
      | a1 | A1   | a1@x  |
      | a2 | A2   | a2@x  |
      | a3 | A3   | a3@x  |
    And the tenant is "globex"
    And the following Patients exist:
      | id | name | email |
      | a0 | G0   | g0@x  |
      | g1 | G1   | g1@x  |
    When the tenant is "acme"
    And I query Patients with:
      | order by | id |
      | offset   | 1  |
      | limit    | 5  |
    Then the results are:
      | id |
      | a2 |
      | a3 |

  Scenario: Paging walks only the current tenant's records
    Given the tenant is "acme"
    And the following Patients exist:
      | id | name | email |
      | p1 | A1   | a1@x  |
      | p2 | A2   | a2@x  |
      | p3 | A3   | a3@x  |
    And the tenant is "globex"
    And the following Patients exist:
      | id | name | email |
      | p4 | G1   | g1@x  |
    When the tenant is "acme"
    And I page through Patients 2 at a time
    Then I see 2 pages
    And the pages hold:
      | id |
      | p1 |
      | p2 |
      | p3 |

  Scenario: Updating a record in one tenant leaves the other tenant's record with the same key
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1    |
      | name  | Alice |
      | email | a@x   |
    And the tenant is "globex"
    And a Patient exists with:
      | id    | p1  |
      | name  | Bob |
      | email | b@x |
    When I update the Patient "p1" with:
      | name | Robert |
    Then the Patient "p1" exists with:
      | name | Robert |
    When the tenant is "acme"
    Then the Patient "p1" exists with:
      | name | Alice |

  Scenario: Updating a key that exists only in another tenant is a NotFoundError
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1    |
      | name  | Alice |
      | email | a@x   |
    When the tenant is "globex"
    And I try to update the Patient "p1" with:
      | name | Mallory |
    Then it fails with a NotFoundError
    And the Patient "p1" exists for the tenant "acme"

  Scenario: Deleting in one tenant leaves the other tenant's record with the same key
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1    |
      | name  | Alice |
      | email | a@x   |
    And the tenant is "globex"
    And a Patient exists with:
      | id    | p1  |
      | name  | Bob |
      | email | b@x |
    When I delete the Patient "p1"
    Then the Patient "p1" does not exist
    And the Patient "p1" exists for the tenant "acme"

  Scenario: Upserting in one tenant inserts there, whatever another tenant holds
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1    |
      | name  | Alice |
      | email | a@x   |
    When the tenant is "globex"
    And I upsert a Patient with:
      | id    | p1  |
      | name  | Bob |
      | email | b@x |
    Then the tenant "globex" has 1 Patient
    And the Patient "p1" exists with:
      | name | Bob |
    And the tenant is "acme"
    And the Patient "p1" exists with:
      | name | Alice |

  Scenario: Switching tenants back and forth keeps each tenant's records
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | a1  |
      | name  | A   |
      | email | a@x |
    And the tenant is "globex"
    And a Patient exists with:
      | id    | g1  |
      | name  | G   |
      | email | g@x |
    And the tenant is "acme"
    And a Patient exists with:
      | id    | a2   |
      | name  | A2   |
      | email | a2@x |
    When I query all Patients
    Then the results are:
      | id |
      | a1 |
      | a2 |
    When the tenant is "globex"
    And I query all Patients
    Then the results are:
      | id |
      | g1 |

  Scenario: A cascading delete stays inside the tenant
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1  |
      | name  | A   |
      | email | a@x |
    And the following Visits exist:
      | id | patientId | reason  |
      | 1  | p1        | checkup |
      | 2  | p1        | x-ray   |
    And the tenant is "globex"
    And a Patient exists with:
      | id    | p1  |
      | name  | G   |
      | email | g@x |
    And the following Visits exist:
      | id | patientId | reason |
      | 1  | p1        | flu    |
    When the tenant is "acme"
    And I delete the Patient "p1"
    Then there are 0 Visits
    And the tenant "globex" has 1 Visit

  Scenario: A reference to a parent that exists only in another tenant is refused
    Given the tenant is "acme"
    And a Patient exists with:
      | id    | p1  |
      | name  | A   |
      | email | a@x |
    When the tenant is "globex"
    And I try to create a Visit with:
      | id        | 1       |
      | patientId | p1      |
      | reason    | checkup |
    Then it fails with a ReferenceIntegrityError

  Scenario: A new tenant's store starts empty
    Given the tenant is "initech"
    Then there are 0 Patients
    And there are 0 Visits
    When I create a Patient with:
      | id    | p1  |
      | name  | I   |
      | email | i@x |
    Then the store "clinic@initech" exists

  Scenario: Creating on a template database with no tenant set is a TenantError
    Given no tenant is set
    When I try to create a Patient with:
      | id    | p1  |
      | name  | A   |
      | email | a@x |
    Then it fails with a TenantError
    And the error mentions "No tenant is set"
    And the error mentions "clinic is a template database"

  Scenario: Querying a template database with no tenant set is a TenantError
    Given no tenant is set
    When I try to query Patients with:
      | age__gte | 0 |
    Then it fails with a TenantError

  Scenario: A tenant name that cannot name a store is refused
    When I try to switch to the tenant "Acme Corp"
    Then it fails with a TenantError
    And the error mentions "lower-case letters, digits and _"

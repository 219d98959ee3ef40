@databases-central,clinic
Feature: Two aliases and two tenants (timing fixture for bench/databases.bench.ts)

  Scenario Outline: Three writes, to a reserved database and to two tenants' stores, and a count
    Given the following Hospitals exist:
      | id   | name     | city   |
      | h<n> | H<n>     | London |
    And the tenant is "acme"
    And the following Patients exist:
      | id   | name | email     |
      | p<n> | A    | a<n>@x    |
    And the tenant is "globex"
    And the following Patients exist:
      | id   | name | email     |
      | p<n> | G    | g<n>@x    |
    Then there is 1 Patient

    Examples:
      | n |
      | 1 |
      | 2 |
      | 3 |
      | 4 |
      | 5 |
      | 6 |
      | 7 |
      | 8 |
      | 9 |
      | 10 |
      | 11 |
      | 12 |
      | 13 |
      | 14 |
      | 15 |
      | 16 |
      | 17 |
      | 18 |
      | 19 |
      | 20 |
      | 21 |
      | 22 |
      | 23 |
      | 24 |
      | 25 |
      | 26 |
      | 27 |
      | 28 |
      | 29 |
      | 30 |

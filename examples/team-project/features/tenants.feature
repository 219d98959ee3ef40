Feature: Customers
  Each customer (tenant) has its own projects and tasks; the plans are shared by every customer.
  The run works for the customer acme unless a scenario switches.

  @databases-default,central
  Scenario: A plan is seen by every customer, a project only by its own
    Given a Plan exists with:
      | code  | team |
      | seats | 10   |
    And a Project exists with:
      | slug | apollo |
      | name | Apollo |
    When the tenant is "globex"
    Then the Plan "team" exists
    And the Project "apollo" does not exist
    And the tenant "acme" has 1 Project

  @databases-default,central
  Scenario: Two customers may use the same slug and name
    Given a Project exists with:
      | slug | apollo |
      | name | Apollo |
    When the tenant is "globex"
    And I create a Project with:
      | slug | apollo |
      | name | Apollo |
    Then there is 1 Project
    And the tenant "acme" has 1 Project

  @databases-default,central
  Scenario: A project name stays unique within one customer
    Given a Project exists with:
      | slug | apollo |
      | name | Apollo |
    When I try to create a Project with:
      | slug | apollo-2 |
      | name | Apollo   |
    Then it fails with a DuplicateKeyError

  Scenario: The plans are out of reach of a scenario that does not declare central
    When I try to create a Plan with:
      | code  | solo |
      | seats | 1    |
    Then it fails with an UndeclaredDatabaseError

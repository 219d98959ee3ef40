Feature: Deleting records
  Deleting removes the one record with the given primary key and nothing else. Deleting a
  record that does not exist is a NotFoundError. A deleted record's key and unique values are
  free to be used again.

  Background:
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
      | bob   | bob@example.com   | Bob   |

  Scenario: A deleted record is gone
    When I delete the User "alice"
    Then the User "alice" does not exist
    And the database has no User record with:
      | id | alice |

  Scenario: Deleting one record leaves the others
    When I delete the User "alice"
    Then there is 1 User
    And the User "bob" exists

  Scenario: Deleting a record that does not exist is a NotFoundError
    When I try to delete the User "ghost"
    Then it fails with a NotFoundError
    And the error mentions "was not found"
    And there are 2 Users

  Scenario: Deleting the same record twice fails the second time
    When I delete the User "alice"
    And I try to delete the User "alice"
    Then it fails with a NotFoundError

  Scenario: Deleting is by exact key, never by a similar one
    When I try to delete the User "ALICE"
    Then it fails with a NotFoundError
    And the User "alice" exists

  Scenario: A deleted record's primary key and unique values can be used again
    When I delete the User "alice"
    And I create a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice the Second  |
    Then the User "alice" exists with:
      | name | Alice the Second |

  Scenario: A record with an integer key is deleted by that integer
    Given the following Products exist:
      | sku | code    | title | price | category |
      | 42  | ABC-123 | Dune  | 9.99  | book     |
      | 43  | DEF-456 | Emma  | 5     | book     |
    When I delete the Product "42"
    Then the Product "42" does not exist
    And the Product "43" exists

  Scenario: A to-do item is deleted by its whole composite key
    Given the following TodoItems exist:
      | userId | todoId | title    |
      | alice  | t1     | Buy milk |
      | bob    | t1     | Buy milk |
    When I delete the TodoItem "userId=alice, todoId=t1"
    Then the TodoItem "userId=alice, todoId=t1" does not exist
    And the TodoItem "userId=bob, todoId=t1" exists

  Scenario: Deleting a to-do item that does not exist is a NotFoundError
    When I try to delete the TodoItem "userId=alice, todoId=t1"
    Then it fails with a NotFoundError

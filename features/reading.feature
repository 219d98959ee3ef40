Feature: Reading a record by its primary key
  A record is read by its primary key: a single value, an integer, or every part of a
  composite key. Asking for a key that is not there is never an error; the record simply
  does not exist.

  Background:
    Given the time is "2024-01-01T10:00:00.000Z"
    And the following Users exist:
      | id    | email             | name  | age |
      | alice | alice@example.com | Alice | 30  |
      | bob   | bob@example.com   | Bob   | 25  |

  Scenario: A record is found by its primary key
    Then the User "alice" exists with:
      | email     | alice@example.com |
      | name      | Alice             |
      | age       | 30                |
      | createdAt | <now>             |

  Scenario: A key that is not there means the record does not exist
    Then the User "ghost" does not exist

  Scenario: Keys are case-sensitive
    Then the User "Alice" does not exist
    And the User "alice" exists

  Scenario: A key is matched whole, never by prefix
    Then the User "ali" does not exist
    And the User "alice " does not exist

  Scenario: A record with an integer key is found by that integer
    Given the following Products exist:
      | sku | code    | title | price | category |
      | 42  | ABC-123 | Dune  | 9.99  | book     |
    Then the Product "42" exists with:
      | code  | ABC-123 |
      | title | Dune    |
    And the Product "4" does not exist

  Scenario: A record with a composite key is found by every part of its key
    Given the following TodoItems exist:
      | userId | todoId | title    |
      | alice  | t1     | Buy milk |
      | bob    | t2     | Walk dog |
    Then the TodoItem "userId=alice, todoId=t1" exists with:
      | title | Buy milk |
    And the TodoItem "userId=alice, todoId=t2" does not exist
    And the TodoItem "userId=bob, todoId=t1" does not exist

  Scenario: A deleted record can no longer be read
    When I delete the User "bob"
    Then the User "bob" does not exist
    And the User "alice" exists

  Scenario: Every field of a record comes back with its type
    Given a User exists with:
      | id     | carol              |
      | email  | carol@example.com  |
      | name   | Carol              |
      | age    | 41                 |
      | score  | 0.5                |
      | active | false              |
      | tags   | {"team": "blue"}   |
    Then the User "carol" exists with:
      | age       | 41               |
      | score     | 0.5              |
      | active    | false            |
      | tags      | {"team": "blue"} |
      | createdAt | <now>            |
      | updatedAt | <now>            |

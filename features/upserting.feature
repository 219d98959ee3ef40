Feature: Upserting records
  An upsert inserts a record when its primary key is free, and otherwise replaces the whole
  stored record: every field it omits takes its default again, not its old value. The
  autoNowAdd timestamp (createdAt) keeps its stored value; the autoNow timestamp (updatedAt)
  is set from the clock. An upsert never clashes with its own key, but taking another
  record's unique value is still a DuplicateKeyError.

  Background:
    Given the time is "2024-01-01T10:00:00.000Z"
    And the following Users exist:
      | id    | email             | name  | age | score | active | tags      |
      | alice | alice@example.com | Alice | 30  | 9.5   | false  | ["admin"] |
    And the time advances by 5 seconds

  Scenario: An upsert with a free key inserts a new record
    When I upsert a User with:
      | id    | bob             |
      | email | bob@example.com |
      | name  | Bob             |
    Then there are 2 Users
    And the User "bob" exists with:
      | age       | 0     |
      | active    | true  |
      | createdAt | <now> |
      | updatedAt | <now> |

  Scenario: An upsert with a taken key replaces the record, not a DuplicateKeyError
    When I upsert a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice Liddell     |
      | age   | 31                |
    Then there is 1 User
    And the User "alice" exists with:
      | name | Alice Liddell |
      | age  | 31            |

  Scenario: Fields omitted from a replacing upsert take their defaults, not their old values
    When I upsert a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
    Then the User "alice" exists with:
      | age    | 0      |
      | score  | <null> |
      | active | true   |
      | tags   | <null> |

  Scenario: A replacing upsert keeps createdAt and sets updatedAt to now
    When I upsert a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
    Then the User "alice" exists with:
      | createdAt | 2024-01-01T10:00:00.000Z |
      | updatedAt | 2024-01-01T10:00:05.000Z |

  Scenario: A replacing upsert keeps the stored createdAt even when one is given
    When I upsert a User with:
      | id        | alice                    |
      | email     | alice@example.com        |
      | name      | Alice                    |
      | createdAt | 2020-01-01T00:00:00.000Z |
    Then the User "alice" exists with:
      | createdAt | 2024-01-01T10:00:00.000Z |

  Scenario: An inserting upsert uses a createdAt that is given
    When I upsert a User with:
      | id        | bob                      |
      | email     | bob@example.com          |
      | name      | Bob                      |
      | createdAt | 2020-01-01T00:00:00.000Z |
    Then the User "bob" exists with:
      | createdAt | 2020-01-01T00:00:00.000Z |
      | updatedAt | 2024-01-01T10:00:05.000Z |

  Scenario: A replacing upsert may change the record's own unique value
    When I upsert a User with:
      | id    | alice           |
      | email | alice@example.org |
      | name  | Alice           |
    Then the User "alice" exists with:
      | email | alice@example.org |
    And no User exists where:
      | email | alice@example.com |

  Scenario: Taking another record's unique value is a DuplicateKeyError
    Given the following Users exist:
      | id  | email           | name |
      | bob | bob@example.com | Bob  |
    When I try to upsert a User with:
      | id    | alice           |
      | email | bob@example.com |
      | name  | Alice           |
    Then it fails with a DuplicateKeyError
    And the clashing field is "email"
    And the User "alice" exists with:
      | email | alice@example.com |
      | age   | 30                |

  Scenario: An inserting upsert that takes another record's unique value is a DuplicateKeyError
    When I try to upsert a User with:
      | id    | bob               |
      | email | alice@example.com |
      | name  | Bob               |
    Then it fails with a DuplicateKeyError
    And the clashing field is "email"
    And the User "bob" does not exist

  Scenario: An upsert must give every required field, even when the record exists
    When I try to upsert a User with:
      | id  | alice |
      | age | 31    |
    Then it fails with a ValidationError
    And the violations are:
      | field | rule     |
      | email | required |
      | name  | required |
    And the User "alice" exists with:
      | age | 30 |

  Scenario: An upsert is validated like a create
    When I try to upsert a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
      | age   | 151               |
    Then it fails with a ValidationError
    And the violations are:
      | field | rule |
      | age   | le   |

  Scenario: Upserting twice stores one record
    When I upsert a User with:
      | id    | carol             |
      | email | carol@example.com |
      | name  | Carol             |
    And I upsert a User with:
      | id    | carol             |
      | email | carol@example.com |
      | name  | Caroline          |
    Then the database has 2 User records
    And the database has a User record with:
      | id   | carol    |
      | name | Caroline |

  Rule: Composite keys

    Background:
      Given the following TodoItems exist:
        | userId | todoId | title    | priority | completed | description |
        | alice  | t1     | Buy milk | 5        | true      | Semi-skimmed |
        | alice  | t2     | Buy eggs | 2        | false     | <null>      |

    Scenario: An upsert replaces the to-do item with the same composite key
      When I upsert a TodoItem with:
        | userId | alice         |
        | todoId | t1            |
        | title  | Buy oat milk  |
      Then there are 2 TodoItems
      And the TodoItem "userId=alice, todoId=t1" exists with:
        | title       | Buy oat milk |
        | priority    | 3            |
        | completed   | false        |
        | description | <null>       |

    Scenario: An upsert taking a title the same user already uses is a DuplicateKeyError
      When I try to upsert a TodoItem with:
        | userId | alice    |
        | todoId | t1       |
        | title  | Buy eggs |
      Then it fails with a DuplicateKeyError
      And the clashing fields are "userId, title"

    Scenario: An upsert may keep its own title
      When I upsert a TodoItem with:
        | userId   | alice    |
        | todoId   | t1       |
        | title    | Buy milk |
        | priority | 1        |
      Then the TodoItem "userId=alice, todoId=t1" exists with:
        | title    | Buy milk |
        | priority | 1        |

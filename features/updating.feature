Feature: Updating records
  An update changes only the fields it is given; every other field keeps its value, except the
  autoNow timestamp, which is set from the clock. The changed values are checked by the same
  rules as on create. Updating a missing record is a NotFoundError, changing a primary key is a
  ValidationError (rule immutable), and taking another record's unique value is a
  DuplicateKeyError. A failed update changes nothing.

  Background:
    Given the time is "2024-01-01T10:00:00.000Z"
    And the following Users exist:
      | id    | email             | name  | age | score |
      | alice | alice@example.com | Alice | 30  | 9.5   |
      | bob   | bob@example.com   | Bob   | 25  | 4.0   |
    And the time advances by 5 seconds

  Scenario: Only the given fields change
    When I update the User "alice" with:
      | age | 31 |
    Then the User "alice" exists with:
      | email | alice@example.com |
      | name  | Alice             |
      | age   | 31                |
      | score | 9.5               |

  Scenario: Other records are not touched
    When I update the User "alice" with:
      | name | Alicia |
    Then the User "bob" exists with:
      | name      | Bob                      |
      | updatedAt | 2024-01-01T10:00:00.000Z |

  Scenario: An update sets updatedAt to now and keeps createdAt
    When I update the User "alice" with:
      | age | 31 |
    Then the User "alice" exists with:
      | createdAt | 2024-01-01T10:00:00.000Z |
      | updatedAt | 2024-01-01T10:00:05.000Z |

  Scenario: An explicit updatedAt given on update wins over the clock
    When I update the User "alice" with:
      | updatedAt | 2023-06-01T00:00:00.000Z |
    Then the User "alice" exists with:
      | updatedAt | 2023-06-01T00:00:00.000Z |

  Scenario: A nullable field can be set to null
    When I update the User "alice" with:
      | score | <null> |
    Then the User "alice" exists with:
      | score | <null> |

  Scenario: A json field can be replaced
    When I update the User "alice" with:
      | tags | ["a", "b"] |
    Then the User "alice" exists with:
      | tags | ["a", "b"] |

  Scenario: Updating a record that does not exist is a NotFoundError
    When I try to update the User "ghost" with:
      | age | 1 |
    Then it fails with a NotFoundError
    And the error mentions "User \"ghost\" was not found"
    And the User "ghost" does not exist

  Scenario: Changing the primary key is a ValidationError of rule immutable
    When I try to update the User "alice" with:
      | id | alicia |
    Then it fails with a ValidationError
    And the violations are:
      | field | rule      |
      | id    | immutable |
    And the error mentions "cannot change"
    And the User "alice" exists
    And the User "alicia" does not exist

  Scenario: Passing the record's own primary key value is allowed
    When I update the User "alice" with:
      | id  | alice |
      | age | 32    |
    Then the User "alice" exists with:
      | age | 32 |

  Scenario: Taking another record's unique value is a DuplicateKeyError
    When I try to update the User "bob" with:
      | email | alice@example.com |
    Then it fails with a DuplicateKeyError
    And the clashing field is "email"
    And the User "bob" exists with:
      | email | bob@example.com |

  Scenario: Setting a record's unique field to its own value is not a clash
    When I update the User "alice" with:
      | email | alice@example.com |
      | name  | Alice A.          |
    Then the User "alice" exists with:
      | name | Alice A. |

  Scenario: A freed unique value can be taken by another record
    When I update the User "alice" with:
      | email | alice@example.org |
    And I update the User "bob" with:
      | email | alice@example.com |
    Then the User "bob" exists with:
      | email | alice@example.com |

  Scenario: Changed values are validated like on create
    When I try to update the User "alice" with:
      | name | <empty> |
      | age  | 200     |
    Then it fails with a ValidationError
    And the violations are:
      | field | rule      |
      | name  | minLength |
      | age   | le        |

  Scenario: Null in a field that is not nullable is rejected on update
    When I try to update the User "alice" with:
      | name | <null> |
    Then it fails with a ValidationError
    And the violations are:
      | field | rule     |
      | name  | nullable |

  Scenario: An unknown field is rejected on update
    When I try to update the User "alice" with:
      | nickname | Al |
    Then it fails with a ValidationError
    And the violations are:
      | field    | rule    |
      | nickname | unknown |

  Scenario: A bad update lists violations in field order, then unknown fields
    When I try to update the User "alice" with:
      | nickname | Al      |
      | age      | -1      |
      | name     | <empty> |
    Then it fails with a ValidationError
    And the violations are:
      | field    | rule      |
      | name     | minLength |
      | age      | ge        |
      | nickname | unknown   |

  Scenario: A failed update changes nothing, not even updatedAt
    When I try to update the User "alice" with:
      | name | Alicia |
      | age  | -1     |
    Then it fails with a ValidationError
    And the User "alice" exists with:
      | name      | Alice                    |
      | age       | 30                       |
      | updatedAt | 2024-01-01T10:00:00.000Z |

  Scenario: A record with an integer key is updated by that integer
    Given the following Products exist:
      | sku | code    | title | price | category |
      | 42  | ABC-123 | Dune  | 9.99  | book     |
    When I update the Product "42" with:
      | price    | 12.5 |
      | discount | 0.2  |
    Then the Product "42" exists with:
      | price    | 12.5 |
      | discount | 0.2  |

  Scenario: Nullable unique values may be set to null on many records
    Given the following Products exist:
      | sku | code    | title | price | category | barcode |
      | 1   | ABC-123 | Dune  | 9.99  | book     | 111     |
      | 2   | DEF-456 | Emma  | 5     | book     | 222     |
    When I update the Product "1" with:
      | barcode | <null> |
    And I update the Product "2" with:
      | barcode | <null> |
    Then there are 2 Products where:
      | barcode__isnull | true |

  Rule: Composite keys

    Background:
      Given the following TodoItems exist:
        | userId | todoId | title     |
        | alice  | t1     | Buy milk  |
        | alice  | t2     | Buy bread |
        | bob    | t1     | Buy bread |

    Scenario: A to-do item is updated by its composite key
      When I update the TodoItem "userId=alice, todoId=t2" with:
        | completed | true |
        | priority  | 5    |
      Then the TodoItem "userId=alice, todoId=t2" exists with:
        | title     | Buy bread |
        | completed | true      |
        | priority  | 5         |
      And the TodoItem "userId=bob, todoId=t1" exists with:
        | completed | false |

    Scenario: Changing part of a composite key is a ValidationError of rule immutable
      When I try to update the TodoItem "userId=alice, todoId=t1" with:
        | todoId | t9 |
      Then it fails with a ValidationError
      And the violations are:
        | field  | rule      |
        | todoId | immutable |

    Scenario: A title already used by the same user breaks the composite unique constraint
      When I try to update the TodoItem "userId=alice, todoId=t1" with:
        | title | Buy bread |
      Then it fails with a DuplicateKeyError
      And the clashing fields are "userId, title"
      And the TodoItem "userId=alice, todoId=t1" exists with:
        | title | Buy milk |

    Scenario: A title used by another user is not a clash
      When I update the TodoItem "userId=bob, todoId=t1" with:
        | title | Buy milk |
      Then the TodoItem "userId=bob, todoId=t1" exists with:
        | title | Buy milk |

    Scenario: Updating a missing to-do item is a NotFoundError
      When I try to update the TodoItem "userId=carol, todoId=t1" with:
        | title | Anything |
      Then it fails with a NotFoundError

Feature: What is stored
  These scenarios look at the stored data directly, not through the ORM's read path, to show
  that what the ORM writes is what a user of the database would expect: every field, values
  in their own types, datetimes in UTC, one record per key.

  Background:
    Given the time is "2024-01-01T10:00:00.000Z"

  Scenario: A created record is stored with every field, defaults included
    When I create a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
    Then the database has 1 User record
    And the database has a User record with:
      | id        | alice                    |
      | email     | alice@example.com        |
      | name      | Alice                    |
      | age       | 0                        |
      | score     | <null>                   |
      | active    | true                     |
      | tags      | <null>                   |
      | createdAt | 2024-01-01T10:00:00.000Z |
      | updatedAt | <now>                    |

  Scenario: A json value is stored with its structure
    When I create a User with:
      | id    | alice                                          |
      | email | alice@example.com                              |
      | name  | Alice                                          |
      | tags  | {"roles": ["admin", "dev"], "level": 3, "x": null} |
    Then the database has a User record with:
      | id   | alice                                              |
      | tags | {"roles": ["admin", "dev"], "level": 3, "x": null} |

  Scenario: A json string is stored as a string
    When I create a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
      | tags  | "just text"       |
    Then the database has a User record with:
      | id   | alice       |
      | tags | "just text" |

  Scenario: Minus zero is stored as zero
    When I create a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
      | score | -0                |
    Then the database has a User record with:
      | id    | alice |
      | score | 0     |
    And there is 1 User where:
      | score | 0 |

  Scenario: A failed create stores nothing
    When I try to create a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | <empty>           |
    Then it fails with a ValidationError
    And the database has 0 User records

  Scenario: An update is written to storage
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
    When the time advances by 5 seconds
    And I update the User "alice" with:
      | name | Alicia |
    Then the database has a User record with:
      | id        | alice                    |
      | name      | Alicia                   |
      | updatedAt | 2024-01-01T10:00:05.000Z |
    And the database has no User record with:
      | name | Alice |

  Scenario: A deleted record is removed from storage
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
      | bob   | bob@example.com   | Bob   |
    When I delete the User "alice"
    Then the database has 1 User record
    And the database has no User record with:
      | id | alice |

  Scenario: An upsert of an existing key replaces the stored record instead of adding one
    Given the following Users exist:
      | id    | email             | name  | age |
      | alice | alice@example.com | Alice | 30  |
    When I upsert a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
    Then the database has 1 User record
    And the database has a User record with:
      | id  | alice |
      | age | 0     |

  Scenario: A composite-key record is stored with both key fields
    When I create a TodoItem with:
      | userId | alice    |
      | todoId | t1       |
      | title  | Buy milk |
    Then the database has a TodoItem record with:
      | userId      | alice    |
      | todoId      | t1       |
      | title       | Buy milk |
      | priority    | 3        |
      | completed   | false    |
      | description | <null>   |

  Scenario: Integers, floats and datetimes are stored exactly
    When I create a Product with:
      | sku        | 9007199254740991         |
      | code       | ABC-123                  |
      | title      | Dune                     |
      | price      | 0.1                      |
      | category   | book                     |
      | discount   | 0.3                      |
      | releasedAt | 1965-08-01T13:14:15.678Z |
    Then the database has a Product record with:
      | sku        | 9007199254740991         |
      | price      | 0.1                      |
      | discount   | 0.3                      |
      | releasedAt | 1965-08-01T13:14:15.678Z |

  Scenario: Records with reserved-word field names are stored under those names
    When I create a Keyword with:
      | select | s1                       |
      | from   | here                     |
      | order  | 1                        |
      | group  | g                        |
      | status | ok                       |
      | count  | 2                        |
      | date   | 2024-02-29T00:00:00.000Z |
    Then the database has a Keyword record with:
      | select | s1                       |
      | from   | here                     |
      | order  | 1                        |
      | group  | g                        |
      | status | ok                       |
      | count  | 2                        |
      | date   | 2024-02-29T00:00:00.000Z |

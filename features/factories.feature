Feature: Test data from factories
  A factory makes a model's records with sensible defaults, so a scenario names only the data it
  is about: "Given 3 admin Users exist". Each model's factory is in features/support/factories.ts.
  Sequences start at 1 in every scenario, and fake values (names, titles, prices) come from a
  faker seeded per scenario, so every run makes the same data. Records made by a factory are
  stored through the ORM like any other, so every read step and stored-data step sees them.

  Background:
    Given the time is "2024-05-01T12:00:00.000Z"

  Scenario: A factory fills the required fields and leaves the rest to the model's defaults
    Given a User exists
    Then the User "user-1" exists with:
      | email     | user1@example.com |
      | name      | <any>             |
      | age       | 0                 |
      | score     | <null>            |
      | active    | true              |
      | tags      | <null>            |
      | createdAt | <now>             |

  Scenario: Sequences count the records a factory makes
    Given 3 Users exist
    When I query all Users
    Then the results are:
      | id     | email             |
      | user-1 | user1@example.com |
      | user-2 | user2@example.com |
      | user-3 | user3@example.com |

  Scenario: Sequences start at 1 in every scenario
    Given 2 Products exist
    Then the Product "1" exists with:
      | code | PRD-001 |
    And the Product "2" exists with:
      | code | PRD-002 |

  Scenario: Sequences start at 1 again in the next scenario
    Given a Product exists
    Then there is 1 Product
    And the Product "1" exists with:
      | code | PRD-001 |

  Scenario: A state changes some fields
    Given 2 inactive Users exist
    Then there are 2 Users where:
      | active | false |
    And the User "user-2" exists with:
      | email | user2@example.com |

  Scenario: A state may compute its fields
    Given 3 senior Users exist
    Then there are 3 Users where:
      | age__gte | 65  |
      | age__lte | 100 |

  Scenario: States combine, and every state of a factory shares its sequence
    Given 2 Users exist
    And 1 admin and inactive User exist
    Then the User "user-3" exists with:
      | tags   | ["admin"] |
      | active | false     |
    And there are 2 Users where:
      | active | true |

  Scenario: A table overrides the factory's defaults
    Given a User exists with:
      | name | Zoe |
      | age  | 30  |
    Then the User "user-1" exists with:
      | email | user1@example.com |
      | name  | Zoe               |
      | age   | 30                |

  Scenario: A table may give the key itself
    Given a User exists with:
      | id | zoe |
    Then the User "zoe" exists with:
      | email | user1@example.com |
    And the User "user-1" does not exist

  Scenario: A hook runs after each record is created
    Given 2 busy Users exist
    Then there are 4 TodoItems
    And there are 2 TodoItems where:
      | userId | user-2 |
    And the TodoItem "userId=user-1, todoId=todo-1" exists

  Scenario: Factory-made records are seen by queries, pages and counts
    Given 3 discounted Products exist
    When I query Products with:
      | discount | 0.25 |
      | order by | -sku |
    Then the results are:
      | sku | code    |
      | 3   | PRD-003 |
      | 2   | PRD-002 |
      | 1   | PRD-001 |
    When I page through Products 2 at a time
    Then I see 2 pages
    And a Product exists where:
      | code | PRD-002 |

  Scenario: Factory-made records are what is stored
    Given 2 film Products exist
    Then the database has 2 Product records
    And the database has a Product record with:
      | sku      | 2       |
      | code     | PRD-002 |
      | category | film    |
      | discount | <null>  |

  Scenario: A factory works for a composite key
    Given 2 urgent TodoItems exist
    Then the TodoItem "userId=user-1, todoId=todo-2" exists with:
      | priority  | 5     |
      | completed | false |

  Scenario: A factory works for fields named after reserved words
    Given 2 Keywords exist
    Then the Keyword "keyword-2" exists with:
      | from  | <null> |
      | order | <null> |

  Scenario: A factory makes the parent of a reference, one per record
    Given 2 Books exist
    Then there are 2 Authors
    And the Book "book-2" exists with:
      | authorId | author-2 |
      | editorId | <null>   |
    And the Author "author-2" exists

  Scenario: A factory makes parents of parents
    Given a Chapter exists
    Then the Chapter "1" exists with:
      | bookId | book-1 |
    And the Book "book-1" exists with:
      | authorId | author-1 |

  Scenario: A factory uses the parent it is given
    Given the following Authors exist:
      | id     | name        |
      | austen | Jane Austen |
    And a Book exists with:
      | authorId | austen |
    Then there is 1 Author
    And the Book "book-1" exists with:
      | authorId | austen |

Feature: Timestamps set from the clock
  A User has createdAt (autoNowAdd: set once, when the record is created) and updatedAt
  (autoNow: set on create, update and upsert). Both come from the ORM's clock, which the
  scenarios freeze and advance. Datetimes keep millisecond precision and are stored and
  returned in UTC.

  Background:
    Given the time is "2024-01-01T10:00:00.000Z"

  Scenario: Creating a record sets both timestamps to now
    When I create a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
    Then the User "alice" exists with:
      | createdAt | 2024-01-01T10:00:00.000Z |
      | updatedAt | 2024-01-01T10:00:00.000Z |

  Scenario: Updating a record moves updatedAt but not createdAt
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
    When the time advances by 5 seconds
    And I update the User "alice" with:
      | age | 30 |
    Then the User "alice" exists with:
      | createdAt | 2024-01-01T10:00:00.000Z |
      | updatedAt | 2024-01-01T10:00:05.000Z |

  Scenario: Every update sets updatedAt to the time of that update
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
    When the time advances by 1 second
    And I update the User "alice" with:
      | age | 30 |
    And the time advances by 1 second
    And I update the User "alice" with:
      | age | 31 |
    Then the User "alice" exists with:
      | createdAt | 2024-01-01T10:00:00.000Z |
      | updatedAt | 2024-01-01T10:00:02.000Z |

  Scenario: The time stands still until it is advanced
    When I create a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
    And I create a User with:
      | id    | bob             |
      | email | bob@example.com |
      | name  | Bob             |
    Then there are 2 Users where:
      | createdAt | 2024-01-01T10:00:00.000Z |

  Scenario: Records created at different times can be found by their creation time
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
    And the time advances by 5 seconds
    And the following Users exist:
      | id  | email           | name |
      | bob | bob@example.com | Bob  |
    When I query Users with:
      | createdAt__gt | 2024-01-01T10:00:00.000Z |
    Then the results are:
      | id  | createdAt                |
      | bob | 2024-01-01T10:00:05.000Z |

  Scenario: Explicit timestamps given on create win over the clock
    When I create a User with:
      | id        | alice                    |
      | email     | alice@example.com        |
      | name      | Alice                    |
      | createdAt | 2020-02-29T12:00:00.000Z |
      | updatedAt | 2021-03-01T08:30:00.000Z |
    Then the User "alice" exists with:
      | createdAt | 2020-02-29T12:00:00.000Z |
      | updatedAt | 2021-03-01T08:30:00.000Z |

  Scenario: An upsert that replaces a record keeps createdAt and moves updatedAt
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
    When the time advances by 1 second
    And I upsert a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
    Then the User "alice" exists with:
      | createdAt | 2024-01-01T10:00:00.000Z |
      | updatedAt | 2024-01-01T10:00:01.000Z |

  Scenario: A failed update does not move updatedAt
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
    When the time advances by 5 seconds
    And I try to update the User "alice" with:
      | age | -1 |
    Then it fails with a ValidationError
    And the User "alice" exists with:
      | updatedAt | 2024-01-01T10:00:00.000Z |

  Scenario: A datetime given with a time zone offset is stored in UTC
    When I create a Product with:
      | sku        | 1                             |
      | code       | ABC-123                       |
      | title      | Dune                          |
      | price      | 9.99                          |
      | category   | book                          |
      | releasedAt | 2024-05-01T12:34:56.789+02:00 |
    Then the Product "1" exists with:
      | releasedAt | 2024-05-01T10:34:56.789Z |
    And the database has a Product record with:
      | sku        | 1                        |
      | releasedAt | 2024-05-01T10:34:56.789Z |

  Scenario: A datetime without a zone is read as UTC
    When I create a Product with:
      | sku        | 1                       |
      | code       | ABC-123                 |
      | title      | Dune                    |
      | price      | 9.99                    |
      | category   | book                    |
      | releasedAt | 2024-05-01T12:34:56.789 |
    Then the Product "1" exists with:
      | releasedAt | 2024-05-01T12:34:56.789Z |

  Scenario: Milliseconds are kept
    Given the time is "2024-01-01T10:00:00.123Z"
    When I create a User with:
      | id    | alice             |
      | email | alice@example.com |
      | name  | Alice             |
    Then the User "alice" exists with:
      | createdAt | 2024-01-01T10:00:00.123Z |
    And a User exists where:
      | createdAt__gt | 2024-01-01T10:00:00.122Z |
    And no User exists where:
      | createdAt__gt | 2024-01-01T10:00:00.123Z |

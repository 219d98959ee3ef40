Feature: Limit and offset
  A query may skip a number of records (offset) and return at most a number of records
  (limit), both counted after filtering and ordering. Both are non-negative integers;
  limit 0 returns nothing.

  Background:
    Given the following Users exist:
      | id    | email             | name  | age |
      | alice | alice@example.com | Alice | 30  |
      | bob   | bob@example.com   | Bob   | 25  |
      | carol | carol@example.com | Carol | 35  |
      | dave  | dave@example.com  | Dave  | 40  |
      | erin  | erin@example.com  | Erin  | 19  |

  Scenario: limit returns the first records in order
    When I query Users with:
      | limit | 3 |
    Then the results are:
      | id    |
      | alice |
      | bob   |
      | carol |

  Scenario: limit 0 returns nothing
    When I query Users with:
      | limit | 0 |
    Then I get 0 Users

  Scenario: A limit larger than the number of records returns them all
    When I query Users with:
      | limit | 100 |
    Then I get 5 Users

  Scenario: offset skips the first records
    When I query Users with:
      | offset | 3 |
    Then the results are:
      | id   |
      | dave |
      | erin |

  Scenario: offset 0 skips nothing
    When I query Users with:
      | offset | 0 |
    Then I get 5 Users

  Scenario: An offset past the last record returns nothing
    When I query Users with:
      | offset | 5 |
    Then I get 0 Users

  Scenario: limit and offset together take a slice
    When I query Users with:
      | offset | 1 |
      | limit  | 2 |
    Then the results are:
      | id    |
      | bob   |
      | carol |

  Scenario: limit and offset apply after ordering
    When I query Users with:
      | order by | -age |
      | offset   | 1    |
      | limit    | 2    |
    Then the results are:
      | id    | age |
      | carol | 35  |
      | alice | 30  |

  Scenario: limit and offset apply after filtering
    When I query Users with:
      | age__gte | 25  |
      | order by | age |
      | offset   | 1   |
      | limit    | 10  |
    Then the results are:
      | id    |
      | alice |
      | carol |
      | dave  |

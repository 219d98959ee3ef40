Feature: Paging through results
  Results can be walked page by page with an opaque cursor. Walking every page returns each
  matching record exactly once, in the query's order; the last page says there is no next
  page. No results make one empty page.

  Background:
    Given the following Users exist:
      | id    | email             | name  | age | score  |
      | alice | alice@example.com | Alice | 30  | 9.5    |
      | bob   | bob@example.com   | Bob   | 25  | <null> |
      | carol | carol@example.com | Carol | 30  | 7.0    |
      | dave  | dave@example.com  | Dave  | 40  | <null> |
      | erin  | erin@example.com  | Erin  | 19  | 3.25   |

  Scenario: Pages come in primary-key order without an order
    When I page through Users 2 at a time
    Then I see 3 pages
    And the pages hold:
      | page | id    |
      | 1    | alice |
      | 1    | bob   |
      | 2    | carol |
      | 2    | dave  |
      | 3    | erin  |

  Scenario: A page size that divides the records exactly makes no empty last page
    Given the following Users exist:
      | id   | email            | name |
      | fred | fred@example.com | Fred |
    When I page through Users 3 at a time
    Then I see 2 pages
    And the pages hold:
      | page | id    |
      | 1    | alice |
      | 1    | bob   |
      | 1    | carol |
      | 2    | dave  |
      | 2    | erin  |
      | 2    | fred  |

  Scenario: A page size larger than the results makes one page
    When I page through Users 10 at a time
    Then I see 1 page
    And the pages hold:
      | id    |
      | alice |
      | bob   |
      | carol |
      | dave  |
      | erin  |

  Scenario: A page of one record at a time
    When I page through Users 1 at a time
    Then I see 5 pages

  Scenario: No results make one empty page
    When I page through Users 2 at a time with:
      | age__gt | 100 |
    Then I see 1 page

  Scenario: Pages follow the query's order, ties broken by primary key
    When I page through Users 2 at a time with:
      | order by | -age |
    Then I see 3 pages
    And the pages hold:
      | page | id    | age |
      | 1    | dave  | 40  |
      | 1    | alice | 30  |
      | 2    | carol | 30  |
      | 2    | bob   | 25  |
      | 3    | erin  | 19  |

  Scenario: Pages hold only the matching records
    When I page through Users 2 at a time with:
      | age__gte | 25 |
    Then I see 2 pages
    And the pages hold:
      | page | id    |
      | 1    | alice |
      | 1    | bob   |
      | 2    | carol |
      | 2    | dave  |

  Scenario: Paging through an order with nulls returns every record once
    When I page through Users 2 at a time with:
      | order by | score |
    Then the pages hold:
      | page | id    | score  |
      | 1    | bob   | <null> |
      | 1    | dave  | <null> |
      | 2    | erin  | 3.25   |
      | 2    | carol | 7.0    |
      | 3    | alice | 9.5    |

  Scenario: Paging descending puts the nulls on the last page
    When I page through Users 2 at a time with:
      | order by | -score |
    Then the pages hold:
      | page | id    |
      | 1    | alice |
      | 1    | carol |
      | 2    | erin  |
      | 2    | bob   |
      | 3    | dave  |

  Scenario: Paging with an exclusion
    When I page through Users 2 at a time with:
      | exclude score__isnull | true |
      | order by              | name |
    Then I see 2 pages
    And the pages hold:
      | page | id    |
      | 1    | alice |
      | 1    | carol |
      | 2    | erin  |

  Scenario: Paging through composite keys
    Given the following TodoItems exist:
      | userId | todoId | title |
      | bob    | t1     | B1    |
      | alice  | t2     | A2    |
      | bob    | t0     | B0    |
      | alice  | t1     | A1    |
      | alice  | t3     | A3    |
    When I page through TodoItems 2 at a time
    Then I see 3 pages
    And the pages hold:
      | page | userId | todoId |
      | 1    | alice  | t1     |
      | 1    | alice  | t2     |
      | 2    | alice  | t3     |
      | 2    | bob    | t0     |
      | 3    | bob    | t1     |

  Scenario: Paging by a datetime with equal values keeps every record
    Given the following Products exist:
      | sku | code    | title | price | category | releasedAt               |
      | 5   | ABC-005 | E     | 1     | book     | 2000-01-01T00:00:00.000Z |
      | 4   | ABC-004 | D     | 1     | book     | 2000-01-01T00:00:00.000Z |
      | 3   | ABC-003 | C     | 1     | book     | 1999-01-01T00:00:00.001Z |
      | 2   | ABC-002 | B     | 1     | book     | 2000-01-01T00:00:00.000Z |
      | 1   | ABC-001 | A     | 1     | book     | <null>                   |
    When I page through Products 2 at a time with:
      | order by | releasedAt |
    Then the pages hold:
      | page | sku |
      | 1    | 1   |
      | 1    | 3   |
      | 2    | 2   |
      | 2    | 4   |
      | 3    | 5   |

  Scenario: Paging takes a page size and cursor, so a query with a limit cannot be paged
    When I try to page through Users 2 at a time with:
      | limit | 3 |
    Then it fails with a QueryError
    And the error mentions "remove them from the query"

  Scenario: Paging a query with an unknown lookup fails like the query would
    When I try to page through Users 2 at a time with:
      | agee | 30 |
    Then it fails with a QueryError
    And the error mentions "User has no field \"agee\""

  Scenario: A null in a descending order term at a page boundary (found by the differential tester)
    Given the following Keywords exist:
      | select | status |
      | a      | <null> |
      | A      | <null> |
    When I page through Keywords 1 at a time with:
      | order by | select, -status |
    Then I see 2 pages
    And the pages hold:
      | page | select |
      | 1    | A      |
      | 2    | a      |

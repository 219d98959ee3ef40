Feature: Finding and paging through tasks
  The planner's boards filter, order and page tasks; every backend returns the same tasks in the
  same order.

  Background:
    Given the following Projects exist:
      | slug    | name    |
      | website | Website |
      | mobile  | Mobile  |
    And the following Tasks exist:
      | id | projectSlug | title           | status | estimate |
      | 1  | website     | Choose colors   | done   | 2        |
      | 2  | website     | Write copy      | doing  | 8        |
      | 3  | website     | Publish         | todo   | <null>   |
      | 4  | mobile      | Sketch screens  | doing  | 5        |
      | 5  | mobile      | Build prototype | todo   | 13       |

  Scenario: Open tasks, biggest first
    When I query Tasks with:
      | status__in | todo, doing |
      | order by   | -estimate   |
    Then the results are:
      | id | title           | estimate |
      | 5  | Build prototype | 13       |
      | 2  | Write copy      | 8        |
      | 4  | Sketch screens  | 5        |
      | 3  | Publish         | <null>   |

  Scenario: A project's tasks by title, without the finished ones
    When I query Tasks with:
      | projectSlug      | website |
      | exclude status   | done    |
      | order by         | title   |
    Then the results are:
      | title      |
      | Publish    |
      | Write copy |

  Scenario: Titles are searched ignoring case
    When I query Tasks with:
      | title__icontains | PUBLISH |
    Then I get 1 Task

  Scenario: The board pages through every task exactly once
    When I page through Tasks 2 at a time with:
      | order by | projectSlug, title |
    Then I see 3 pages
    And the pages hold:
      | page | id |
      | 1    | 5  |
      | 1    | 4  |
      | 2    | 1  |
      | 2    | 3  |
      | 3    | 2  |

  Scenario: A project made by the custom step is paged like any other
    Given the project "backlog" has 7 tasks
    When I page through Tasks 3 at a time with:
      | projectSlug | backlog |
    Then I see 3 pages
    And there are 7 Tasks where:
      | projectSlug | backlog |
    And there are 12 Tasks

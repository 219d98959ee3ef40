Feature: Creating projects and tasks
  A project has a slug as its key and a unique name; a task belongs to a project, starts as
  "todo", and its title is unique within its project. Every backend refuses the same mistakes.

  Background:
    Given the time is "2025-03-01T09:00:00.000Z"

  Scenario: A new project is stored with its defaults
    When I create a Project with:
      | slug | website-relaunch |
      | name | Website relaunch |
    Then the Project "website-relaunch" exists with:
      | archived  | false                    |
      | createdAt | 2025-03-01T09:00:00.000Z |

  Scenario: A new task starts as todo
    Given a Project exists with:
      | slug | website-relaunch |
    When I create a Task with:
      | id          | 1                 |
      | projectSlug | website-relaunch  |
      | title       | Choose the colors |
    Then the Task "1" exists with:
      | status    | todo   |
      | estimate  | <null> |
      | updatedAt | <now>  |

  Scenario: A project name is taken only once
    Given the following Projects exist:
      | slug    | name    |
      | website | Website |
    When I try to create a Project with:
      | slug | website-2 |
      | name | Website   |
    Then it fails with a DuplicateKeyError
    And the clashing field is "name"

  Scenario: Every broken rule of a task is listed
    Given the project "website" has 0 tasks
    When I try to create a Task with:
      | id          | 2        |
      | projectSlug | website  |
      | title       | <empty>  |
      | status      | finished |
      | estimate    | 80       |
    Then it fails with a ValidationError
    And the violations are:
      | field    | rule      |
      | title    | minLength |
      | status   | choices   |
      | estimate | le        |

  Scenario: Two tasks of one project cannot share a title, tasks of two projects can
    Given the following Projects exist:
      | slug    | name    |
      | website | Website |
      | mobile  | Mobile  |
    And the following Tasks exist:
      | id | projectSlug | title   |
      | 1  | website     | Publish |
    When I try to create a Task with:
      | id          | 2       |
      | projectSlug | website |
      | title       | Publish |
    Then it fails with a DuplicateKeyError
    And the clashing fields are "projectSlug, title"
    When I create a Task with:
      | id          | 3       |
      | projectSlug | mobile  |
      | title       | Publish |
    Then there are 2 Tasks where:
      | title | Publish |

Feature: Tasks belong to their project
  A task refers to its project. A task for a project that does not exist is refused, and
  deleting a project deletes its tasks (onDelete cascade), on every backend.

  Background:
    Given the project "website" has 3 tasks
    And the project "mobile" has 2 tasks

  Scenario: A task for a missing project is refused
    When I try to create a Task with:
      | id          | 99           |
      | projectSlug | no-such-project |
      | title       | Lost         |
    Then it fails with a ReferenceIntegrityError
    And the refused reference is "Task.projectSlug to Project"
    And the refusal reason is "missing-parent"
    And the database has 5 Task records

  Scenario: Deleting a project deletes its tasks and no other
    When I delete the Project "website"
    Then there are 0 Tasks where:
      | projectSlug | website |
    And there are 2 Tasks where:
      | projectSlug | mobile |
    And the database has 2 Task records

  Scenario: A task moves to another project that exists
    When I update the Task "1001" with:
      | projectSlug | mobile |
    Then there are 3 Tasks where:
      | projectSlug | mobile |

  Scenario: A task cannot move to a project that does not exist
    When I try to update the Task "1001" with:
      | projectSlug | desktop |
    Then it fails with a ReferenceIntegrityError
    And the Task "1001" exists with:
      | projectSlug | website |

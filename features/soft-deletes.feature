Feature: Soft deletes
  A model defined with softDelete: true gains a nullable datetime field deletedAt. Deleting one
  of its records only sets deletedAt to the current time: get, queries, count, exists and pages
  leave the record out unless asked, and the stored data still holds it. Restore brings it
  back; force-delete removes it for good. A soft-deleted record keeps its unique values, and
  keeps referring to its parent; soft-deleting a parent leaves its children alone, while
  force-deleting it applies their onDelete rule.

  Background:
    Given the time is "2024-01-01T10:00:00.000Z"
    And the following Authors exist:
      | id     | name   |
      | austen | Austen |
    And the following Articles exist:
      | slug  | title | code | authorId |
      | alpha | Alpha | A-1  | austen   |
      | beta  | Beta  | B-1  | <null>   |
      | gamma | Gamma | G-1  | <null>   |

  Scenario: Deleting a soft-deletable record marks it with the current time
    When the time advances by 30 seconds
    And I delete the Article "alpha"
    Then the Article "alpha" is soft-deleted
    And the Article "alpha" does not exist
    And the Article "beta" is not soft-deleted
    And the database has an Article record with:
      | slug      | alpha                    |
      | deletedAt | 2024-01-01T10:00:30.000Z |
      | updatedAt | 2024-01-01T10:00:00.000Z |
    And the database has 3 Article records

  Scenario: New records are not soft-deleted
    Then the Article "alpha" exists with:
      | deletedAt | <null> |
    And the Article "alpha" is not soft-deleted

  Scenario: Queries, counts and exists leave soft-deleted records out
    When I delete the Article "alpha"
    And I query all Articles
    Then the results are:
      | slug  |
      | beta  |
      | gamma |
    And there are 2 Articles
    And there is 1 Article where:
      | code__startswith | B |
    And no Article exists where:
      | slug | alpha |

  Scenario: Pages leave soft-deleted records out
    When I delete the Article "beta"
    And I page through Articles 1 at a time
    Then I see 2 pages
    And the pages hold:
      | page | slug  |
      | 1    | alpha |
      | 2    | gamma |

  Scenario: Reads can include soft-deleted records, or ask for only them
    When I delete the Article "alpha"
    And I query all Articles including soft-deleted
    Then I get 3 Articles
    When I query only soft-deleted Articles
    Then the results are:
      | slug  | deletedAt                |
      | alpha | 2024-01-01T10:00:00.000Z |

  Scenario: Query tables say which records to see with a soft-deleted row
    When I delete the Article "alpha"
    And I delete the Article "gamma"
    And I query Articles with:
      | soft-deleted | included |
      | order by     | -slug    |
    Then the results are:
      | slug  |
      | gamma |
      | beta  |
      | alpha |
    And there are 2 Articles where:
      | soft-deleted | only |
    And an Article exists where:
      | slug         | alpha    |
      | soft-deleted | included |
    And no Article exists where:
      | slug         | beta |
      | soft-deleted | only |

  Scenario: Paging can include soft-deleted records
    When I delete the Article "alpha"
    And I page through Articles 2 at a time with:
      | soft-deleted | included |
    Then I see 2 pages

  Scenario: A soft-deleted record is restored
    When I delete the Article "alpha"
    And I restore the Article "alpha"
    Then the Article "alpha" is not soft-deleted
    And the Article "alpha" exists with:
      | deletedAt | <null> |
    And there are 3 Articles

  Scenario: Restoring a record that is not deleted leaves it as it is
    When I restore the Article "beta"
    Then the Article "beta" is not soft-deleted
    And there are 3 Articles

  Scenario: Restoring a record that does not exist is a NotFoundError
    When I try to restore the Article "ghost"
    Then it fails with a NotFoundError

  Scenario: Deleting or updating a soft-deleted record is a NotFoundError
    When I delete the Article "alpha"
    And I try to delete the Article "alpha"
    Then it fails with a NotFoundError
    When I try to update the Article "alpha" with:
      | title | Changed |
    Then it fails with a NotFoundError
    And the database has an Article record with:
      | slug  | alpha |
      | title | Alpha |

  Scenario: Force-deleting removes a record for good
    When I force-delete the Article "beta"
    Then the database has no Article record with:
      | slug | beta |
    And the database has 2 Article records

  Scenario: A soft-deleted record can be force-deleted
    When I delete the Article "beta"
    And I force-delete the Article "beta"
    Then the database has 2 Article records
    When I try to restore the Article "beta"
    Then it fails with a NotFoundError

  Scenario: Force-deleting a record that does not exist is a NotFoundError
    When I try to force-delete the Article "ghost"
    Then it fails with a NotFoundError

  Scenario: A soft-deleted record keeps its unique values
    When I delete the Article "beta"
    And I try to create an Article with:
      | slug  | delta |
      | title | Delta |
      | code  | B-1   |
    Then it fails with a DuplicateKeyError
    And the clashing field is "code"
    When I force-delete the Article "beta"
    And I create an Article with:
      | slug  | delta |
      | title | Delta |
      | code  | B-1   |
    Then there are 3 Articles

  Scenario: Upserting a soft-deleted record replaces it, live again
    When I delete the Article "beta"
    And I upsert an Article with:
      | slug  | beta     |
      | title | Beta Two |
      | code  | B-1      |
    Then the Article "beta" is not soft-deleted
    And the Article "beta" exists with:
      | title | Beta Two |

  Scenario: A soft-deleted child still refers to its parent, so restrict still refuses
    When I delete the Article "alpha"
    And I try to delete the Author "austen"
    Then it fails with a ReferenceIntegrityError
    And the refused reference is "Article.authorId to Author"
    When I force-delete the Article "alpha"
    And I delete the Author "austen"
    Then the Author "austen" does not exist

  Scenario: Soft-deleting a parent leaves its children; force-deleting it cascades
    Given the following Comments exist:
      | id | articleSlug | body  |
      | 1  | alpha       | Nice  |
      | 2  | alpha       | Great |
      | 3  | beta        | Hm    |
    When I delete the Article "alpha"
    Then there are 3 Comments
    When I force-delete the Article "alpha"
    Then the database has 1 Comment record
    And the Comment "3" exists

  Scenario: A reference to a soft-deleted parent is still a reference to a stored record
    When I delete the Article "alpha"
    And I create a Comment with:
      | id          | 1     |
      | articleSlug | alpha |
      | body        | Late  |
    Then there is 1 Comment

  Scenario: Models without soft deletes keep deleting for good
    When I create an Author with:
      | id   | woolf |
      | name | Woolf |
    And I delete the Author "woolf"
    Then the database has no Author record with:
      | id | woolf |

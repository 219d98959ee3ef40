Feature: Deletes that reach many records
  A delete's cascade and setNull reach every child however many there are: 150 children are
  more than one DynamoDB transaction holds (100 items), and the result is the same on every
  backend. restrict is checked before anything is written, so a refused delete changes nothing.

  Background:
    Given the following Authors exist:
      | id     | name   |
      | austen | Austen |
      | eliot  | Eliot  |

  Scenario: Deleting a parent deletes its 150 children (cascade)
    Given 150 byAusten Books exist
    When I delete the Author "austen"
    Then there are 0 Books
    And there is 1 Author

  Scenario: Deleting a parent clears the field of its 150 children (setNull)
    Given 150 editedByEliot Books exist
    When I delete the Author "eliot"
    Then there are 150 Books where:
      | editorId__isnull | true |
    And no Author exists where:
      | id | eliot |

  Scenario: One delete cascades to 120 children and clears the field of 120 others
    Given 120 byAusten Books exist
    And 120 editedByEliot Books exist
    When I delete the Author "eliot"
    Then there are 240 Books
    And there are 0 Books where:
      | editorId__isnull | false |
    When I delete the Author "austen"
    Then there are 120 Books
    And there are 0 Books where:
      | authorId | austen |

  Scenario: Grandchildren are deleted too, however many
    Given 110 byAusten Books exist
    And the following Chapters exist:
      | id | bookId  | title |
      | 1  | book-1  | One   |
      | 2  | book-60 | Two   |
      | 3  | book-110 | Three |
    When I delete the Author "austen"
    Then there are 0 Books
    And there are 0 Chapters

  Scenario: A restrict among 150 cascaded children refuses the whole delete
    Given 150 byAusten Books exist
    And the following Loans exist:
      | id | bookId   | borrower |
      | l1 | book-150 | Ann      |
    When I try to delete the Author "austen"
    Then it fails with a ReferenceIntegrityError
    And the refused reference is "Loan.bookId to Book"
    And there are 150 Books
    And the Author "austen" exists

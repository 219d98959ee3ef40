Feature: References between models
  A reference field holds the primary key of a record of another model, its parent. Every
  backend refuses a reference to a parent that does not exist, with a ReferenceIntegrityError,
  and applies the reference's onDelete rule when a parent is deleted: restrict refuses the
  delete, cascade deletes the children (and their children), setNull clears the children's
  field. A delete is all or nothing.

  Background:
    Given the time is "2024-01-01T10:00:00.000Z"
    And the following Authors exist:
      | id     | name   |
      | austen | Austen |
      | bronte | Bronte |
      | eliot  | Eliot  |
    And the following Books exist:
      | id         | title              | authorId | editorId |
      | emma       | Emma               | austen   | eliot    |
      | persuasion | Persuasion         | austen   | <null>   |
      | jane-eyre  | Jane Eyre          | bronte   | eliot    |

  Scenario: A reference to an existing parent is stored
    When I create a Book with:
      | id       | sense             |
      | title    | Sense and Sensibility |
      | authorId | austen            |
    Then the Book "sense" exists with:
      | authorId | austen |
      | editorId | <null> |

  Scenario: Creating a record that refers to a missing parent is a ReferenceIntegrityError
    When I try to create a Book with:
      | id       | middlemarch |
      | title    | Middlemarch |
      | authorId | ghost       |
    Then it fails with a ReferenceIntegrityError
    And the refused reference is "Book.authorId to Author"
    And the error mentions "ghost"
    And the database has no Book record with:
      | id | middlemarch |

  Scenario: Every reference of a record is checked, the nullable one too
    When I try to create a Book with:
      | id       | middlemarch |
      | title    | Middlemarch |
      | authorId | eliot       |
      | editorId | nobody      |
    Then it fails with a ReferenceIntegrityError
    And the refused reference is "Book.editorId to Author"

  Scenario: A taken key is reported before a missing parent
    When I try to create a Book with:
      | id       | emma  |
      | title    | Emma  |
      | authorId | ghost |
    Then it fails with a DuplicateKeyError

  Scenario: Updating a reference to a missing parent is refused and changes nothing
    When I try to update the Book "emma" with:
      | authorId | ghost |
    Then it fails with a ReferenceIntegrityError
    And the refused reference is "Book.authorId to Author"
    And the Book "emma" exists with:
      | authorId | austen |

  Scenario: Updating a reference to another existing parent succeeds
    When I update the Book "emma" with:
      | authorId | bronte |
      | editorId | <null> |
    Then the Book "emma" exists with:
      | authorId | bronte |
      | editorId | <null> |

  Scenario: Upserting a record that refers to a missing parent is a ReferenceIntegrityError
    When I try to upsert a Book with:
      | id       | emma  |
      | title    | Emma  |
      | authorId | ghost |
    Then it fails with a ReferenceIntegrityError
    And the Book "emma" exists with:
      | authorId | austen |

  Scenario: Upserting with an existing parent succeeds
    When I upsert a Book with:
      | id       | villette |
      | title    | Villette |
      | authorId | bronte   |
    Then there are 4 Books

  Scenario: cascade deletes the children, and their children, of a deleted parent
    Given the following Chapters exist:
      | id | bookId     | title     |
      | 1  | emma       | Volume I  |
      | 2  | persuasion | Chapter 1 |
      | 3  | jane-eyre  | Chapter 1 |
    When I delete the Author "austen"
    Then the Author "austen" does not exist
    And the Book "emma" does not exist
    And the Book "persuasion" does not exist
    And the database has 1 Book record
    And the database has 1 Chapter record
    And the Chapter "3" exists

  Scenario: setNull clears the reference of the children and leaves their timestamps
    When the time advances by 60 seconds
    And I delete the Author "eliot"
    Then the Book "emma" exists with:
      | editorId  | <null>                   |
      | updatedAt | 2024-01-01T10:00:00.000Z |
    And the Book "jane-eyre" exists with:
      | editorId | <null> |
    And there are 3 Books

  Scenario: A record may refer to the same parent through two references
    When I create a Book with:
      | id       | middlemarch |
      | title    | Middlemarch |
      | authorId | eliot       |
      | editorId | eliot       |
    And I delete the Author "eliot"
    Then the Book "middlemarch" does not exist
    And the Book "emma" exists with:
      | editorId | <null> |

  Scenario: restrict refuses to delete a parent that still has children
    Given the following Loans exist:
      | id | bookId | borrower |
      | l1 | emma   | Ann      |
    When I try to delete the Book "emma"
    Then it fails with a ReferenceIntegrityError
    And the refused reference is "Loan.bookId to Book"
    And the error mentions "emma"
    And the Book "emma" exists

  Scenario: A restricted parent can be deleted once its children are gone
    Given the following Loans exist:
      | id | bookId | borrower |
      | l1 | emma   | Ann      |
    When I delete the Loan "l1"
    And I delete the Book "emma"
    Then the Book "emma" does not exist

  Scenario: restrict anywhere in a cascade refuses the whole delete
    Given the following Chapters exist:
      | id | bookId | title    |
      | 1  | emma   | Volume I |
    And the following Loans exist:
      | id | bookId     | borrower |
      | l1 | persuasion | Ann      |
    When I try to delete the Author "austen"
    Then it fails with a ReferenceIntegrityError
    And the refused reference is "Loan.bookId to Book"
    And the Author "austen" exists
    And the Book "emma" exists
    And the Book "persuasion" exists
    And the Chapter "1" exists

  Scenario: Deleting a parent that nothing refers to succeeds
    When I create an Author with:
      | id   | woolf |
      | name | Woolf |
    And I delete the Author "woolf"
    Then the Author "woolf" does not exist
    And there are 3 Books

  Scenario: A child can be deleted without touching its parent
    When I delete the Book "emma"
    Then the Author "austen" exists
    And there are 2 Books

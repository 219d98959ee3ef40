Feature: More of the step vocabulary
  Phrases for what the basic ones cannot say: one page at a time with records changing between
  pages, a record's exact set of fields, a refusal's reason, a violation's value, a Given that is
  expected to fail, and an update with no changes. Also the bounds of the values a cell can name.

  Rule: Pages can be taken one at a time, and the cursor is kept between them

    Background:
      Given the following Users exist:
        | id    | email             | name  |
        | alice | alice@example.com | Alice |
        | bob   | bob@example.com   | Bob   |
        | carol | carol@example.com | Carol |
        | dave  | dave@example.com  | Dave  |

    Scenario: Records added between pages are seen only after the cursor
      When I take the first page of 2 Users
      Then the page holds:
        | id    |
        | alice |
        | bob   |
      And there is a next page
      When I create a User with:
        | id    | anna              |
        | email | anna@example.com  |
        | name  | Anna              |
      And I create a User with:
        | id    | erin              |
        | email | erin@example.com  |
        | name  | Erin              |
      And I take the next page
      Then the page holds:
        | id    |
        | carol |
        | dave  |
      When I take the next page
      Then the page holds:
        | id   |
        | erin |
      And there is no next page

    Scenario: Records removed between pages, the cursor's own record too, shift nothing
      When I take the first page of 2 Users
      And I delete the User "bob"
      And I delete the User "carol"
      And I take the next page
      Then the page holds:
        | id   |
        | dave |
      And there is no next page

    Scenario: A page of a query keeps the query's filter and order
      When I take the first page of 2 Users with:
        | name__ne | Bob   |
        | order by | -name |
      Then the page holds:
        | id    | name  |
        | dave  | Dave  |
        | carol | Carol |
      When I take the next page
      Then the page holds:
        | id    | name  |
        | alice | Alice |
      And there is no next page

    Scenario: A query that matches nothing is one empty page
      When I take the first page of 3 Users with:
        | name__startswith | Z |
      Then the page holds:
        | id |
      And there is no next page

  Rule: A record can be compared with its exact set of fields

    Scenario: Every field of a stored record, no more and no fewer
      Given the time is "2024-03-01T09:00:00Z"
      When I create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice             |
      Then the User "alice" has exactly:
        | id        | alice             |
        | email     | alice@example.com |
        | name      | Alice             |
        | age       | 0                 |
        | score     | <null>            |
        | active    | true              |
        | tags      | <null>            |
        | createdAt | <now>             |
        | updatedAt | 2024-03-01T09:00Z |

    Scenario: A soft-deletable record has its deletedAt field too
      Given an Article exists with:
        | slug  | intro |
        | title | Intro |
        | code  | A-1   |
      Then the Article "intro" has exactly:
        | slug      | intro  |
        | title     | Intro  |
        | code      | A-1    |
        | authorId  | <null> |
        | updatedAt | <any>  |
        | deletedAt | <null> |

  Rule: A refused reference says why

    Background:
      Given the following Authors exist:
        | id  | name |
        | ann | Ann  |
      And the following Books exist:
        | id | title | authorId |
        | b1 | Dune  | ann      |

    Scenario: A reference to a parent that does not exist is refused with the reason missing-parent
      When I try to create a Book with:
        | id       | b2       |
        | title    | Emma     |
        | authorId | nobody   |
      Then it fails with a ReferenceIntegrityError
      And the refusal reason is "missing-parent"
      And the refused reference is "Book.authorId to Author"

    Scenario: Deleting a parent that a restrict reference still names is refused with the reason restricted
      Given the following Loans exist:
        | id | bookId | borrower |
        | l1 | b1     | Zoe      |
      When I try to delete the Book "b1"
      Then it fails with a ReferenceIntegrityError
      And the refusal reason is "restricted"
      And the refused reference is "Loan.bookId to Book"

  Rule: A violation's value can be checked

    Scenario: The value column holds each offending value, parsed by its field's type
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <empty>           |
        | age   | -1                |
        | score | high              |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule      | value   |
        | name  | minLength | <empty> |
        | age   | ge        | -1      |
        | score | type      | high    |

    Scenario: A datetime out of range is reported with its value
      When I try to create a Product with:
        | sku        | 1                        |
        | code       | ABC-123                  |
        | title      | Dune                     |
        | price      | 9.5                      |
        | category   | book                     |
        | releasedAt | 0000-12-31T23:59:59.999Z |
      Then it fails with a ValidationError
      And the violations are:
        | field      | rule  | value                    |
        | releasedAt | range | 0000-12-31T23:59:59.999Z |

  Rule: A Given can be expected to fail

    Scenario: Seeding a table stops at the first refused row, and the rows before it stay
      Given I try to seed the following Users:
        | id    | email             | name  |
        | alice | alice@example.com | Alice |
        | bob   | alice@example.com | Bob   |
        | carol | carol@example.com | Carol |
      Then it fails with a DuplicateKeyError
      And the clashing field is "email"
      And there is 1 User

    Scenario: Seeding one record through its factory can be refused
      Given I try to seed a Book with:
        | authorId | nobody |
      Then it fails with a ReferenceIntegrityError
      And the refusal reason is "missing-parent"
      And there are 0 Books

    Scenario: Seeding records made by a factory can clash with a key given in a table
      Given the following Users exist:
        | id     | email             | name  |
        | user-2 | taken@example.com | Taken |
      And I try to seed 3 Users
      Then it fails with a DuplicateKeyError
      And the clashing field is "id"
      And there are 2 Users

    Scenario: A seed that works succeeds
      Given I try to seed 2 Users
      Then it succeeds
      And there are 2 Users

  Rule: An update may change nothing

    Background:
      Given the time is "2024-03-01T09:00:00Z"
      And the following Users exist:
        | id    | email             | name  | age |
        | alice | alice@example.com | Alice | 30  |

    Scenario: An update with no changes keeps every field but moves autoNow
      When the time advances by 60 seconds
      And I update the User "alice" with no changes
      Then it succeeds
      And the User "alice" exists with:
        | name      | Alice                    |
        | age       | 30                       |
        | createdAt | 2024-03-01T09:00:00.000Z |
        | updatedAt | <now>                    |

    Scenario: An update with no changes of a missing record is not found
      When I try to update the User "nobody" with no changes
      Then it fails with a NotFoundError

  Rule: Values beyond what every backend stores are reported as written

    Scenario: An integer beyond the safe range is reported with the digits written, not the nearest double
      When I try to create a Keyword with:
        | select | big                  |
        | count  | 12345678901234567890 |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule | value                |
        | count | type | 12345678901234567890 |
      And the error mentions "12345678901234567890"

    Scenario: An integer key beyond the safe range is reported as written
      When I try to update the Product "12345678901234567890" with no changes
      Then it fails with a QueryError
      And the error mentions "12345678901234567890"

    Scenario Outline: A float lookup value outside the range every backend stores is a QueryError (<lookup> <value>)
      When I try to query Users with:
        | <lookup> | <value> |
      Then it fails with a QueryError
      And the error mentions "must be 0 or have a magnitude between 1e-130 and 1e+126"

      Examples:
        | lookup    | value         |
        | score__gt | 1e126         |
        | score__lt | -1e200        |
        | score     | 1e-131        |
        | score__in | [1.5, 1e300]  |

    Scenario: Float lookup values at the edges of the range are compared as usual
      Given the following Users exist:
        | id    | email             | name  | score    |
        | alice | alice@example.com | Alice | 9.99e125 |
        | bob   | bob@example.com   | Bob   | 1e-130   |
      When I query Users with:
        | score__gte | 1e-130   |
        | score__lt  | 9.99e125 |
      Then the results are:
        | id  |
        | bob |

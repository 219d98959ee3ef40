Feature: Keys no backend can store
  A string primary-key field must not be empty and holds at most 1024 bytes in UTF-8, the
  longest key every backend can store (DynamoDB's limit for a sort key): a longer one is refused
  on create (rule key). So no stored record has such a key, and reading, updating or deleting by
  one finds nothing, on every backend, as for any other key that is not there.

  Background:
    Given the following Users exist:
      | id    | email             | name  |
      | alice | alice@example.com | Alice |
    And the following TodoItems exist:
      | userId | todoId | title    |
      | alice  | t1     | Buy milk |
    And the following Authors exist:
      | id     | name   |
      | austen | Austen |

  Rule: A key over 1024 bytes in UTF-8 is refused on create

    Scenario: A key of 1024 bytes is stored
      When I create a User with:
        | id    | <"k" x 1024>    |
        | email | k@example.com   |
        | name  | K               |
      Then there are 2 Users

    Scenario: A key of 1025 bytes is a violation of rule key naming the limit in bytes
      When I try to create a User with:
        | id    | <"k" x 1025>  |
        | email | k@example.com |
        | name  | K             |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule |
        | id    | key  |
      And the error mentions "at most 1024 bytes long in UTF-8"
      And there is 1 User

    Scenario: The limit counts bytes, not characters
      When I try to upsert a User with:
        | id    | <"é" x 513>   |
        | email | e@example.com |
        | name  | E             |
      Then it fails with a ValidationError
      And the error mentions "got 1026"

    Scenario: Each part of a composite key has the limit
      When I try to create a TodoItem with:
        | userId | alice          |
        | todoId | <"t" x 1025>   |
        | title  | Buy eggs       |
      Then it fails with a ValidationError
      And the violations are:
        | field  | rule |
        | todoId | key  |

  Rule: Reading by a key that cannot be stored finds nothing

    Scenario Outline: A <what> User key is not found by get, update or delete
      Then the User '<key>' does not exist
      When I try to update the User '<key>' with:
        | name | Bob |
      Then it fails with a NotFoundError
      When I try to delete the User '<key>'
      Then it fails with a NotFoundError
      And there is 1 User

      Examples:
        | what             | key             |
        | empty            | <empty>         |
        | 2049-byte        | <"x" x 2049>    |
        | 3000-byte        | <"é" x 1500>    |

    Scenario Outline: A composite key with a <what> part is not found by get, update or delete
      Then the TodoItem '<key>' does not exist
      When I try to update the TodoItem '<key>' with:
        | title | Buy bread |
      Then it fails with a NotFoundError
      When I try to delete the TodoItem '<key>'
      Then it fails with a NotFoundError
      And there is 1 TodoItem

      Examples:
        | what            | key                             |
        | empty first     | userId=<empty>, todoId=t1       |
        | empty second    | userId=alice, todoId=<empty>    |
        | 1025-byte       | userId=alice, todoId=<"t" x 1025> |
        | 2049-byte first | userId=<"u" x 2049>, todoId=t1  |

    Scenario Outline: Lookups on a <what> key match nothing
      Then there are 0 Users where:
        | id | <key> |
      And no User exists where:
        | id | <key> |
      When I query Users with:
        | id | <key> |
      Then I get 0 Users
      And there are 0 TodoItems where:
        | userId | <key> |
      And there is 1 User where:
        | exclude id | <key> |

      Examples:
        | what      | key          |
        | empty     | <empty>      |
        | 2049-byte | <"x" x 2049> |

  Rule: A reference to a key that cannot be stored names a missing parent

    Scenario Outline: A Book whose author key is <what> is a ReferenceIntegrityError
      When I try to create a Book with:
        | id       | emma  |
        | title    | Emma  |
        | authorId | <key> |
      Then it fails with a ReferenceIntegrityError
      And the refused reference is "Book.authorId to Author"
      And there are 0 Books

      Examples:
        | what      | key          |
        | empty     | <empty>      |
        | 2049-byte | <"a" x 2049> |

    Scenario: Moving a reference to an empty key is a ReferenceIntegrityError
      Given the following Books exist:
        | id   | title | authorId |
        | emma | Emma  | austen   |
      When I try to update the Book "emma" with:
        | editorId | <empty> |
      Then it fails with a ReferenceIntegrityError
      And the refused reference is "Book.editorId to Author"
      And the Book "emma" exists with:
        | editorId | <null> |

    Scenario: A taken key is reported before a reference to an unstorable key
      Given the following Books exist:
        | id   | title | authorId |
        | emma | Emma  | austen   |
      When I try to create a Book with:
        | id       | emma    |
        | title    | Emma 2  |
        | authorId | <empty> |
      Then it fails with a DuplicateKeyError
      And the clashing field is "id"

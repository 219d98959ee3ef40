Feature: Creating records
  Creating a record fills in defaults and clock-set timestamps, then checks every rule of the
  model. Bad input raises a ValidationError that lists every violation (field and rule), in
  field declaration order, followed by any unknown fields. A taken primary key or unique value
  raises a DuplicateKeyError naming the clashing field or fields.

  Background:
    Given the time is "2024-01-01T10:00:00.000Z"

  Rule: Omitted fields take their defaults

    Scenario: A user created with only the required fields gets every default
      When I create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice             |
      Then the User "alice" exists with:
        | age       | 0      |
        | score     | <null> |
        | active    | true   |
        | tags      | <null> |
        | createdAt | <now>  |
        | updatedAt | <now>  |

    Scenario: Values that are given are stored as given
      When I create a User with:
        | id     | bob                        |
        | email  | bob@example.com            |
        | name   | Bob                        |
        | age    | 42                         |
        | score  | 7.25                       |
        | active | false                      |
        | tags   | ["admin", {"level": 2}]    |
      Then the User "bob" exists with:
        | age    | 42                      |
        | score  | 7.25                    |
        | active | false                   |
        | tags   | ["admin", {"level": 2}] |

    Scenario: A to-do item gets the default priority, is not completed and has no description
      When I create a TodoItem with:
        | userId | alice    |
        | todoId | t1       |
        | title  | Buy milk |
      Then the TodoItem "userId=alice, todoId=t1" exists with:
        | priority    | 3      |
        | completed   | false  |
        | description | <null> |

    Scenario: The nullable fields of a product are null when omitted
      When I create a Product with:
        | sku      | 1               |
        | code     | ABC-123         |
        | title    | Dune            |
        | price    | 9.99            |
        | category | book            |
      Then the Product "1" exists with:
        | discount   | <null> |
        | releasedAt | <null> |
        | barcode    | <null> |

  Rule: Required and unknown fields

    Scenario: A required field that is missing is a violation of rule required
      When I try to create a User with:
        | id   | alice |
        | name | Alice |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule     |
        | email | required |
      And the error mentions "is required"

    Scenario: Every missing required field is listed, in field order
      When I try to create a User with:
        | age | 30 |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule     |
        | id    | required |
        | email | required |
        | name  | required |

    Scenario: A field the model does not declare is a violation of rule unknown
      When I try to create a User with:
        | id       | alice             |
        | email    | alice@example.com |
        | name     | Alice             |
        | nickname | Al                |
      Then it fails with a ValidationError
      And the violations are:
        | field    | rule    |
        | nickname | unknown |
      And the error mentions "is not a field of User"

    Scenario: Violations come in field declaration order, then unknown fields
      When I try to create a User with:
        | nickname | Al                |
        | id       | alice             |
        | email    | alice@example.com |
        | name     | <empty>           |
        | age      | 200               |
      Then it fails with a ValidationError
      And the violations are:
        | field    | rule      |
        | name     | minLength |
        | age      | le        |
        | nickname | unknown   |
      And the error mentions "(3 problems)"

    Scenario: A record that fails validation is not stored
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice             |
        | age   | -5                |
      Then it fails with a ValidationError
      And the User "alice" does not exist
      And the database has 0 User records

  Rule: Every value must have its field's type

    Scenario Outline: A value of the wrong type is a violation of rule type (<field> = <value>)
      When I try to create a User with:
        | id      | alice             |
        | email   | alice@example.com |
        | name    | Alice             |
        | <field> | <value>           |
      Then it fails with a ValidationError
      And the violations are:
        | field   | rule |
        | <field> | type |
      And the error mentions "<message>"

      Examples:
        | field     | value     | message                |
        | age       | abc       | must be an integer     |
        | age       | 1.5       | must be an integer     |
        | score     | high      | must be a finite number |
        | active    | yes       | must be true or false  |
        | createdAt | yesterday | must be a valid Date   |

    Scenario: A value of the wrong type gets only the type violation, not its bounds
      When I try to create a Product with:
        | sku      | minus one |
        | code     | ABC-123   |
        | title    | Dune      |
        | price    | free      |
        | category | book      |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule |
        | sku   | type |
        | price | type |

    Scenario: The largest safe integer is accepted
      When I create a Keyword with:
        | select | big              |
        | count  | 9007199254740991 |
      Then the Keyword "big" exists with:
        | count | 9007199254740991 |

    Scenario: An integer beyond the safe range is a type violation
      When I try to create a Keyword with:
        | select | too-big          |
        | count  | 9007199254740992 |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule |
        | count | type |

    Scenario: A float must be finite
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice             |
        | score | Infinity          |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule |
        | score | type |

  Rule: Null is only allowed in nullable fields

    Scenario: Null in a field that is not nullable is a violation of rule nullable
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <null>            |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule     |
        | name  | nullable |
      And the error mentions "must not be null"

    Scenario: Null given for a field with a default is still a violation
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice             |
        | age   | <null>            |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule     |
        | age   | nullable |

    Scenario: A nullable field accepts null
      When I create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice             |
        | score | <null>            |
        | tags  | <null>            |
      Then the User "alice" exists with:
        | score | <null> |
        | tags  | <null> |

  Rule: String lengths are counted in Unicode code points

    Scenario: A string shorter than minLength is a violation of rule minLength
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <empty>           |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule      |
        | name  | minLength |
      And the error mentions "must be at least 1 character long, got 0"

    Scenario: A string of exactly maxLength characters is accepted
      When I create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <"a" x 100>       |
      Then the User "alice" exists with:
        | name | <"a" x 100> |

    Scenario: A string longer than maxLength is a violation of rule maxLength
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <"a" x 101>       |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule      |
        | name  | maxLength |
      And the error mentions "must be at most 100 characters long, got 101"

    Scenario: An emoji counts as one character
      When I create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <"😀" x 100>      |
      Then the User "alice" exists with:
        | name | <"😀" x 100> |

    Scenario: One hundred and one emoji are too many
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <"😀" x 101>      |
      Then it fails with a ValidationError
      And the error mentions "got 101"

  Rule: Patterns, bounds and choices

    Scenario Outline: A product code must match its anchored pattern (<code>)
      When I try to create a Product with:
        | sku      | 1      |
        | code     | <code> |
        | title    | Dune   |
        | price    | 9.99   |
        | category | book   |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule    |
        | code  | pattern |
      And the error mentions "must match the pattern"

      Examples:
        | code     |
        | abc-123  |
        | ABC123   |
        | ABC-1234 |
        | xABC-123 |

    Scenario: A product code that matches the pattern is accepted
      When I create a Product with:
        | sku      | 1       |
        | code     | XYZ-789 |
        | title    | Dune    |
        | price    | 9.99    |
        | category | book    |
      Then the Product "1" exists

    Scenario Outline: Numbers outside their bounds break the bound's rule (<field> = <value>)
      When I try to create a Product with:
        | sku      | <sku>      |
        | code     | ABC-123    |
        | title    | Dune       |
        | price    | <price>    |
        | category | book       |
        | discount | <discount> |
      Then it fails with a ValidationError
      And the violations are:
        | field   | rule   |
        | <field> | <rule> |
      And the error mentions "<message>"

      Examples:
        | field    | value   | sku | price   | discount | rule | message                            |
        | sku      | 0       | 0   | 9.99    | <null>   | gt   | must be greater than 0             |
        | sku      | -3      | -3  | 9.99    | <null>   | gt   | must be greater than 0             |
        | price    | -0.01   | 7   | -0.01   | <null>   | ge   | must be greater than or equal to 0 |
        | price    | 1000000 | 7   | 1000000 | <null>   | lt   | must be less than 1000000          |
        | discount | 0       | 7   | 9.99    | 0        | gt   | must be greater than 0             |
        | discount | 1.5     | 7   | 9.99    | 1.5      | le   | must be less than or equal to 1    |

    Scenario Outline: Numbers on the inclusive side of their bounds are accepted (price = <price>, discount = <discount>)
      When I create a Product with:
        | sku      | 7          |
        | code     | ABC-123    |
        | title    | Dune       |
        | price    | <price>    |
        | category | book       |
        | discount | <discount> |
      Then the Product "7" exists with:
        | price    | <price>    |
        | discount | <discount> |

      Examples:
        | price     | discount |
        | 0         | 1        |
        | 999999.99 | 0.01     |

    Scenario Outline: A user's age must be between 0 and 150 (<age>)
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice             |
        | age   | <age>             |
      Then <outcome>

      Examples:
        | age | outcome                          |
        | -1  | it fails with a ValidationError  |
        | 0   | it succeeds                      |
        | 150 | it succeeds                      |
        | 151 | it fails with a ValidationError  |

    Scenario: A value that is not one of the choices is a violation of rule choices
      When I try to create a Product with:
        | sku      | 1       |
        | code     | ABC-123 |
        | title    | Dune    |
        | price    | 9.99    |
        | category | games   |
      Then it fails with a ValidationError
      And the violations are:
        | field    | rule    |
        | category | choices |
      And the error mentions "must be one of \"book\", \"music\", \"film\""

    Scenario: Choices are case-sensitive
      When I try to create a Product with:
        | sku      | 1       |
        | code     | ABC-123 |
        | title    | Dune    |
        | price    | 9.99    |
        | category | Book    |
      Then it fails with a ValidationError
      And the violations are:
        | field    | rule    |
        | category | choices |

    Scenario: One product breaking several rules lists every violation in field order
      When I try to create a Product with:
        | sku      | 0          |
        | code     | bad        |
        | title    | <"x" x 51> |
        | price    | -1         |
        | category | games      |
        | discount | 2          |
      Then it fails with a ValidationError
      And the violations are:
        | field    | rule      |
        | sku      | gt        |
        | code     | pattern   |
        | title    | maxLength |
        | price    | ge        |
        | category | choices   |
        | discount | le        |

  Rule: Datetimes lie between the years 0001 and 9999

    Scenario Outline: The first and last instants of the range are accepted (<instant>)
      When I create a Product with:
        | sku        | 1         |
        | code       | ABC-123   |
        | title      | Dune      |
        | price      | 9.99      |
        | category   | book      |
        | releasedAt | <instant> |
      Then the Product "1" exists with:
        | releasedAt | <instant> |

      Examples:
        | instant                  |
        | 0001-01-01T00:00:00.000Z |
        | 9999-12-31T23:59:59.999Z |

    Scenario: A datetime before the year 0001 is a violation of rule range
      When I try to create a Product with:
        | sku        | 1                        |
        | code       | ABC-123                  |
        | title      | Dune                     |
        | price      | 9.99                     |
        | category   | book                     |
        | releasedAt | 0000-12-31T23:59:59.999Z |
      Then it fails with a ValidationError
      And the violations are:
        | field      | rule  |
        | releasedAt | range |
      And the error mentions "must be between 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"

    Scenario Outline: Floats outside the range every backend stores break rule range (<score>)
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice             |
        | score | <score>           |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule  |
        | score | range |
      And the error mentions "must be 0 or have a magnitude between 1e-130 and 1e+126"

      Examples:
        | score    |
        | 1e126    |
        | -1e200   |
        | 1e-131   |
        | 5e-324   |

    Scenario: The largest and smallest storable float magnitudes are kept exactly
      Given the following Users exist:
        | id    | email             | name  | score     |
        | alice | alice@example.com | Alice | 9.99e125  |
        | bob   | bob@example.com   | Bob   | -1e-130   |
      Then the User "alice" exists with:
        | score | 9.99e125 |
      And the User "bob" exists with:
        | score | -1e-130 |

  Rule: Text must be storable on every backend

    Scenario: The NUL character is rejected, because PostgreSQL text cannot hold it
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <"a\u0000b">      |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule |
        | name  | text |
      And the error mentions "NUL character"

    Scenario: A lone UTF-16 surrogate is not Unicode text
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | <"a\ud800b">      |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule |
        | name  | text |
      And the error mentions "lone UTF-16 surrogate"

    Scenario: A json value holding a NUL character is rejected as not storable JSON
      When I try to create a User with:
        | id    | alice               |
        | email | alice@example.com   |
        | name  | Alice               |
        | tags  | ["ok", "a\u0000b"] |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule |
        | tags  | type |
      And the error mentions "NUL character"

    Scenario: An empty primary key is a violation of rule key
      When I try to create a User with:
        | id    | <empty>           |
        | email | alice@example.com |
        | name  | Alice             |
      Then it fails with a ValidationError
      And the violations are:
        | field | rule |
        | id    | key  |
      And the error mentions "must not be empty"

    Scenario: A primary key that is only a space is not empty
      When I create a User with:
        | id    | <" ">             |
        | email | alice@example.com |
        | name  | Alice             |
      Then the database has 1 User record

  Rule: Primary keys and unique values are taken only once

    Background:
      Given the following Users exist:
        | id    | email             | name  |
        | alice | alice@example.com | Alice |

    Scenario: Creating a record with a taken primary key is a DuplicateKeyError
      When I try to create a User with:
        | id    | alice           |
        | email | other@example.com |
        | name  | Another Alice   |
      Then it fails with a DuplicateKeyError
      And the clashing field is "id"
      And the error mentions "User with id = \"alice\" already exists"

    Scenario: Creating a record with a taken unique value is a DuplicateKeyError
      When I try to create a User with:
        | id    | alice2            |
        | email | alice@example.com |
        | name  | Alice Two         |
      Then it fails with a DuplicateKeyError
      And the clashing field is "email"
      And the database has 1 User record

    Scenario: The primary key is checked before unique values
      When I try to create a User with:
        | id    | alice             |
        | email | alice@example.com |
        | name  | Alice again       |
      Then it fails with a DuplicateKeyError
      And the clashing field is "id"

    Scenario: Unique values are case-sensitive
      When I create a User with:
        | id    | alice2            |
        | email | ALICE@example.com |
        | name  | Alice Two         |
      Then there are 2 Users

    Scenario: Single-field unique constraints are checked in field order
      Given the following Products exist:
        | sku | code    | title | price | category | barcode       |
        | 1   | ABC-123 | Dune  | 9.99  | book     | 9780441013593 |
      When I try to create a Product with:
        | sku      | 2             |
        | code     | ABC-123       |
        | title    | Dune again    |
        | price    | 9.99          |
        | category | book          |
        | barcode  | 9780441013593 |
      Then it fails with a DuplicateKeyError
      And the clashing field is "code"

    Scenario: A unique field may hold null on many records
      Given the following Products exist:
        | sku | code    | title | price | category | barcode |
        | 1   | ABC-123 | Dune  | 9.99  | book     | <null>  |
      When I create a Product with:
        | sku      | 2       |
        | code     | DEF-456 |
        | title    | Emma    |
        | price    | 5       |
        | category | book    |
        | barcode  | <null>  |
      Then there are 2 Products where:
        | barcode__isnull | true |

    Scenario: A non-null unique value that is taken is a DuplicateKeyError
      Given the following Products exist:
        | sku | code    | title | price | category | barcode |
        | 1   | ABC-123 | Dune  | 9.99  | book     | 111     |
      When I try to create a Product with:
        | sku      | 2       |
        | code     | DEF-456 |
        | title    | Emma    |
        | price    | 5       |
        | category | book    |
        | barcode  | 111     |
      Then it fails with a DuplicateKeyError
      And the clashing field is "barcode"

  Rule: Composite keys and composite unique constraints

    Background:
      Given the following TodoItems exist:
        | userId | todoId | title    |
        | alice  | t1     | Buy milk |

    Scenario: The same todoId may be used by different users
      When I create a TodoItem with:
        | userId | bob      |
        | todoId | t1       |
        | title  | Buy milk |
      Then there are 2 TodoItems

    Scenario: A taken composite key is a DuplicateKeyError naming both key fields
      When I try to create a TodoItem with:
        | userId | alice     |
        | todoId | t1        |
        | title  | Buy bread |
      Then it fails with a DuplicateKeyError
      And the clashing fields are "userId, todoId"

    Scenario: The same title twice for one user breaks the composite unique constraint
      When I try to create a TodoItem with:
        | userId | alice    |
        | todoId | t2       |
        | title  | Buy milk |
      Then it fails with a DuplicateKeyError
      And the clashing fields are "userId, title"
      And the error mentions "(userId, title) must be unique"

    Scenario: Each part of a composite key must be non-empty
      When I try to create a TodoItem with:
        | userId | alice    |
        | todoId | <empty>  |
        | title  | Buy eggs |
      Then it fails with a ValidationError
      And the violations are:
        | field  | rule |
        | todoId | key  |

Feature: Queries that are wrong
  A query that names an unknown field or lookup, gives a value of the wrong type, applies a
  lookup to a field kind it does not fit, orders by something that has no order, or asks for
  a negative limit or offset raises a QueryError. The message says what is wrong and names
  the valid choices.

  Background:
    Given the following Users exist:
      | id    | email             | name  | age |
      | alice | alice@example.com | Alice | 30  |

  Rule: Fields and lookups must exist

    Scenario: An unknown field is a QueryError naming the fields
      When I try to query Users with:
        | nickname | Al |
      Then it fails with a QueryError
      And the error mentions "User has no field"
      And the error mentions "Its fields are: id, email, name, age, score, active, tags, createdAt, updatedAt"

    Scenario: An unknown field with a lookup is a QueryError
      When I try to query Users with:
        | nickname__startswith | A |
      Then it fails with a QueryError
      And the error mentions "nickname"

    Scenario: An unknown lookup is a QueryError naming the lookups
      When I try to query Users with:
        | age__between | 30 |
      Then it fails with a QueryError
      And the error mentions "is not a lookup"
      And the error mentions "The lookups are: exact, ne, gt, gte, lt, lte, in, contains, startswith, endswith, icontains, istartswith, iendswith, isnull"

    Scenario: Lookup names are case-sensitive
      When I try to query Users with:
        | age__GTE | 30 |
      Then it fails with a QueryError

    Scenario: An unknown field in an exclusion is a QueryError
      When I try to query Users with:
        | exclude nickname | Al |
      Then it fails with a QueryError

  Rule: Lookup values must have the field's type

    Scenario Outline: A value of the wrong type is a QueryError (<lookup> = <value>)
      When I try to query Users with:
        | <lookup> | <value> |
      Then it fails with a QueryError
      And the error mentions "<message>"

      Examples:
        | lookup        | value     | message                  |
        | age           | thirty    | needs an integer         |
        | age__gt       | 1.5       | needs an integer         |
        | score__lt     | high      | needs a finite number   |
        | active        | yes       | needs true or false     |
        | createdAt__gt | yesterday | needs a valid Date      |
        | score__isnull | maybe     | needs true or false      |
        | age__in       | 1, two    | needs an integer         |

    Scenario: in cannot contain null
      When I try to query Users with:
        | score__in | [1.5, null] |
      Then it fails with a QueryError
      And the error mentions "cannot contain null"

    Scenario Outline: Comparing with null is a QueryError (<lookup>)
      When I try to query Users with:
        | <lookup> | <null> |
      Then it fails with a QueryError
      And the error mentions "cannot compare with null"

      Examples:
        | lookup          |
        | age__gt         |
        | age__lte        |
        | name__contains  |
        | name__istartswith |

    Scenario: A lookup value with a NUL character is a QueryError
      When I try to query Users with:
        | name | <"a\u0000b"> |
      Then it fails with a QueryError
      And the error mentions "NUL character"

    Scenario: A datetime lookup value outside the years 0001 to 9999 is a QueryError
      When I try to query Users with:
        | createdAt__lt | 0000-06-01T00:00:00.000Z |
      Then it fails with a QueryError
      And the error mentions "must be between"

  Rule: Lookups apply only to the field kinds they fit

    Scenario Outline: A string lookup on a field that is not a string is a QueryError (<lookup>)
      When I try to query Users with:
        | <lookup> | <value> |
      Then it fails with a QueryError
      And the error mentions "does not apply to the <kind> field User.<field>"

      Examples:
        | lookup               | value | kind     | field     |
        | age__contains        | 3     | integer  | age       |
        | score__startswith    | 9     | float    | score     |
        | active__icontains    | true  | boolean  | active    |
        | createdAt__endswith  | 2024  | datetime | createdAt |

    Scenario: A range lookup on a boolean is a QueryError
      When I try to query Users with:
        | active__gt | false |
      Then it fails with a QueryError
      And the error mentions "Its lookups are: exact, ne, in, isnull"

    Scenario Outline: A json field takes only isnull (<lookup>)
      When I try to query Users with:
        | <lookup> | <value> |
      Then it fails with a QueryError
      And the error mentions "Its lookups are: isnull"

      Examples:
        | lookup         | value     |
        | tags           | ["admin"] |
        | tags__ne       | ["admin"] |
        | tags__contains | "admin"   |
        | tags__in       | [1, 2]    |
        | tags__gt       | 1         |

    Scenario: isnull works on a json field
      When I query Users with:
        | tags__isnull | true |
      Then I get 1 User

  Rule: Orders must name orderable fields, once each

    Scenario: Ordering by an unknown field is a QueryError
      When I try to query Users with:
        | order by | nickname |
      Then it fails with a QueryError
      And the error mentions "there is no field"
      And the error mentions "prefix one with - for descending order"

    Scenario: Ordering descending by an unknown field is a QueryError
      When I try to query Users with:
        | order by | -nickname |
      Then it fails with a QueryError

    Scenario: Ordering by a json field is a QueryError
      When I try to query Users with:
        | order by | tags |
      Then it fails with a QueryError
      And the error mentions "json values have no order"

    Scenario Outline: Ordering by the same field twice is a QueryError (<order>)
      When I try to query Users with:
        | order by | <order> |
      Then it fails with a QueryError
      And the error mentions "twice"

      Examples:
        | order           |
        | age, age        |
        | -age, name, age |

  Rule: Limit and offset are non-negative integers

    Scenario: A negative limit is a QueryError
      When I try to query Users with:
        | limit | -1 |
      Then it fails with a QueryError
      And the error mentions "must be a non-negative integer"

    Scenario: A negative offset is a QueryError
      When I try to query Users with:
        | offset | -2 |
      Then it fails with a QueryError
      And the error mentions "must be a non-negative integer"

    Scenario: A fractional limit is a QueryError
      When I try to query Users with:
        | limit | 1.5 |
      Then it fails with a QueryError

  Rule: A failed query changes nothing

    Scenario: After a failed query the data is unchanged
      When I try to query Users with:
        | age__between | 1 |
      Then it fails with a QueryError
      And there is 1 User
      And the User "alice" exists with:
        | age | 30 |

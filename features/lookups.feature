Feature: Filtering with lookups
  A query keeps the records matching every lookup it is given. A lookup is written
  `field__lookup`; a bare field name means exact. Every comparison other than exact with
  null never matches a null, and an exclusion drops exactly the records its lookups match,
  so records holding null stay.

  Background:
    Given the following Users exist:
      | id    | email             | name  | age | score  | active |
      | alice | alice@example.com | Alice | 30  | 9.5    | true   |
      | bob   | bob@example.com   | Bob   | 25  | <null> | false  |
      | carol | carol@example.com | Carol | 35  | 7.0    | true   |
      | dave  | dave@example.org  | Dave  | 40  | 3.25   | false  |
      | erin  | erin@example.com  | erin  | 19  | <null> | true   |

  Rule: Comparisons

    Scenario: A bare field name matches exactly
      When I query Users with:
        | name | Alice |
      Then the results are:
        | id    |
        | alice |

    Scenario: exact is the same as a bare field name
      When I query Users with:
        | age__exact | 25 |
      Then the results are:
        | id  |
        | bob |

    Scenario: ne keeps every record with a different value
      When I query Users with:
        | age__ne | 30 |
      Then the results are:
        | id    |
        | bob   |
        | carol |
        | dave  |
        | erin  |

    Scenario: ne never matches a null
      When I query Users with:
        | score__ne | 9.5 |
      Then the results are:
        | id    |
        | carol |
        | dave  |

    Scenario Outline: Range lookups compare numbers (<lookup> <value>)
      When I query Users with:
        | <lookup> | <value> |
      Then the results are, in any order:
        | id    |
        | <ids> |

      Examples:
        | lookup   | value | ids   |
        | age__gt  | 35    | dave  |
        | age__gte | 40    | dave  |
        | age__lt  | 20    | erin  |
        | age__lte | 19    | erin  |

    Scenario: gt keeps records strictly above the value
      When I query Users with:
        | age__gt | 30 |
      Then the results are:
        | id    | age |
        | carol | 35  |
        | dave  | 40  |

    Scenario: gte includes the value itself
      When I query Users with:
        | age__gte | 30 |
      Then the results are:
        | id    |
        | alice |
        | carol |
        | dave  |

    Scenario: lt keeps records strictly below the value
      When I query Users with:
        | age__lt | 30 |
      Then the results are:
        | id   |
        | bob  |
        | erin |

    Scenario: lte includes the value itself
      When I query Users with:
        | age__lte | 25 |
      Then the results are:
        | id   |
        | bob  |
        | erin |

    Scenario: Range lookups on a float never match a null
      When I query Users with:
        | score__lt | 8 |
      Then the results are:
        | id    | score |
        | carol | 7.0   |
        | dave  | 3.25  |

    Scenario: A float lookup compares by value, so 7 equals 7.0
      When I query Users with:
        | score | 7 |
      Then the results are:
        | id    |
        | carol |

    Scenario: Lookups on different fields must all match
      When I query Users with:
        | age__gte | 25   |
        | active   | true |
      Then the results are:
        | id    |
        | alice |
        | carol |

    Scenario: Two lookups on one field make a range
      When I query Users with:
        | age__gt | 19 |
        | age__lt | 35 |
      Then the results are:
        | id    |
        | alice |
        | bob   |

    Scenario: A lookup that matches nothing gives no results
      When I query Users with:
        | age__gt | 150 |
      Then I get 0 Users

  Rule: in

    Scenario: in keeps records whose value is in a comma-separated list
      When I query Users with:
        | id__in | alice, carol |
      Then the results are:
        | id    |
        | alice |
        | carol |

    Scenario: in takes a JSON array
      When I query Users with:
        | age__in | [25, 40, 99] |
      Then the results are:
        | id   |
        | bob  |
        | dave |

    Scenario: in with an empty list matches nothing
      When I query Users with:
        | age__in | [] |
      Then I get 0 Users

  Rule: String lookups

    Scenario: contains matches a part of the text
      When I query Users with:
        | email__contains | example.org |
      Then the results are:
        | id   |
        | dave |

    Scenario: startswith matches the beginning of the text
      When I query Users with:
        | name__startswith | Ca |
      Then the results are:
        | id    |
        | carol |

    Scenario: endswith matches the end of the text
      When I query Users with:
        | email__endswith | .com |
      Then the results are:
        | id    |
        | alice |
        | bob   |
        | carol |
        | erin  |

    Scenario: String lookups are case-sensitive
      When I query Users with:
        | name__startswith | E |
      Then I get 0 Users

    Scenario: icontains ignores the case of ASCII letters
      When I query Users with:
        | name__icontains | AR |
      Then the results are:
        | id    |
        | carol |

    Scenario: istartswith ignores the case of ASCII letters
      When I query Users with:
        | name__istartswith | E |
      Then the results are:
        | id   |
        | erin |

    Scenario: iendswith ignores the case of ASCII letters
      When I query Users with:
        | email__iendswith | EXAMPLE.ORG |
      Then the results are:
        | id   |
        | dave |

    Scenario: contains with the whole value matches
      When I query Users with:
        | email__contains | bob@example.com |
      Then the results are:
        | id  |
        | bob |

    Scenario: The empty string is contained in every text
      When I query Users with:
        | name__contains | <empty> |
      Then I get 5 Users

  Rule: Nulls

    Scenario: isnull true keeps the records holding null
      When I query Users with:
        | score__isnull | true |
      Then the results are:
        | id   |
        | bob  |
        | erin |

    Scenario: isnull false keeps the records holding a value
      When I query Users with:
        | score__isnull | false |
      Then the results are:
        | id    |
        | alice |
        | carol |
        | dave  |

    Scenario: Exact with null matches the records holding null
      When I query Users with:
        | score | <null> |
      Then the results are:
        | id   |
        | bob  |
        | erin |

    Scenario: ne with null means "is not null"
      When I query Users with:
        | score__ne | <null> |
      Then the results are:
        | id    |
        | alice |
        | carol |
        | dave  |

  Rule: Booleans

    Scenario: A boolean matches exactly
      When I query Users with:
        | active | false |
      Then the results are:
        | id   |
        | bob  |
        | dave |

    Scenario: ne on a boolean keeps the other value
      When I query Users with:
        | active__ne | false |
      Then the results are:
        | id    |
        | alice |
        | carol |
        | erin  |

    Scenario: in on a boolean
      When I query Users with:
        | active__in | [true, false] |
      Then I get 5 Users

  Rule: Datetimes

    Background:
      Given the following Products exist:
        | sku | code    | title | price | category | releasedAt               |
        | 1   | ABC-001 | Dune  | 9.99  | book     | 1965-08-01T00:00:00.000Z |
        | 2   | ABC-002 | Help! | 12    | music    | 1965-08-06T00:00:00.000Z |
        | 3   | ABC-003 | Alien | 15    | film     | 1979-05-25T00:00:00.000Z |
        | 4   | ABC-004 | Draft | 1     | book     | <null>                   |

    Scenario: Datetimes compare by instant
      When I query Products with:
        | releasedAt__gte | 1965-08-06T00:00:00.000Z |
      Then the results are:
        | sku |
        | 2   |
        | 3   |

    Scenario: A datetime matches exactly whatever zone the lookup is written in
      When I query Products with:
        | releasedAt | 1965-08-06T02:00:00.000+02:00 |
      Then the results are:
        | sku |
        | 2   |

    Scenario: Datetime ranges never match a null
      When I query Products with:
        | releasedAt__lt | 2000-01-01T00:00:00.000Z |
      Then I get 3 Products

    Scenario: in on a string field with choices
      When I query Products with:
        | category__in | book, film |
      Then the results are:
        | sku |
        | 1   |
        | 3   |
        | 4   |

  Rule: Exclusions

    Scenario: exclude drops the records a lookup matches
      When I query Users with:
        | exclude age__gte | 30 |
      Then the results are:
        | id   |
        | bob  |
        | erin |

    Scenario: exclude is the exact complement, so records holding null stay
      When I query Users with:
        | exclude score__gt | 5 |
      Then the results are:
        | id   |
        | bob  |
        | dave |
        | erin |

    Scenario: Each exclusion drops its own records
      When I query Users with:
        | exclude active | false |
        | exclude age__lt | 20   |
      Then the results are:
        | id    |
        | alice |
        | carol |

    Scenario: Lookups and exclusions combine
      When I query Users with:
        | email__endswith  | .com |
        | exclude name     | Bob  |
      Then the results are:
        | id    |
        | alice |
        | carol |
        | erin  |

    Scenario: Excluding null keeps the records holding a value
      When I query Users with:
        | exclude score | <null> |
      Then the results are:
        | id    |
        | alice |
        | carol |
        | dave  |

    Scenario: Excluding a string lookup
      When I query Users with:
        | exclude email__contains | example.com |
      Then the results are:
        | id   |
        | dave |

Feature: Ordering results
  Results are ordered by the fields named in "order by", a leading minus meaning descending.
  Without an order, results come in primary-key order, and ties are always broken by the
  primary key in ascending order, so every order is deterministic. Nulls sort lowest: first
  when ascending, last when descending. Strings compare by Unicode code point, numbers by
  value and datetimes by instant.

  Background:
    Given the following Products exist:
      | sku | code    | title | price | category | discount | releasedAt               |
      | 3   | ABC-003 | Alien | 15    | film     | 0.5      | 1979-05-25T00:00:00.000Z |
      | 1   | ABC-001 | Dune  | 9.99  | book     | <null>   | 1965-08-01T00:00:00.000Z |
      | 10  | ABC-010 | Help! | 12    | music    | 0.25     | 1965-08-06T00:00:00.000Z |
      | 2   | ABC-002 | Emma  | 9.99  | book     | 0.1      | <null>                   |
      | 20  | ABC-020 | Heat  | 15    | film     | <null>   | 1995-12-15T00:00:00.000Z |

  Rule: Without an order, results come in primary-key order

    Scenario: Integer keys are ordered by number, not as text
      When I query all Products
      Then the results are:
        | sku |
        | 1   |
        | 2   |
        | 3   |
        | 10  |
        | 20  |

    Scenario: A filtered query also comes in primary-key order
      When I query Products with:
        | category | film |
      Then the results are:
        | sku |
        | 3   |
        | 20  |

    Scenario: Composite keys are ordered by each key field in turn
      Given the following TodoItems exist:
        | userId | todoId | title |
        | bob    | t1     | B1    |
        | alice  | t2     | A2    |
        | bob    | t0     | B0    |
        | alice  | t1     | A1    |
      When I query all TodoItems
      Then the results are:
        | userId | todoId |
        | alice  | t1     |
        | alice  | t2     |
        | bob    | t0     |
        | bob    | t1     |

  Rule: Ordering by fields

    Scenario: Ascending order, ties broken by primary key
      When I query Products with:
        | order by | price |
      Then the results are:
        | sku | price |
        | 1   | 9.99  |
        | 2   | 9.99  |
        | 10  | 12    |
        | 3   | 15    |
        | 20  | 15    |

    Scenario: Descending order still breaks ties by ascending primary key
      When I query Products with:
        | order by | -price |
      Then the results are:
        | sku | price |
        | 3   | 15    |
        | 20  | 15    |
        | 10  | 12    |
        | 1   | 9.99  |
        | 2   | 9.99  |

    Scenario: Several fields, the later ones breaking ties of the earlier
      When I query Products with:
        | order by | category, -title |
      Then the results are:
        | sku | category | title |
        | 2   | book     | Emma  |
        | 1   | book     | Dune  |
        | 20  | film     | Heat  |
        | 3   | film     | Alien |
        | 10  | music    | Help! |

    Scenario: A descending field followed by an ascending one
      When I query Products with:
        | order by | -category, title |
      Then the results are:
        | sku |
        | 10  |
        | 3   |
        | 20  |
        | 1   |
        | 2   |

    Scenario: Ordering by the primary key descending reverses the default order
      When I query Products with:
        | order by | -sku |
      Then the results are:
        | sku |
        | 20  |
        | 10  |
        | 3   |
        | 2   |
        | 1   |

    Scenario: Datetimes are ordered by instant
      When I query Products with:
        | releasedAt__isnull | false       |
        | order by           | -releasedAt |
      Then the results are:
        | sku |
        | 20  |
        | 3   |
        | 10  |
        | 1   |

    Scenario: Ordering combines with a filter
      When I query Products with:
        | price__gt | 10     |
        | order by  | -title |
      Then the results are:
        | sku |
        | 10  |
        | 20  |
        | 3   |

  Rule: Nulls sort lowest

    Scenario: Nulls come first in ascending order
      When I query Products with:
        | order by | discount |
      Then the results are:
        | sku | discount |
        | 1   | <null>   |
        | 20  | <null>   |
        | 2   | 0.1      |
        | 10  | 0.25     |
        | 3   | 0.5      |

    Scenario: Nulls come last in descending order
      When I query Products with:
        | order by | -discount |
      Then the results are:
        | sku | discount |
        | 3   | 0.5      |
        | 10  | 0.25     |
        | 2   | 0.1      |
        | 1   | <null>   |
        | 20  | <null>   |

    Scenario: A null datetime comes first in ascending order
      When I query Products with:
        | order by | releasedAt |
      Then the results are:
        | sku | releasedAt               |
        | 2   | <null>                   |
        | 1   | 1965-08-01T00:00:00.000Z |
        | 10  | 1965-08-06T00:00:00.000Z |
        | 3   | 1979-05-25T00:00:00.000Z |
        | 20  | 1995-12-15T00:00:00.000Z |

  Rule: Strings compare by Unicode code point

    Background:
      Given the following Keywords exist:
        | select | status |
        | apple  | b      |
        | Zebra  | a      |
        | éclair | B      |
        | 😀     | ｚ     |
        | ｚ     | 😀     |
        | 9      | é      |
        | 10     | Z      |

    Scenario: Digits, then capitals, then small letters, then accented, full-width and emoji
      When I query all Keywords
      Then the results are:
        | select |
        | 10     |
        | 9      |
        | Zebra  |
        | apple  |
        | éclair |
        | ｚ     |
        | 😀     |

    Scenario: "Z" < "a" < "é" < "ｚ" (U+FF5A) < "😀" (U+1F600)
      When I query Keywords with:
        | order by | status |
      Then the results are:
        | select | status |
        | éclair | B      |
        | 10     | Z      |
        | Zebra  | a      |
        | apple  | b      |
        | 9      | é      |
        | 😀     | ｚ     |
        | ｚ     | 😀     |

    Scenario: Descending code-point order puts the emoji first
      When I query Keywords with:
        | order by | -status |
        | limit    | 3       |
      Then the results are:
        | status |
        | 😀     |
        | ｚ     |
        | é      |

    Scenario: Range lookups on strings use the same code-point order
      When I query Keywords with:
        | status__gt | ｚ |
      Then the results are:
        | select |
        | ｚ     |

  Rule: Other kinds

    Scenario: Integers are ordered by value
      Given the following Keywords exist:
        | select | order  |
        | a      | 10     |
        | b      | 9      |
        | c      | 100    |
        | d      | -1     |
        | e      | <null> |
      When I query Keywords with:
        | order by | order |
      Then the results are:
        | select | order  |
        | e      | <null> |
        | d      | -1     |
        | b      | 9      |
        | a      | 10     |
        | c      | 100    |

    Scenario: false sorts before true
      Given the following Users exist:
        | id    | email             | name  | active |
        | alice | alice@example.com | Alice | true   |
        | bob   | bob@example.com   | Bob   | false  |
        | carol | carol@example.com | Carol | true   |
      When I query Users with:
        | order by | active, -name |
      Then the results are:
        | id    | active |
        | bob   | false  |
        | carol | true   |
        | alice | true   |

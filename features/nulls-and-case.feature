Feature: Nulls, empty strings and letter case
  Null means "no value" and is different from the empty string and from whitespace. Text is
  compared by Unicode code point, so matching is case-sensitive; the i-lookups fold only the
  ASCII letters A to Z, so accented letters keep their case.

  Background:
    Given the following Keywords exist:
      | select | from    | status  |
      | k1     | <null>  | Open    |
      | k2     | <empty> | open    |
      | k3     | <" ">   | OPEN    |
      | k4     | Paris   | <null>  |
      | k5     | paris   | Été     |
      | k6     | PARIS   | été     |

  Rule: The empty string is not null

    Scenario: isnull true finds only the null, not the empty string
      When I query Keywords with:
        | from__isnull | true |
      Then the results are:
        | select |
        | k1     |

    Scenario: The empty string matches exactly the empty string
      When I query Keywords with:
        | from | <empty> |
      Then the results are:
        | select |
        | k2     |

    Scenario: Whitespace-only text is neither null nor empty
      When I query Keywords with:
        | from | <" "> |
      Then the results are:
        | select |
        | k3     |

    Scenario: The empty string is stored as the empty string
      Then the database has a Keyword record with:
        | select | k2      |
        | from   | <empty> |
      And the database has a Keyword record with:
        | select | k1     |
        | from   | <null> |

    Scenario: ne with a value keeps the empty string but not null
      When I query Keywords with:
        | from__ne | Paris |
      Then the results are:
        | select |
        | k2     |
        | k3     |
        | k5     |
        | k6     |

    Scenario: Excluding a value keeps the null
      When I query Keywords with:
        | exclude from | Paris |
      Then the results are:
        | select |
        | k1     |
        | k2     |
        | k3     |
        | k5     |
        | k6     |

    Scenario: Nulls sort before the empty string
      When I query Keywords with:
        | order by | from |
        | limit    | 3    |
      Then the results are:
        | select | from    |
        | k1     | <null>  |
        | k2     | <empty> |
        | k3     | <" ">   |

    Scenario: Updating a value to the empty string does not make it null
      When I update the Keyword "k4" with:
        | from | <empty> |
      Then the Keyword "k4" exists with:
        | from | <empty> |
      And there is 1 Keyword where:
        | from__isnull | true |

  Rule: Matching is case-sensitive

    Scenario: Exact matching is case-sensitive
      When I query Keywords with:
        | from | Paris |
      Then the results are:
        | select |
        | k4     |

    Scenario: contains is case-sensitive
      When I query Keywords with:
        | status__contains | pen |
      Then the results are:
        | select |
        | k1     |
        | k2     |

    Scenario: in is case-sensitive
      When I query Keywords with:
        | from__in | paris, PARIS |
      Then the results are:
        | select |
        | k5     |
        | k6     |

  Rule: The i-lookups fold ASCII letters only

    Scenario: icontains folds the ASCII letters of both sides
      When I query Keywords with:
        | from__icontains | aRi |
      Then the results are:
        | select |
        | k4     |
        | k5     |
        | k6     |

    Scenario: istartswith ignores ASCII case
      When I query Keywords with:
        | status__istartswith | OP |
      Then the results are:
        | select |
        | k1     |
        | k2     |
        | k3     |

    Scenario: An accented capital does not match its small letter
      When I query Keywords with:
        | status__istartswith | é |
      Then the results are:
        | select |
        | k6     |

    Scenario: The ASCII letters around an accented letter still fold
      When I query Keywords with:
        | status__istartswith | ÉT |
      Then the results are:
        | select |
        | k5     |

    Scenario: The i-lookups never match a null
      When I query Keywords with:
        | status__icontains | <empty> |
      Then I get 5 Keywords

Feature: Counting records and checking that they exist
  count and exists take the same lookups as a query: they say how many records, or whether
  any record, a query with those lookups would return.

  Background:
    Given the following Users exist:
      | id    | email             | name  | age | score  | active |
      | alice | alice@example.com | Alice | 30  | 9.5    | true   |
      | bob   | bob@example.com   | Bob   | 25  | <null> | false  |
      | carol | carol@example.com | Carol | 35  | 7.0    | true   |

  Scenario: Counting every record
    Then there are 3 Users

  Scenario: Counting an empty table gives zero
    Then there are 0 Products

  Scenario: Counting the records that match lookups
    Then there are 2 Users where:
      | active | true |

  Scenario: Counting with several lookups
    Then there is 1 User where:
      | active   | true |
      | age__gt  | 30   |

  Scenario: Counting with a string lookup
    Then there are 3 Users where:
      | email__endswith | @example.com |

  Scenario: Counting with in
    Then there are 2 Users where:
      | id__in | alice, bob, zoe |

  Scenario: Counting nulls
    Then there is 1 User where:
      | score__isnull | true |

  Scenario: A record exists where the lookups match
    Then a User exists where:
      | email__endswith | @example.com |
      | age__lt         | 30           |

  Scenario: No record exists where nothing matches
    Then no User exists where:
      | age__gt | 100 |

  Scenario: Nothing exists in an empty table
    Then no Product exists where:
      | sku__gt | 0 |

  Scenario: Counts follow creates and deletes
    When I delete the User "bob"
    Then there are 2 Users
    And no User exists where:
      | id | bob |

  Scenario: Counting with an exclusion leaves out the excluded records
    Then there are 2 Users where:
      | exclude age__gte | 35 |

  Scenario: count respects offset and limit, like the query it stands for
    Then there are 2 Users where:
      | active | true |
      | limit  | 5    |
    And there is 1 User where:
      | offset | 2 |
    And there are 0 Users where:
      | offset | 3 |
    And there are 2 Users where:
      | limit | 2 |

  Scenario: exists respects offset: nothing is left after skipping every record
    Then no User exists where:
      | offset | 3 |
    And a User exists where:
      | offset | 2 |

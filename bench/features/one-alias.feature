Feature: One alias (timing fixture for bench/databases.bench.ts)

  Scenario Outline: Three writes and a count in the default database
    Given the following Users exist:
      | id      | email          | name |
      | a<n>    | a<n>@x.test    | A    |
      | b<n>    | b<n>@x.test    | B    |
      | c<n>    | c<n>@x.test    | C    |
    Then there are 3 Users

    Examples:
      | n |
      | 1 |
      | 2 |
      | 3 |
      | 4 |
      | 5 |
      | 6 |
      | 7 |
      | 8 |
      | 9 |
      | 10 |
      | 11 |
      | 12 |
      | 13 |
      | 14 |
      | 15 |
      | 16 |
      | 17 |
      | 18 |
      | 19 |
      | 20 |
      | 21 |
      | 22 |
      | 23 |
      | 24 |
      | 25 |
      | 26 |
      | 27 |
      | 28 |
      | 29 |
      | 30 |

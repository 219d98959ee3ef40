Feature: Hostile and unusual text
  Any Unicode text is stored verbatim and found again: quotes, SQL, template and expression
  syntax, placeholders, wildcard characters, emoji, very long strings, whitespace and line
  breaks. Nothing in a value is ever interpreted, and the wildcard characters % and _ and the
  backslash are matched literally by the string lookups. Field names that are reserved words
  in SQL or in DynamoDB expressions work like any other.

  Rule: Text is stored and matched verbatim

    Scenario Outline: <description> is stored verbatim and found by exact match
      When I create a Keyword with:
        | select | k1      |
        | from   | <value> |
      Then the Keyword "k1" exists with:
        | from | <value> |
      And the database has a Keyword record with:
        | select | k1      |
        | from   | <value> |
      And a Keyword exists where:
        | from | <value> |

      Examples:
        | description                 | value                                 |
        | A single quote              | O'Brien                               |
        | Double quotes               | say "hi"                              |
        | An SQL injection            | '; DROP TABLE users; --               |
        | A closed SQL string         | Robert'); DROP TABLE Students;--      |
        | An SQL comment              | /* comment */ -- more                 |
        | A template expression       | ${process.exit(1)}                    |
        | A dollar variable           | $name                                 |
        | A dollar-quoted string      | $$ text $$                            |
        | A named placeholder         | :name                                 |
        | A numbered placeholder      | $1                                    |
        | A question-mark placeholder | ?                                     |
        | A DynamoDB name placeholder | #attr                                 |
        | A DynamoDB expression       | attribute_exists(select) OR size(x) > 0 |
        | A percent sign              | 100%                                  |
        | An underscore               | snake_case                            |
        | A backslash                 | C:\\Temp\\new                         |
        | A backslash before a quote  | it\\'s                                |
        | A pipe                      | a \| b                                |
        | The word NULL               | NULL                                  |
        | The word null               | null                                  |
        | The word undefined          | undefined                             |
        | A JSON-looking text         | {"a": 1}                              |
        | A number-looking text       | 0042                                  |
        | A boolean-looking text      | true                                  |
        | A mustache template         | {{ 7*7 }}                             |
        | An emoji                    | 😀                                    |
        | A family emoji sequence     | 👨‍👩‍👧‍👦                                    |
        | A flag                      | 🇳🇿                                    |
        | Japanese                    | 日本語のテキスト                      |
        | Right-to-left text          | مرحبا بالعالم                         |
        | Mixed scripts               | Ωmega ß café Привет                  |

    Scenario: A primary key full of SQL is just a key
      When I create a User with:
        | id    | '; DROP TABLE users; -- |
        | email | drop@example.com        |
        | name  | Bobby Tables            |
      Then the User "'; DROP TABLE users; --" exists with:
        | name | Bobby Tables |
      And there is 1 User

    Scenario: An emoji primary key
      When I create a User with:
        | id    | 😀               |
        | email | smile@example.com |
        | name  | Smiley           |
      Then the User "😀" exists
      And the User "🙂" does not exist

    Scenario: A placeholder-looking value is not replaced by another field's value
      When I create a Keyword with:
        | select | :from |
        | from   | :select |
        | status | #status |
      Then the Keyword ":from" exists with:
        | from   | :select |
        | status | #status |

  Rule: Wildcards in lookups are matched literally

    Background:
      Given the following Keywords exist:
        | select | from        |
        | k1     | 100%        |
        | k2     | 100 percent |
        | k3     | a_b         |
        | k4     | axb         |
        | k5     | a\\b        |
        | k6     | ab          |
        | k7     | 50%_off     |
        | k8     | [abc]*      |

    Scenario: % in contains is a percent sign, not "anything"
      When I query Keywords with:
        | from__contains | % |
      Then the results are:
        | select |
        | k1     |
        | k7     |

    Scenario: _ in contains is an underscore, not "any one character"
      When I query Keywords with:
        | from__contains | _ |
      Then the results are:
        | select |
        | k3     |
        | k7     |

    Scenario: A backslash in contains is a backslash
      When I query Keywords with:
        | from__contains | \\ |
      Then the results are:
        | select | from |
        | k5     | a\\b |

    Scenario: startswith with % matches only a real percent sign
      When I query Keywords with:
        | from__startswith | 100% |
      Then the results are:
        | select |
        | k1     |

    Scenario: endswith with _ matches only a real underscore
      When I query Keywords with:
        | from__endswith | _b |
      Then the results are:
        | select |
        | k3     |

    Scenario: icontains with wildcards still matches literally
      When I query Keywords with:
        | from__icontains | A_B |
      Then the results are:
        | select |
        | k3     |

    Scenario: % and _ together
      When I query Keywords with:
        | from__contains | %_ |
      Then the results are:
        | select |
        | k7     |

    Scenario: Regular-expression characters are matched literally
      When I query Keywords with:
        | from__contains | [abc]* |
      Then the results are:
        | select |
        | k8     |

    Scenario: An exact match with % matches only that text
      When I query Keywords with:
        | from | 100% |
      Then I get 1 Keyword

  Rule: Long text, whitespace and line breaks

    Scenario: A very long string is stored whole
      When I create a Keyword with:
        | select | long           |
        | from   | <"ab" x 5000>  |
      Then the Keyword "long" exists with:
        | from | <"ab" x 5000> |
      And a Keyword exists where:
        | from | <"ab" x 5000> |
      And no Keyword exists where:
        | from | <"ab" x 4999> |

    Scenario: A hundred thousand characters
      When I create a TodoItem with:
        | userId      | alice            |
        | todoId      | t1               |
        | title       | Long read        |
        | description | <"x" x 100000>   |
      Then the TodoItem "userId=alice, todoId=t1" exists with:
        | description | <"x" x 100000> |

    @requires-large-items
    Scenario: Half a megabyte of text is stored whole
      When I create a TodoItem with:
        | userId      | alice          |
        | todoId      | t1             |
        | title       | Longer read    |
        | description | <"x" x 500000> |
      Then the TodoItem "userId=alice, todoId=t1" exists with:
        | description | <"x" x 500000> |

    Scenario: A long string can be found by a lookup on its end
      When I create a Keyword with:
        | select | long              |
        | from   | <"ab" x 3000>     |
      Then a Keyword exists where:
        | from__endswith | bab |

    Scenario: The empty string is stored and is not null
      When I create a Keyword with:
        | select | k1      |
        | from   | <empty> |
      Then the Keyword "k1" exists with:
        | from | <empty> |
      And no Keyword exists where:
        | from__isnull | true |

    Scenario: Whitespace-only text is kept exactly
      When I create a Keyword with:
        | select | k1        |
        | from   | <"   ">    |
        | status | <"\\t">    |
      Then the Keyword "k1" exists with:
        | from   | <"   "> |
        | status | <"\\t"> |
      And no Keyword exists where:
        | from | <" "> |

    Scenario: Leading and trailing spaces are kept
      When I create a Keyword with:
        | select | k1             |
        | from   | <"  padded  ">  |
      Then a Keyword exists where:
        | from | <"  padded  "> |
      And no Keyword exists where:
        | from | padded |

    Scenario: Line breaks are kept
      When I create a Keyword with:
        | select | k1                    |
        | from   | <"line 1\\nline 2">   |
        | status | <"a\\r\\nb">          |
      Then the Keyword "k1" exists with:
        | from   | <"line 1\\nline 2"> |
        | status | <"a\\r\\nb">        |
      And a Keyword exists where:
        | from__contains | <"1\\nl"> |

    Scenario: An escaped character and the character itself are the same text
      When I create a Keyword with:
        | select | k1                |
        | from   | <"caf\\u00e9">    |
      Then a Keyword exists where:
        | from | café |

    Scenario: Text is not normalised: a combining accent differs from a precomposed letter
      Given the following Keywords exist:
        | select | from                |
        | k1     | café                |
        | k2     | <"cafe\\u0301">     |
      When I query Keywords with:
        | from | café |
      Then the results are:
        | select |
        | k1     |

  Rule: Reserved words as field names

    Background:
      Given the following Keywords exist:
        | select | from  | order | group | status | count  | date                     |
        | s1     | here  | 3     | g1    | open   | 10     | 2024-01-01T00:00:00.000Z |
        | s2     | there | 1     | g2    | closed | <null> | 2024-06-01T00:00:00.000Z |
        | s3     | where | 2     | g1    | open   | 5      | <null>                   |

    Scenario: Filtering on fields named like SQL keywords
      When I query Keywords with:
        | group  | g1   |
        | status | open |
        | order__gte | 3 |
      Then the results are:
        | select |
        | s1     |

    Scenario: Ordering by a field named order
      When I query Keywords with:
        | order by | order |
      Then the results are:
        | select | order |
        | s2     | 1     |
        | s3     | 2     |
        | s1     | 3     |

    Scenario: Ordering by a field named count, descending
      When I query Keywords with:
        | order by | -count |
      Then the results are:
        | select | count  |
        | s1     | 10     |
        | s3     | 5      |
        | s2     | <null> |

    Scenario: Range lookups on a field named date
      When I query Keywords with:
        | date__lt | 2024-03-01T00:00:00.000Z |
      Then the results are:
        | select |
        | s1     |

    Scenario: Excluding on a field named from
      When I query Keywords with:
        | exclude from__startswith | th |
      Then the results are:
        | select |
        | s1     |
        | s3     |

    Scenario: Counting on a field named count
      Then there are 2 Keywords where:
        | count__isnull | false |

    Scenario: Updating fields named like keywords
      When I update the Keyword "s2" with:
        | from  | nowhere |
        | count | 0       |
      Then the Keyword "s2" exists with:
        | from  | nowhere |
        | count | 0       |
        | group | g2      |

    Scenario: Paging through a model with reserved-word fields
      When I page through Keywords 2 at a time with:
        | order by | -order |
      Then I see 2 pages
      And the pages hold:
        | page | select |
        | 1    | s1     |
        | 1    | s3     |
        | 2    | s2     |

    Scenario: Deleting a record keyed by a field named select
      When I delete the Keyword "s1"
      Then the Keyword "s1" does not exist
      And there are 2 Keywords

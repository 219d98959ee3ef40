Feature: Declaring databases
  Databases are declared once, and the declaration is checked as a whole before any store is
  created (the rules of the seed's tenant-aware runner): every alias states its kind, reserved
  or template, and its dependencies explicitly, even when there are none; a template alias may
  depend only on reserved aliases, a reserved alias only on other reserved aliases; there is no
  cycle; every alias named is declared; a mirror names an alias with a store of its own. Each
  broken rule is a DatabaseLayoutError that names it. A model lives in one database, so a
  reference to a model of another database is a ModelDefinitionError.

  Scenario: The seed's layout is accepted: a template default beside a reserved central
    When I try to declare the databases:
      | alias   | kind     | dependencies |
      | default | template | <none>       |
      | central | reserved | <none>       |
    Then it succeeds

  Scenario: A template alias may depend on reserved aliases, and a mirror may mirror it
    When I try to declare the databases:
      | alias   | kind     | dependencies    | mirror  |
      | central | reserved | <none>          |         |
      | audit   | reserved | central         |         |
      | default | template | central, audit  |         |
      | replica |          |                 | default |
    Then it succeeds

  Scenario: A template alias depending on a template alias is refused
    When I try to declare the databases:
      | alias   | kind     | dependencies |
      | default | template | <none>       |
      | billing | template | default      |
    Then it fails with a DatabaseLayoutError
    And the error mentions "billing (template) depends on default, a template alias: a template alias may depend only on reserved aliases"

  Scenario: A reserved alias depending on a template alias is refused
    When I try to declare the databases:
      | alias   | kind     | dependencies |
      | default | template | <none>       |
      | central | reserved | default      |
    Then it fails with a DatabaseLayoutError
    And the error mentions "a reserved alias may depend only on reserved aliases"

  Scenario: Dependencies that form a cycle are refused
    When I try to declare the databases:
      | alias   | kind     | dependencies |
      | central | reserved | audit        |
      | audit   | reserved | central      |
    Then it fails with a DatabaseLayoutError
    And the error mentions "the dependencies form a cycle: central → audit → central"

  Scenario: An alias depending on itself is refused
    When I try to declare the databases:
      | alias   | kind     | dependencies |
      | central | reserved | central      |
    Then it fails with a DatabaseLayoutError
    And the error mentions "central depends on itself"

  Scenario: A dependency on an unknown alias is refused, naming it
    When I try to declare the databases:
      | alias   | kind     | dependencies |
      | default | template | nowhere      |
    Then it fails with a DatabaseLayoutError
    And the error mentions "default depends on the unknown alias \"nowhere\" (declared: default)"

  Scenario: An alias that does not state its dependencies is refused
    When I try to declare the databases:
      | alias   | kind     |
      | default | template |
    Then it fails with a DatabaseLayoutError
    And the error mentions "state its dependencies explicitly"

  Scenario: An alias of an unknown kind is refused
    When I try to declare the databases:
      | alias   | kind   | dependencies |
      | default | shared | <none>       |
    Then it fails with a DatabaseLayoutError
    And the error mentions "kind must be \"reserved\" (one shared store) or \"template\" (one store per tenant)"

  Scenario: A mirror of an unknown alias is refused
    When I try to declare the databases:
      | alias   | kind     | dependencies | mirror  |
      | default | reserved | <none>       |         |
      | replica |          |              | primary |
    Then it fails with a DatabaseLayoutError
    And the error mentions "replica mirrors the unknown alias \"primary\""

  Scenario: A mirror of a mirror is refused
    When I try to declare the databases:
      | alias   | kind     | dependencies | mirror  |
      | default | reserved | <none>       |         |
      | replica |          |              | default |
      | backup  |          |              | replica |
    Then it fails with a DatabaseLayoutError
    And the error mentions "backup mirrors replica, which is a mirror itself: mirror default instead"

  Scenario: An alias name that cannot name a store is refused
    When I try to declare the databases:
      | alias        | kind     | dependencies |
      | Central-DB   | reserved | <none>       |
    Then it fails with a DatabaseLayoutError
    And the error mentions "must be lower-case letters, digits and _"

  Scenario: Every broken rule is named at once
    When I try to declare the databases:
      | alias   | kind     | dependencies |
      | default | template | billing      |
      | billing | template | <none>       |
      | central | reserved | nowhere      |
    Then it fails with a DatabaseLayoutError
    And the error mentions "default (template) depends on billing, a template alias"
    And the error mentions "central depends on the unknown alias \"nowhere\""

  Scenario: A reference to a model of another database is a ModelDefinitionError
    When I try to define a model in the "central" database that refers to Patient
    Then it fails with a ModelDefinitionError
    And the error mentions "Patient lives in the database \"clinic\""
    And the error mentions "no engine enforces a reference between databases"

  Scenario: A reference to a model of the same database is accepted
    When I try to define a model in the "clinic" database that refers to Patient
    Then it succeeds

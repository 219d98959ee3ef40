@schema-changes @requires-migrations
Feature: Migrations
  A migration changes the stored schema with backend-neutral operations, and every backend
  applies each one natively: SQL DDL, DynamoDB tables and indexes, the in-memory schema. The
  records already stored follow: an added field with a default gives them the default, a
  renamed field keeps its data. What the stored records do not allow is refused with a
  MigrationError that says what to do, and a refused migration changes nothing and is not
  recorded as applied. After each migration the database is read back and must hold exactly
  what the migrations built, and the steps that follow use the models as they now are.

  Background:
    Given a migration creates the model Note with:
      | field | kind   | rules             |
      | id    | string | primary key       |
      | title | string | unique            |
      | body  | string | nullable          |
    And the following Notes exist:
      | id | title  | body  |
      | n1 | First  | Hello |
      | n2 | Second | <null> |

  Scenario: A model created by a migration stores and reads records
    When I create a Note with:
      | id    | n3    |
      | title | Third |
    Then the Note "n3" exists with:
      | title | Third  |
      | body  | <null> |
    And the store records 1 migration as applied

  Scenario: A dropped model's table is gone
    When a migration drops the model Note
    Then the database holds what the migrations built
    And the store records 2 migrations as applied

  Scenario: An added field with a default gives the stored records the default
    When a migration adds the field priority to Note as integer, default 3
    Then the Note "n1" exists with:
      | priority | 3 |
    And the database has a Note record with:
      | id       | n2 |
      | priority | 3  |

  Scenario: An added required field with a backfill gives the stored records the backfill, and new records must have it
    When a migration adds the field owner to Note as string, required, backfill "nobody"
    Then the Note "n2" exists with:
      | owner | nobody |
    When I try to create a Note with:
      | id    | n3    |
      | title | Third |
    Then it fails with a ValidationError

  Scenario: An added required field without a default or backfill is refused while records are stored
    When I try a migration that adds the field owner to Note as string, required
    Then it fails with a MigrationError
    And the error mentions "give the field a stored default or the operation a backfill"
    And the store records 1 migration as applied

  Scenario: An added nullable field is null in the stored records
    When a migration adds the field due to Note as datetime, nullable
    Then the Note "n1" exists with:
      | due | <null> |

  Scenario: A dropped field is gone from the stored records, which are kept
    When a migration drops the field body of Note
    Then the Note "n1" has exactly:
      | id    | n1    |
      | title | First |
    And there are 2 Notes

  Scenario: A renamed field keeps its data
    When a migration renames the field body of Note to text
    Then the Note "n1" exists with:
      | text | Hello |
    And a Note exists where:
      | text | Hello |

  Scenario: A renamed unique field keeps its unique constraint
    When a migration renames the field title of Note to heading
    And I try to create a Note with:
      | id      | n3    |
      | heading | First |
    Then it fails with a DuplicateKeyError
    And the clashing field is "heading"

  @requires-migrate-key-fields
  Scenario: A renamed primary-key field keeps the records under their keys
    When a migration renames the field id of Note to noteId
    Then the Note "n1" exists with:
      | noteId | n1    |
      | title  | First |

  @without-migrate-key-fields
  Scenario: Renaming a primary-key field where the backend cannot is a clear error naming the operation and the backend
    When I try a migration that renames the field id of Note to noteId
    Then it fails with a MigrationError
    And the error mentions "The operation renameField cannot be applied on the"
    And the store records 1 migration as applied
    And the Note "n1" exists

  Scenario: A nullable field made required refuses records without it
    Given I update the Note "n2" with:
      | body | Filled |
    When a migration makes the field body of Note required
    And I try to create a Note with:
      | id    | n3    |
      | title | Third |
    Then it fails with a ValidationError

  Scenario: A field cannot be made required while stored records hold null in it
    When I try a migration that makes the field body of Note required
    Then it fails with a MigrationError
    And the error mentions "some Note records hold null in body"
    And the store records 1 migration as applied

  Scenario: A required field made nullable accepts records without it
    When a migration makes the field title of Note nullable
    And I create a Note with:
      | id | n3 |
    Then the Note "n3" exists with:
      | title | <null> |

  Scenario: A default set by a migration fills new records, and the stored ones keep their values
    When a migration sets the default of the field body of Note to "(empty)"
    And I create a Note with:
      | id    | n3    |
      | title | Third |
    Then the Note "n3" exists with:
      | body | (empty) |
    And the Note "n2" exists with:
      | body | <null> |

  Scenario: A dropped default no longer fills new records
    Given a migration sets the default of the field body of Note to "(empty)"
    When a migration drops the default of the field body of Note
    And I create a Note with:
      | id    | n3    |
      | title | Third |
    Then the Note "n3" exists with:
      | body | <null> |

  Scenario: An added index finds the stored records by its field
    When a migration adds an index to Note on body
    And I query Notes with:
      | body | Hello |
    Then the results are:
      | id |
      | n1 |

  Scenario: A dropped index leaves the records found by a lookup on its field
    Given a migration adds an index to Note on body
    When a migration drops the index of Note on body
    And I query Notes with:
      | body | Hello |
    Then the results are:
      | id |
      | n1 |

  Scenario: A dropped unique constraint allows duplicates
    When a migration drops the unique constraint of Note on title
    And I create a Note with:
      | id    | n3    |
      | title | First |
    Then there are 2 Notes where:
      | title | First |

  Scenario: An added unique constraint refuses later duplicates
    When a migration adds a unique constraint to Note on body
    And I try to create a Note with:
      | id    | n3    |
      | title | Third |
      | body  | Hello |
    Then it fails with a DuplicateKeyError
    And the clashing field is "body"

  Scenario: A unique constraint cannot be added over records that share its values
    Given I update the Note "n2" with:
      | body | Hello |
    When I try a migration that adds a unique constraint to Note on body
    Then it fails with a MigrationError
    And the error mentions "some Note records share the same body"
    And the store records 1 migration as applied

  Scenario: A composite unique constraint refuses only the same values together
    When a migration adds a unique constraint to Note on title and body
    And a migration drops the unique constraint of Note on title
    And I create a Note with:
      | id    | n3    |
      | title | First |
      | body  | Other |
    And I try to create a Note with:
      | id    | n4    |
      | title | First |
      | body  | Hello |
    Then it fails with a DuplicateKeyError
    And the clashing fields are "title, body"

  Scenario: An added reference refuses missing parents and applies its delete rule
    Given a migration creates the model Folder with:
      | field | kind   | rules       |
      | id    | string | primary key |
    And a migration adds the field folderId to Note as string, nullable
    And a migration makes the field folderId of Note refer to Folder on delete cascade
    And the following Folders exist:
      | id   |
      | work |
    When I try to create a Note with:
      | id       | n3      |
      | title    | Third   |
      | folderId | nowhere |
    Then it fails with a ReferenceIntegrityError
    When I create a Note with:
      | id       | n3    |
      | title    | Third |
      | folderId | work  |
    And I delete the Folder "work"
    Then the Note "n3" does not exist
    And there are 2 Notes

  Scenario: A reference cannot be added while records name missing parents
    Given a migration creates the model Folder with:
      | field | kind   | rules       |
      | id    | string | primary key |
    And a migration adds the field folderId to Note as string, nullable, backfill "nowhere"
    When I try a migration that makes the field folderId of Note refer to Folder on delete restrict
    Then it fails with a MigrationError
    And the error mentions "some Note records name a Folder that does not exist in folderId"
    And the store records 3 migrations as applied

  Scenario: A dropped reference no longer refuses missing parents
    Given a migration creates the model Folder with:
      | field | kind   | rules       |
      | id    | string | primary key |
    And a migration adds the field folderId to Note as string, nullable
    And a migration makes the field folderId of Note refer to Folder on delete restrict
    When a migration drops the reference of the field folderId of Note
    And I create a Note with:
      | id       | n3      |
      | title    | Third   |
      | folderId | nowhere |
    Then the Note "n3" exists with:
      | folderId | nowhere |

  Scenario: A model created with a reference to another applies its delete rule
    Given a migration creates the model Folder with:
      | field | kind   | rules       |
      | id    | string | primary key |
    And a migration creates the model Page with:
      | field    | kind   | rules                                          |
      | id       | string | primary key                                    |
      | folderId | string | nullable, references Folder on delete set null |
    And the following Folders exist:
      | id   |
      | work |
    And the following Pages exist:
      | id | folderId |
      | p1 | work     |
    When I delete the Folder "work"
    Then the Page "p1" exists with:
      | folderId | <null> |

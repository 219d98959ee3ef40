// The specification's models as first built (written by parity migrations make initial, then
// Product's barcode, its category index and TodoItem's unique titles moved to 0002, so that
// the specification runs on a schema built by more than one migration).
import type { Migration } from '../../src';

export const migration: Migration = {
  operations: [
    {
      op: 'createModel',
      model: {
        name: 'User',
        database: 'default',
        fields: {
          id: {
            kind: 'string',
            nullable: false,
          },
          email: {
            kind: 'string',
            nullable: false,
          },
          name: {
            kind: 'string',
            nullable: false,
          },
          age: {
            kind: 'integer',
            nullable: false,
            default: {
              value: 0,
            },
          },
          score: {
            kind: 'float',
            nullable: true,
          },
          active: {
            kind: 'boolean',
            nullable: false,
            default: {
              value: true,
            },
          },
          tags: {
            kind: 'json',
            nullable: true,
          },
          createdAt: {
            kind: 'datetime',
            nullable: false,
          },
          updatedAt: {
            kind: 'datetime',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [['email']],
        indexes: [],
        references: [],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'TodoItem',
        database: 'default',
        fields: {
          userId: {
            kind: 'string',
            nullable: false,
          },
          todoId: {
            kind: 'string',
            nullable: false,
          },
          title: {
            kind: 'string',
            nullable: false,
          },
          priority: {
            kind: 'integer',
            nullable: false,
            default: {
              value: 3,
            },
          },
          completed: {
            kind: 'boolean',
            nullable: false,
            default: {
              value: false,
            },
          },
          description: {
            kind: 'string',
            nullable: true,
          },
        },
        primaryKey: ['userId', 'todoId'],
        unique: [],
        indexes: [],
        references: [],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Product',
        database: 'default',
        fields: {
          sku: {
            kind: 'integer',
            nullable: false,
          },
          code: {
            kind: 'string',
            nullable: false,
          },
          title: {
            kind: 'string',
            nullable: false,
          },
          price: {
            kind: 'float',
            nullable: false,
          },
          category: {
            kind: 'string',
            nullable: false,
          },
          discount: {
            kind: 'float',
            nullable: true,
          },
          releasedAt: {
            kind: 'datetime',
            nullable: true,
          },
        },
        primaryKey: ['sku'],
        unique: [['code']],
        indexes: [],
        references: [],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Keyword',
        database: 'default',
        fields: {
          select: {
            kind: 'string',
            nullable: false,
          },
          from: {
            kind: 'string',
            nullable: true,
          },
          order: {
            kind: 'integer',
            nullable: true,
          },
          group: {
            kind: 'string',
            nullable: true,
          },
          status: {
            kind: 'string',
            nullable: true,
          },
          count: {
            kind: 'integer',
            nullable: true,
          },
          date: {
            kind: 'datetime',
            nullable: true,
          },
        },
        primaryKey: ['select'],
        unique: [],
        indexes: [],
        references: [],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Author',
        database: 'default',
        fields: {
          id: {
            kind: 'string',
            nullable: false,
          },
          name: {
            kind: 'string',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [],
        indexes: [],
        references: [],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Book',
        database: 'default',
        fields: {
          id: {
            kind: 'string',
            nullable: false,
          },
          title: {
            kind: 'string',
            nullable: false,
          },
          authorId: {
            kind: 'string',
            nullable: false,
          },
          editorId: {
            kind: 'string',
            nullable: true,
          },
          updatedAt: {
            kind: 'datetime',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [],
        indexes: [['authorId']],
        references: [
          {
            field: 'authorId',
            parent: 'Author',
            onDelete: 'cascade',
          },
          {
            field: 'editorId',
            parent: 'Author',
            onDelete: 'setNull',
          },
        ],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Chapter',
        database: 'default',
        fields: {
          id: {
            kind: 'integer',
            nullable: false,
          },
          bookId: {
            kind: 'string',
            nullable: false,
          },
          title: {
            kind: 'string',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [],
        indexes: [],
        references: [
          {
            field: 'bookId',
            parent: 'Book',
            onDelete: 'cascade',
          },
        ],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Loan',
        database: 'default',
        fields: {
          id: {
            kind: 'string',
            nullable: false,
          },
          bookId: {
            kind: 'string',
            nullable: false,
          },
          borrower: {
            kind: 'string',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [],
        indexes: [['bookId']],
        references: [
          {
            field: 'bookId',
            parent: 'Book',
            onDelete: 'restrict',
          },
        ],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Article',
        database: 'default',
        fields: {
          slug: {
            kind: 'string',
            nullable: false,
          },
          title: {
            kind: 'string',
            nullable: false,
          },
          code: {
            kind: 'string',
            nullable: false,
          },
          authorId: {
            kind: 'string',
            nullable: true,
          },
          updatedAt: {
            kind: 'datetime',
            nullable: false,
          },
          deletedAt: {
            kind: 'datetime',
            nullable: true,
          },
        },
        primaryKey: ['slug'],
        unique: [['code']],
        indexes: [],
        references: [
          {
            field: 'authorId',
            parent: 'Author',
            onDelete: 'restrict',
          },
        ],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Comment',
        database: 'default',
        fields: {
          id: {
            kind: 'integer',
            nullable: false,
          },
          articleSlug: {
            kind: 'string',
            nullable: false,
          },
          body: {
            kind: 'string',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [],
        indexes: [],
        references: [
          {
            field: 'articleSlug',
            parent: 'Article',
            onDelete: 'cascade',
          },
        ],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Passage',
        database: 'default',
        fields: {
          id: {
            kind: 'integer',
            nullable: false,
          },
          text: {
            kind: 'string',
            nullable: false,
          },
          source: {
            kind: 'string',
            nullable: false,
          },
          edition: {
            kind: 'integer',
            nullable: false,
          },
          heading: {
            kind: 'string',
            nullable: true,
          },
        },
        primaryKey: ['id'],
        unique: [['text'], ['edition', 'heading']],
        indexes: [['source']],
        references: [],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Hospital',
        database: 'central',
        fields: {
          id: {
            kind: 'string',
            nullable: false,
          },
          name: {
            kind: 'string',
            nullable: false,
          },
          city: {
            kind: 'string',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [['name']],
        indexes: [],
        references: [],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Patient',
        database: 'clinic',
        fields: {
          id: {
            kind: 'string',
            nullable: false,
          },
          name: {
            kind: 'string',
            nullable: false,
          },
          email: {
            kind: 'string',
            nullable: false,
          },
          hospitalId: {
            kind: 'string',
            nullable: true,
          },
          age: {
            kind: 'integer',
            nullable: false,
            default: {
              value: 0,
            },
          },
        },
        primaryKey: ['id'],
        unique: [['email']],
        indexes: [],
        references: [],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Visit',
        database: 'clinic',
        fields: {
          id: {
            kind: 'integer',
            nullable: false,
          },
          patientId: {
            kind: 'string',
            nullable: false,
          },
          reason: {
            kind: 'string',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [],
        indexes: [],
        references: [
          {
            field: 'patientId',
            parent: 'Patient',
            onDelete: 'cascade',
          },
        ],
      },
    },
    {
      op: 'createModel',
      model: {
        name: 'Report',
        database: 'archive',
        fields: {
          id: {
            kind: 'string',
            nullable: false,
          },
          title: {
            kind: 'string',
            nullable: false,
          },
        },
        primaryKey: ['id'],
        unique: [],
        indexes: [],
        references: [],
      },
    },
  ],
};

// Product gains its barcode (nullable, unique) and an index on its category; a user's to-do
// titles become unique.
import type { Migration } from '../../src';

export const migration: Migration = {
  operations: [
    {
      op: 'addField',
      model: 'Product',
      field: 'barcode',
      schema: {
        kind: 'string',
        nullable: true,
      },
    },
    {
      op: 'addUnique',
      model: 'Product',
      fields: ['barcode'],
    },
    {
      op: 'addIndex',
      model: 'Product',
      fields: ['category'],
    },
    {
      op: 'addUnique',
      model: 'TodoItem',
      fields: ['userId', 'title'],
    },
  ],
};

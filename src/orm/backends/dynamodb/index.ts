import { DynamoDbBackend, type DynamoDbBackendOptions } from './dynamodb-backend';

export { DynamoDbBackend, type DynamoDbBackendOptions };
export { DynamoDbExceptionConverter, type NativeFailure } from './dynamodb-exception-converter';

/** Creates a DynamoDB backend (tables are made by `sync`, named `<tablePrefix><Model>`). */
export function createDynamoDbBackend(options: DynamoDbBackendOptions = {}): DynamoDbBackend {
  return new DynamoDbBackend(options);
}
export { dynamoDbTarget, type DynamoDbTargetOptions } from '../../../migrations/dynamodb-target';

import type { DriverFactory } from '../driver';
import { DynamoDbDriver } from './dynamodb-driver';

/** Makes the DynamoDB driver. */
export const createDynamoDbDriver: DriverFactory = () => new DynamoDbDriver();

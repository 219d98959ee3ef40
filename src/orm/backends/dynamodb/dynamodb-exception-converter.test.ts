import { Readable } from 'node:stream';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { BackendError, NotFoundError } from '../../errors';
import { DynamoDbExceptionConverter } from './dynamodb-exception-converter';

/**
 * The error the AWS SDK v3 (the version we run) builds from a DynamoDB error response: a client
 * whose HTTP handler answers with this status and JSON body, as DynamoDB sends it on the wire.
 */
async function nativeError(body: Record<string, unknown>, statusCode = 400): Promise<Error> {
  const client = new DynamoDBClient({
    endpoint: 'http://dynamodb.invalid',
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode,
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'test' },
          body: Readable.from([Buffer.from(JSON.stringify(body))]),
        },
      }),
    },
  });
  try {
    await client.send(new GetItemCommand({ TableName: 't', Key: { id: { S: 'a' } } }));
    throw new Error('the request succeeded');
  } catch (error) {
    return error as Error;
  } finally {
    client.destroy();
  }
}

const dynamodb = (code: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  __type: `com.amazonaws.dynamodb.v20120810#${code}`,
  message: `text that must not matter for ${code}`,
  ...extra,
});

const cancelled = (...codes: string[]): Record<string, unknown> =>
  dynamodb('TransactionCanceledException', {
    Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
    CancellationReasons: codes.map((Code) => (Code === 'None' ? { Code } : { Code, Message: 'whatever the engine says' })),
  });

describe('DynamoDbExceptionConverter', () => {
  const converter = new DynamoDbExceptionConverter();

  it('classifies each native error by its code, never by its message', async () => {
    const cases: [Record<string, unknown>, ReturnType<DynamoDbExceptionConverter['classify']>][] = [
      [dynamodb('ConditionalCheckFailedException'), { kind: 'condition-failed', step: 0 }],
      [cancelled('None', 'None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'), { kind: 'condition-failed', step: 2 }],
      [cancelled('TransactionConflict', 'None'), { kind: 'conflict' }],
      [cancelled('None', 'ValidationError'), { kind: 'invalid-request' }],
      [cancelled('ThrottlingError'), { kind: 'throttled' }],
      [cancelled('ProvisionedThroughputExceeded', 'None'), { kind: 'throttled' }],
      [cancelled('ItemCollectionSizeLimitExceeded'), { kind: 'item-collection-too-large' }],
      [dynamodb('TransactionConflictException'), { kind: 'conflict' }],
      [dynamodb('TransactionInProgressException'), { kind: 'conflict' }],
      [dynamodb('ProvisionedThroughputExceededException'), { kind: 'throttled' }],
      [dynamodb('ThrottlingException'), { kind: 'throttled' }],
      [dynamodb('RequestLimitExceeded'), { kind: 'throttled' }],
      [dynamodb('ResourceNotFoundException'), { kind: 'missing-table' }],
      [dynamodb('ResourceInUseException'), { kind: 'table-exists' }],
      [dynamodb('ItemCollectionSizeLimitExceededException'), { kind: 'item-collection-too-large' }],
      // ValidationException is not in DynamoDB's model: the SDK builds a plain service exception named after it.
      [
        { __type: 'com.amazon.coral.validate#ValidationException', message: 'Item size has exceeded the maximum allowed size' },
        { kind: 'invalid-request' },
      ],
      [{ __type: 'com.amazon.coral.validate#ValidationException', message: 'anything else' }, { kind: 'invalid-request' }],
    ];
    for (const [body, expected] of cases) {
      const error = await nativeError(body);
      expect(converter.classify(error), String(body.__type)).to.deep.equal(expected);
    }
    expect(converter.classify(await nativeError(dynamodb('InternalServerError'), 500))).to.deep.equal({ kind: 'server-error' });
    expect(converter.classify(new Error('connect ECONNREFUSED 127.0.0.1:1'))).to.deep.equal({ kind: 'unknown' });
    expect(converter.classify(undefined)).to.deep.equal({ kind: 'unknown' });
  });

  it('makes a BackendError that says what was being done and what to do, keeping the native error as cause', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [dynamodb('ResourceNotFoundException'), /^Could not read User "alice": a DynamoDB table is missing .*Sync the model first/],
      [dynamodb('ProvisionedThroughputExceededException'), /^DynamoDB throttled the request to read User "alice" .*Try again later/],
      [
        cancelled('TransactionConflict'),
        /other transactions kept writing the same items .*cancellation reasons: TransactionConflict.*Try again/,
      ],
      [
        { __type: 'com.amazon.coral.validate#ValidationException', message: 'odd' },
        /refused to read User "alice" as invalid \(ValidationException: odd\)/,
      ],
    ];
    for (const [body, message] of cases) {
      const native = await nativeError(body);
      const error = converter.convertException(native, 'read User "alice"');
      expect(error).to.be.instanceOf(BackendError);
      expect(error.message).to.match(message);
      expect(error.cause).to.equal(native);
    }
    const unreachable = converter.convertException(new Error('connect ECONNREFUSED'), 'read User "alice"');
    expect(unreachable.message).to.match(/^DynamoDB could not read User "alice": .*ECONNREFUSED.*Check that the endpoint is reachable/);
  });

  it('passes an ORM error through unchanged', () => {
    const error = new NotFoundError('User', { id: 'alice' });
    expect(converter.convertException(error, 'read User "alice"')).to.equal(error);
  });
});

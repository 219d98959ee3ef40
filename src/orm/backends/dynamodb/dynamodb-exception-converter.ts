import { BackendError, ParityError } from '../../errors';

/**
 * What a native DynamoDB error means, decided only by its `name` (the error code DynamoDB sends
 * as `__type`) and, for a cancelled transaction, by its `CancellationReasons[].Code`; never by
 * its message, whose wording DynamoDB and DynamoDB Local may change.
 */
export type NativeFailure =
  /** A condition failed; `step` is the index of the write in its request (0 for a single write). */
  | { readonly kind: 'condition-failed'; readonly step: number }
  /** Another transaction held one of the items: trying again is expected to work. */
  | { readonly kind: 'conflict' }
  /** DynamoDB throttled the request (table capacity or account request rate). */
  | { readonly kind: 'throttled' }
  /** A table (or index) the request names does not exist. */
  | { readonly kind: 'missing-table' }
  /** CreateTable named a table that exists already (or is being created). */
  | { readonly kind: 'table-exists' }
  /** DynamoDB refused the request's parameters (`ValidationException`, or a cancellation code `ValidationError`). */
  | { readonly kind: 'invalid-request' }
  /** An item collection of a local secondary index is over 10 GB. */
  | { readonly kind: 'item-collection-too-large' }
  /** DynamoDB failed on its side (`InternalServerError`, `ServiceUnavailable`): trying again may work. */
  | { readonly kind: 'server-error' }
  /** No DynamoDB error code: the endpoint could not be reached, or the SDK failed before sending. */
  | { readonly kind: 'unknown' };

const THROTTLED = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);
const CANCELLATION_THROTTLED = new Set(['ProvisionedThroughputExceeded', 'ThrottlingError', 'RequestLimitExceeded']);

/**
 * Turns the native errors of the AWS SDK v3 into the ORM's errors, in one place (the shape of
 * MikroORM's exception converters): `classify` says what an error means, `convertException`
 * makes the `ParityError` for errors no condition of the request explains.
 */
export class DynamoDbExceptionConverter {
  /** What a native error means, by its code. */
  classify(error: unknown): NativeFailure {
    const name = (error as { name?: unknown } | undefined)?.name;
    switch (name) {
      case 'ConditionalCheckFailedException':
        return { kind: 'condition-failed', step: 0 };
      case 'TransactionCanceledException':
        return this.classifyCancellation(cancellationCodes(error));
      case 'TransactionConflictException':
      case 'TransactionInProgressException':
        return { kind: 'conflict' };
      case 'ResourceNotFoundException':
        return { kind: 'missing-table' };
      case 'ResourceInUseException':
        return { kind: 'table-exists' };
      case 'ValidationException':
        return { kind: 'invalid-request' };
      case 'ItemCollectionSizeLimitExceededException':
        return { kind: 'item-collection-too-large' };
      case 'InternalServerError':
      case 'ServiceUnavailable':
        return { kind: 'server-error' };
      default:
        return typeof name === 'string' && THROTTLED.has(name) ? { kind: 'throttled' } : { kind: 'unknown' };
    }
  }

  /** The ORM error for a native error, saying what was being done (`what`, such as `read User "alice"`) and what to do. */
  convertException(error: unknown, what: string): ParityError {
    if (error instanceof ParityError) return error;
    const failure = this.classify(error);
    const name = (error as { name?: unknown } | undefined)?.name;
    const code = typeof name === 'string' ? name : 'an error without a DynamoDB code';
    const message = (error as Error | undefined)?.message ?? String(error);
    const codes = cancellationCodes(error);
    const detail = `${code}: ${message}${codes.length > 0 ? ` (cancellation reasons: ${codes.join(', ')})` : ''}`;
    const fail = (text: string): BackendError => new BackendError(text, { cause: error });
    switch (failure.kind) {
      case 'missing-table':
        return fail(
          `Could not ${what}: a DynamoDB table is missing (${detail}). Sync the model first (Database.sync), or check the table prefix.`,
        );
      case 'throttled':
        return fail(
          `DynamoDB throttled the request to ${what} (${detail}): the table's capacity or the account's request rate was exceeded. ` +
            `Try again later, use on-demand billing, or raise the provisioned capacity.`,
        );
      case 'conflict':
        return fail(`Could not ${what}: other transactions kept writing the same items (${detail}). Try again.`);
      case 'server-error':
        return fail(`DynamoDB failed on its side while trying to ${what} (${detail}). Try again.`);
      case 'item-collection-too-large':
        return fail(`Could not ${what}: an item collection is over DynamoDB's 10 GB limit (${detail}).`);
      case 'invalid-request':
        return fail(
          `DynamoDB refused to ${what} as invalid (${detail}). The backend checks DynamoDB's limits before sending, so this one ` +
            `is not checked yet: please report it with this message.`,
        );
      case 'condition-failed':
        return fail(`Could not ${what}: a condition failed where none was expected (${detail}). Try again.`);
      case 'table-exists':
        return fail(`Could not ${what}: the table exists already or is being created (${detail}).`);
      case 'unknown':
        return fail(`DynamoDB could not ${what}: ${detail}. Check that the endpoint is reachable and the tables exist.`);
    }
  }

  private classifyCancellation(codes: readonly string[]): NativeFailure {
    // The first failed condition, in request order, is the one the reference would report.
    const step = codes.indexOf('ConditionalCheckFailed');
    if (step !== -1) return { kind: 'condition-failed', step };
    if (codes.includes('ValidationError')) return { kind: 'invalid-request' };
    if (codes.some((c) => CANCELLATION_THROTTLED.has(c))) return { kind: 'throttled' };
    if (codes.includes('ItemCollectionSizeLimitExceeded')) return { kind: 'item-collection-too-large' };
    if (codes.includes('TransactionConflict')) return { kind: 'conflict' };
    return { kind: 'unknown' };
  }
}

/** The codes of a cancelled transaction's reasons, one per write in request order (`None` for those that were fine). */
function cancellationCodes(error: unknown): string[] {
  if ((error as { name?: unknown } | undefined)?.name !== 'TransactionCanceledException') return [];
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

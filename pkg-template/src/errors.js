// The SDK's error classes. The wasm layer constructs them (they are registered at load time),
// so `instanceof` works for errors from any method.

/** Anything that went wrong on the ComputeHorde side, or on the way to it. */
export class ComputeHordeError extends Error {
  constructor(message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    /** HTTP status of the response that caused the error, if any. */
    this.status = options.status ?? undefined;
    /** That response's body, truncated. */
    this.body = options.body ?? undefined;
  }
}

/** The facilitator answered 404: the job does not exist or is not yours. */
export class ComputeHordeNotFoundError extends ComputeHordeError {}

/** A wait or run took longer than its timeout. */
export class ComputeHordeJobTimeoutError extends ComputeHordeError {
  constructor(message, options = {}) {
    super(message, options);
    /** The job waited for. */
    this.jobUuid = options.jobUuid;
    /** Its status when the time ran out. */
    this.lastStatus = options.lastStatus;
  }
}

/** A `TypeError`/`RangeError` for a bad argument: the message starts with the field, which is
 * also `error.field` (so that a form can mark it without parsing the message). */
function argumentError(Class, field, message, cause) {
  const error = new Class(`${field}: ${message}`, cause === undefined ? undefined : { cause });
  error.field = field;
  return error;
}
export const typeError = (field, message, cause) => argumentError(TypeError, field, message, cause);
export const rangeError = (field, message, cause) => argumentError(RangeError, field, message, cause);

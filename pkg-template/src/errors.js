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

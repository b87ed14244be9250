import { responseCodeName } from "./protocol/responseCode";

/**
 * Every error the client raises says whether trying again can help (`retriable`); one retrier
 * (retry.ts) decides what to do with it (design convention 5).
 */
export abstract class RocketMQError extends Error {
  abstract readonly retriable: boolean;
}

/** Could not connect, or the connection closed before the answer arrived. */
export class ConnectionError extends RocketMQError {
  override readonly name = "ConnectionError";
  readonly retriable = true;
  constructor(
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The peer did not answer within the request's deadline. */
export class RequestTimeoutError extends RocketMQError {
  override readonly name = "RequestTimeoutError";
  readonly retriable = true;
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
    readonly requestCode: number,
  ) {
    super(`${target} did not answer within ${formatSeconds(timeoutMs)} (request code ${requestCode})`);
  }
}

/** Too many requests are already queued on one connection. */
export class BackpressureError extends RocketMQError {
  override readonly name = "BackpressureError";
  readonly retriable = true;
}

/** Response codes worth another try: the server is busy or briefly unable, not wrong. */
const RETRIABLE_CODES = new Set([2 /* SYSTEM_BUSY */, 215 /* FLOW_CONTROL */, 1500 /* GO_AWAY */, 501 /* NOT_LEADER_FOR_QUEUE */]);

/** The peer answered with a non-zero response code. */
export class ResponseError extends RocketMQError {
  override readonly name = "ResponseError";
  readonly retriable: boolean;
  constructor(
    readonly target: string,
    readonly requestCode: number,
    readonly code: number,
    readonly remark: string | undefined,
  ) {
    super(`${target} answered ${responseCodeName(code)} (${code}) to request ${requestCode}${remark ? `: ${remark}` : ""}`);
    this.retriable = RETRIABLE_CODES.has(code);
  }
}

/** A reply that decoded but whose body is not what the request promises. */
export class UnexpectedResponseError extends RocketMQError {
  override readonly name = "UnexpectedResponseError";
  readonly retriable = false;
}

export function isRetriable(err: unknown): boolean {
  return err instanceof RocketMQError && err.retriable;
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

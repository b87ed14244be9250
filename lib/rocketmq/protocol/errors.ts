/**
 * Errors of the wire-format layer. A protocol error means the bytes on a connection cannot be
 * trusted any more: the connection is closed and the request is not retried (`retriable = false`).
 *
 * Kept free of imports so that the sandbox server can share this layer without pulling in the
 * client's error hierarchy.
 */
export type ProtocolErrorKind =
  /** A frame declared a length above the decoder's maximum. */
  | "frame_too_large"
  /** The frame structure is broken (declared length < 4, header length beyond the frame, ...). */
  | "malformed_frame"
  /** The header (JSON or binary ROCKETMQ) cannot be decoded. */
  | "malformed_header"
  /** A body (fastjson text) cannot be parsed, or a value has the wrong shape. */
  | "malformed_body"
  /** A FrameDecoder was used again after it had thrown. */
  | "decoder_poisoned"
  /** The command to encode is not representable on the wire (our own bug, not the peer's). */
  | "invalid_command";

export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  readonly retriable = false as const;
  constructor(
    readonly kind: ProtocolErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isProtocolError(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError;
}

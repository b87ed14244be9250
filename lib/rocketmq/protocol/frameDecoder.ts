/**
 * Streaming frame decoder for one connection: feed it socket chunks, get whole commands back.
 *
 * - Frames may be split at any byte and several frames may arrive in one chunk.
 * - At most one partial frame is kept. Its declared length is checked (>= 4, <= maxFrameBytes)
 *   as soon as the 4 length bytes are in, before any body byte is buffered.
 * - The partial frame is kept as a list of chunk views and concatenated once complete (no O(n^2)
 *   copying). Chunks must therefore not be modified after `push` (socket chunks never are).
 * - After any error the decoder is poisoned: every later `push` throws. Close the connection.
 */
import { ProtocolError } from "./errors";
import { decodeFrameBody, type RemotingCommand } from "./remotingCommand";

/** The Java decoder's default (`com.rocketmq.remoting.frameMaxLength`). */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface FrameDecoderOptions {
  /** Largest accepted frame, counting the 4-byte length prefix (as Netty does). Default 16 MiB. */
  maxFrameBytes?: number;
}

export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Size of the frame being collected, prefix included; -1 while the length is not yet known. */
  private need = -1;
  private error: unknown = undefined;
  private failed = false;

  constructor(opts: FrameDecoderOptions = {}) {
    this.maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes of the partial frame currently held. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** True once push() has thrown. */
  get poisoned(): boolean {
    return this.failed;
  }

  push(chunk: Buffer): RemotingCommand[] {
    if (this.failed) {
      const why = this.error instanceof Error ? this.error.message : String(this.error);
      throw new ProtocolError("decoder_poisoned", `frame decoder already failed: ${why}`, { cause: this.error });
    }
    try {
      return this.consume(chunk);
    } catch (err) {
      // Rethrown unchanged: anything but a ProtocolError here is a bug in this layer, and the fuzz
      // tests must see it. Either way the decoder is poisoned and the connection must close.
      this.error = err;
      this.failed = true;
      this.pending = [];
      this.pendingBytes = 0;
      throw err;
    }
  }

  /** Validates a declared length; returns the frame size including the prefix. */
  private frameSize(declared: number): number {
    if (declared + 4 > this.maxFrameBytes) {
      throw new ProtocolError("frame_too_large", `frame of ${declared} bytes exceeds the ${this.maxFrameBytes}-byte limit`);
    }
    if (declared < 4) {
      throw new ProtocolError("malformed_frame", `frame length ${declared} is shorter than its header length field`);
    }
    return declared + 4;
  }

  private consume(chunk: Buffer): RemotingCommand[] {
    const out: RemotingCommand[] = [];
    const len = chunk.length;
    let off = 0;
    while (off < len) {
      if (this.need < 0) {
        if (this.pendingBytes === 0 && len - off >= 4) {
          // Fast path: the length is in this chunk.
          const size = this.frameSize(chunk.readUInt32BE(off));
          if (len - off >= size) {
            out.push(decodeFrameBody(chunk.subarray(off + 4, off + size)));
            off += size;
            continue;
          }
          this.need = size;
          this.pending.push(chunk.subarray(off));
          this.pendingBytes = len - off;
          return out;
        }
        // Collect the 4 length bytes across chunks.
        const take = Math.min(4 - this.pendingBytes, len - off);
        this.pending.push(chunk.subarray(off, off + take));
        this.pendingBytes += take;
        off += take;
        if (this.pendingBytes === 4) {
          const prefix = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, 4);
          this.pending = [prefix];
          this.need = this.frameSize(prefix.readUInt32BE(0));
        }
        continue;
      }
      const take = Math.min(this.need - this.pendingBytes, len - off);
      this.pending.push(chunk.subarray(off, off + take));
      this.pendingBytes += take;
      off += take;
      if (this.pendingBytes === this.need) {
        const frame = Buffer.concat(this.pending, this.need);
        this.pending = [];
        this.pendingBytes = 0;
        this.need = -1;
        out.push(decodeFrameBody(frame.subarray(4)));
      }
    }
    return out;
  }
}

import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * SEARCH_OFFSET_BY_TIMESTAMP (29), to a broker.
 *   ext: topic, queueId:int, timestamp:long (store time, ms), boundaryType? ("lower"|"upper", 5.1.4+;
 *        the broker reads it case-insensitively and defaults to lower; older brokers ignore it)
 *   reply: SUCCESS, ext offset:long. An empty queue gives 0; a time after the last message gives the
 *          max offset.
 */
export type BoundaryType = "lower" | "upper";

export interface SearchOffsetByTimestampRequest {
  topic: string;
  queueId: number;
  /** Milliseconds since the epoch. */
  timestamp: bigint;
  boundaryType?: BoundaryType;
}

export const code = RequestCode.SEARCH_OFFSET_BY_TIMESTAMP;

export function encode(req: SearchOffsetByTimestampRequest) {
  return createRequest(code, {
    topic: req.topic,
    queueId: req.queueId,
    timestamp: req.timestamp,
    boundaryType: req.boundaryType,
  });
}

import { ProtocolError } from "../../errors";
import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222), to every master broker of the topic.
 *   ext: group, topic, timestamp:long (REQUIRED; ms, -1 = the max offset), isForce:bool (REQUIRED),
 *        queueId:int (5.1+; -1 = every queue), offset:long (5.1+; -1 = none, as Java sends it)
 *   reply: SUCCESS, body ResetOffsetBody {"offsetTable":{MQ:long,...}} (raw MQ object keys)
 *
 * The broker takes one of two paths (reference §4.1):
 * - Server-side reset (5.1+, useServerSideResetOffset=true, the default): target = `offset` when
 *   queueId >= 0 and offset != -1 (must lie in [min, max+1], else SYSTEM_ERROR "Target offset ... not
 *   in consume queue range"), else by `timestamp` (< 0: the max offset). isForce is ignored, no
 *   consumer needs to be online. Errors: SYSTEM_ERROR on a slave, TOPIC_NOT_EXIST,
 *   SUBSCRIPTION_GROUP_NOT_EXIST.
 * - Legacy push (4.x, 5.0, or the flag off): only rewinds unless isForce; SYSTEM_ERROR
 *   "THe consumer group <g> not exist" when a queue has no committed offset; CONSUMER_NOT_ONLINE
 *   (206) when no consumer of the group is connected (callers fall back to per-queue 15).
 * Older brokers ignore the unknown keys queueId and offset.
 */
export interface ResetOffsetRequest {
  group: string;
  topic: string;
  /** Milliseconds since the epoch; -1n means "the max offset" (latest). */
  timestamp: bigint;
  isForce: boolean;
  /** One queue (5.1+ server-side reset only); default -1, every queue. */
  queueId?: number;
  /** Exact target for `queueId` (5.1+ server-side reset only); omitted = by timestamp. */
  offset?: bigint;
}

export const code = RequestCode.INVOKE_BROKER_TO_RESET_OFFSET;

/** What Java's MQClientAPIImpl sends for "no explicit offset". */
const NO_OFFSET = -1n;

export function encode(req: ResetOffsetRequest) {
  const queueId = req.queueId ?? -1;
  if (req.offset !== undefined) {
    if (req.offset < 0n) {
      throw new ProtocolError("invalid_command", `reset offset ${req.offset} is negative (omit it to reset by timestamp)`);
    }
    if (queueId < 0) {
      throw new ProtocolError("invalid_command", "an explicit reset offset needs a queueId (the broker ignores it otherwise)");
    }
  }
  return createRequest(code, {
    group: req.group,
    topic: req.topic,
    timestamp: req.timestamp,
    isForce: req.isForce,
    queueId,
    offset: req.offset ?? NO_OFFSET,
  });
}

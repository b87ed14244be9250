import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * PULL_MESSAGE (11), to a broker: used here to read ONE message at an offset (its store time).
 *   ext: consumerGroup, topic, queueId:int, queueOffset:long, maxMsgNums:int, sysFlag:int,
 *        commitOffset:long, suspendTimeoutMillis:long, subscription, subVersion:long,
 *        expressionType ("TAG")
 *   sysFlag bits: 1 COMMIT_OFFSET, 2 SUSPEND, 4 SUBSCRIPTION, 8 CLASS_FILTER, 16 LITE_PULL.
 *   We send sysFlag=4 (SUBSCRIPTION only, so the broker builds the subscription from `subscription`
 *   and needs no heartbeat), commitOffset=0, suspendTimeoutMillis=0 (no long polling).
 *   reply: SUCCESS, body = the messages back to back (messageDecoder.ts)
 *          PULL_NOT_FOUND (19), PULL_RETRY_IMMEDIATELY (20), PULL_OFFSET_MOVED (21): no body
 *          every one of those four: ext nextBeginOffset, minOffset, maxOffset, suggestWhichBrokerId;
 *          remark = the store's GetMessageStatus name (FOUND, NO_MATCHED_MESSAGE, OFFSET_TOO_SMALL, ...)
 *
 * The group defaults to TOOLS_CONSUMER (pre-created on every broker, as the Java tools use it).
 * NEVER pass the real consumer group: a pull by the group erases its pending server-side reset.
 */
export const TOOLS_CONSUMER_GROUP = "TOOLS_CONSUMER";

/** `PullSysFlag.FLAG_SUBSCRIPTION`. */
export const PULL_SYS_FLAG_SUBSCRIPTION = 0x1 << 2;

export interface PullMessageRequest {
  topic: string;
  queueId: number;
  queueOffset: bigint;
  /** Default 1. */
  maxMsgNums?: number;
  /** Default TOOLS_CONSUMER; never the group whose offsets are being inspected. */
  consumerGroup?: string;
}

export const code = RequestCode.PULL_MESSAGE;

export function encode(req: PullMessageRequest) {
  return createRequest(code, {
    consumerGroup: req.consumerGroup ?? TOOLS_CONSUMER_GROUP,
    topic: req.topic,
    queueId: req.queueId,
    queueOffset: req.queueOffset,
    maxMsgNums: req.maxMsgNums ?? 1,
    sysFlag: PULL_SYS_FLAG_SUBSCRIPTION,
    commitOffset: 0,
    suspendTimeoutMillis: 0,
    subscription: "*",
    subVersion: 0,
    expressionType: "TAG",
  });
}

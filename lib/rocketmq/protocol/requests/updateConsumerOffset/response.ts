import type { RemotingCommand } from "../../remotingCommand";
import { expectCode } from "../common";
import { code } from "./request";

/** The remark of a 5.1+ broker that ignored the update (ConsumerManageProcessor.updateConsumerOffset). */
export const RESET_PENDING_REMARK = "Offset has been previously reset";

export interface UpdateConsumerOffsetResult {
  remark?: string;
  /**
   * True when the broker answered SUCCESS but did NOT write the offset, because a server-side reset
   * (222) is pending for the queue until a consumer pulls it.
   */
  ignoredBecauseResetPending: boolean;
}

export function decode(reply: RemotingCommand): UpdateConsumerOffsetResult {
  const remark = reply.remark;
  const ignoredBecauseResetPending = remark !== undefined && remark.trim() === RESET_PENDING_REMARK;
  return remark === undefined ? { ignoredBecauseResetPending } : { remark, ignoredBecauseResetPending };
}

export function parse(reply: RemotingCommand, target: string): UpdateConsumerOffsetResult {
  expectCode(reply, target, code);
  return decode(reply);
}

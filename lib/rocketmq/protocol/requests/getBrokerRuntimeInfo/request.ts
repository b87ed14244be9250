import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_BROKER_RUNTIME_INFO (28), to a broker. No ext.
 *   reply body: KVTable{table:{s:s}}; every value is a string. Keys include brokerVersionDesc,
 *   bootTimestamp, commitLogDirCapacity, putTps / getTotalTps ("<10s> <1min> <10min>"), ...
 */
export const code = RequestCode.GET_BROKER_RUNTIME_INFO;

export function encode() {
  return createRequest(code);
}

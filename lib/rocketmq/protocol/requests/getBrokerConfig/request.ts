import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_BROKER_CONFIG (26), to a broker. No ext.
 *   reply: SUCCESS, ext version = the broker Configuration's DataVersion as JSON
 *          ({"counter":n,"stateVersion":0,"timestamp":ms}); body = every config field as
 *          `key=value\n` lines (MixAll.properties2String: no escaping, values may contain `=`;
 *          sorted by key from 5.x, HashMap order in 4.9); UTF-8. No body when the text is empty.
 *   Tidemark reads `useServerSideResetOffset` from it to pick the offset-reset path (resetPath.ts):
 *   the key exists from 5.1.0 (default false until 5.1.4, true from 5.2.0) and is absent in 4.x.
 */
export const code = RequestCode.GET_BROKER_CONFIG;

export function encode() {
  return createRequest(code);
}

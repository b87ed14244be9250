import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201), to a broker. No ext.
 *   reply body: {subscriptionGroupTable:{name:SubscriptionGroupConfig}, forbiddenTable, dataVersion}
 *   Includes system groups. Large on big clusters: use a generous timeout.
 */
export const code = RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG;

export function encode() {
  return createRequest(code);
}

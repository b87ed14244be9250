import { createRequest } from "../../remotingCommand";
import { RequestCode } from "../../requestCode";

/**
 * GET_BROKER_CLUSTER_INFO (106), to a NameServer. No ext.
 *   reply body: ClusterInfo{brokerAddrTable:{brokerName:BrokerData}, clusterAddrTable:{cluster:[brokerName]}}
 *   BrokerData = {cluster, brokerName, brokerAddrs:{brokerId:"ip:port"}, ...}; always the legacy
 *   encoding, so brokerId keys are bare integers: {0:"127.0.0.1:10911"}.
 */
export const code = RequestCode.GET_BROKER_CLUSTER_INFO;

export function encode() {
  return createRequest(code);
}

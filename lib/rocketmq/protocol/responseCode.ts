/**
 * Remoting response codes (values checked against apache/rocketmq `ResponseCode.java` and
 * `RemotingSysResponseCode.java`). In a response frame `code` is one of these.
 */
export const ResponseCode = {
  SUCCESS: 0,
  SYSTEM_ERROR: 1,
  SYSTEM_BUSY: 2,
  REQUEST_CODE_NOT_SUPPORTED: 3,
  SERVICE_NOT_AVAILABLE: 14,
  NO_PERMISSION: 16,
  TOPIC_NOT_EXIST: 17,
  PULL_NOT_FOUND: 19,
  PULL_RETRY_IMMEDIATELY: 20,
  PULL_OFFSET_MOVED: 21,
  QUERY_NOT_FOUND: 22,
  SUBSCRIPTION_NOT_EXIST: 24,
  SUBSCRIPTION_NOT_LATEST: 25,
  SUBSCRIPTION_GROUP_NOT_EXIST: 26,
  INVALID_PARAMETER: 29,
  CONSUMER_NOT_ONLINE: 206,
  CONSUME_MSG_TIMEOUT: 207,
  NO_MESSAGE: 208,
  BROKER_NOT_EXIST: 211,
  BROADCAST_CONSUMPTION: 213,
  FLOW_CONTROL: 215,
  NOT_LEADER_FOR_QUEUE: 501,
  GO_AWAY: 1500,
} as const;

export type ResponseCodeName = keyof typeof ResponseCode;
export type ResponseCodeValue = (typeof ResponseCode)[ResponseCodeName];

const NAMES = new Map<number, ResponseCodeName>(
  (Object.keys(ResponseCode) as ResponseCodeName[]).map((name) => [ResponseCode[name], name]),
);

/** The name of a response code, or `UNKNOWN_<code>`. */
export function responseCodeName(code: number): string {
  return NAMES.get(code) ?? `UNKNOWN_${code}`;
}

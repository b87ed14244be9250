/**
 * Remoting request codes used by Tidemark (values checked against apache/rocketmq
 * `RequestCode.java`). In a request frame `code` is one of these; in a response it is a
 * response code (responseCode.ts).
 */
export const RequestCode = {
  PULL_MESSAGE: 11,
  QUERY_CONSUMER_OFFSET: 14,
  UPDATE_CONSUMER_OFFSET: 15,
  GET_BROKER_CONFIG: 26,
  GET_BROKER_RUNTIME_INFO: 28,
  SEARCH_OFFSET_BY_TIMESTAMP: 29,
  GET_MAX_OFFSET: 30,
  GET_MIN_OFFSET: 31,
  GET_EARLIEST_MSG_STORETIME: 32,
  HEART_BEAT: 34,
  GET_CONSUMER_LIST_BY_GROUP: 38,
  NOTIFY_CONSUMER_IDS_CHANGED: 40,
  GET_ALL_CONSUMER_OFFSET: 43,
  GET_ROUTEINFO_BY_TOPIC: 105,
  GET_BROKER_CLUSTER_INFO: 106,
  GET_ALL_SUBSCRIPTIONGROUP_CONFIG: 201,
  GET_TOPIC_STATS_INFO: 202,
  GET_CONSUMER_CONNECTION_LIST: 203,
  GET_ALL_TOPIC_LIST_FROM_NAMESERVER: 206,
  GET_CONSUME_STATS: 208,
  RESET_CONSUMER_CLIENT_OFFSET: 220,
  GET_CONSUMER_STATUS_FROM_CLIENT: 221,
  INVOKE_BROKER_TO_RESET_OFFSET: 222,
  INVOKE_BROKER_TO_GET_CONSUMER_STATUS: 223,
  QUERY_TOPIC_CONSUME_BY_WHO: 300,
  GET_CONSUMER_RUNNING_INFO: 307,
  CONSUME_MESSAGE_DIRECTLY: 309,
  QUERY_TOPICS_BY_CONSUMER: 343,
} as const;

export type RequestCodeName = keyof typeof RequestCode;
export type RequestCodeValue = (typeof RequestCode)[RequestCodeName];

const NAMES = new Map<number, RequestCodeName>(
  (Object.keys(RequestCode) as RequestCodeName[]).map((name) => [RequestCode[name], name]),
);

/** The name of a request code, or `UNKNOWN_<code>`. */
export function requestCodeName(code: number): string {
  return NAMES.get(code) ?? `UNKNOWN_${code}`;
}

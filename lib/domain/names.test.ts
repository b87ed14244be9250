import { describe, expect, it } from "vitest";
import {
  consumeFromWhereLabel,
  consumeTypeLabel,
  dlqTopicOf,
  isBroadcasting,
  isDlqTopicOf,
  isRetryTopicOf,
  isSystemGroup,
  isSystemTopic,
  messageModelLabel,
  popRetryTargetTopic,
  retryTopicOf,
  topicKind,
} from "./names";

describe("isSystemGroup", () => {
  it.each([
    "TOOLS_CONSUMER",
    "FILTERSRV_CONSUMER",
    "SELF_TEST_C_GROUP",
    "SCHEDULE_CONSUMER",
    "DEFAULT_CONSUMER",
    "__MONITOR_CONSUMER",
    "CID_ONS-HTTP-PROXY",
    "CID_ONSAPI_PERMISSION",
    "CID_ONSAPI_OWNER",
    "CID_ONSAPI_PULL",
    "CID_RMQ_SYS_TRANS",
    "CID_RMQ_SYS_anything",
    "CID_DefaultHeartBeatSyncerTopic",
  ])("%s is a system group", (g) => expect(isSystemGroup(g)).toBe(true));

  it.each(["orders-consumer", "CID_orders", "GID_payments", "CID_ONSAPI_PULL_x", "tools_consumer", "cid_rmq_sys_x", ""])(
    "%s is a user group",
    (g) => expect(isSystemGroup(g)).toBe(false),
  );
});

describe("isSystemTopic / topicKind", () => {
  it.each(["TBW102", "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRACE_TOPIC", "OFFSET_MOVED_EVENT", "rmq_sys_REVIVE_LOG_DefaultCluster", "rmq_sys_wheel_timer", "BenchmarkTest", "SELF_TEST_TOPIC", "CHECKPOINT_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC"])(
    "%s is a system topic",
    (t) => {
      expect(isSystemTopic(t)).toBe(true);
      expect(topicKind(t)).toBe("system");
    },
  );

  it("recognises cluster, broker and reply topics only when their names are given", () => {
    expect(isSystemTopic("DefaultCluster")).toBe(false);
    const ctx = { clusterNames: ["DefaultCluster"], brokerNames: ["broker-a"] };
    expect(isSystemTopic("DefaultCluster", ctx)).toBe(true);
    expect(isSystemTopic("DefaultCluster_REPLY_TOPIC", ctx)).toBe(true);
    expect(isSystemTopic("broker-a", ctx)).toBe(true);
    expect(isSystemTopic("broker-b", ctx)).toBe(false);
    expect(topicKind("broker-a", ctx)).toBe("system");
  });

  it("classifies retry, dlq, lmq and business topics", () => {
    expect(topicKind("%RETRY%g")).toBe("retry");
    expect(topicKind("%RETRY%g+Orders")).toBe("retry");
    expect(topicKind("%DLQ%g")).toBe("dlq");
    expect(topicKind("%LMQ%abc")).toBe("lmq");
    expect(topicKind("Orders")).toBe("business");
    expect(topicKind("rmq_sys_x")).toBe("system");
  });
});

describe("retry and DLQ names", () => {
  it("builds and matches the group's topics", () => {
    expect(retryTopicOf("g")).toBe("%RETRY%g");
    expect(dlqTopicOf("g")).toBe("%DLQ%g");
    expect(isRetryTopicOf("%RETRY%g", "g")).toBe(true);
    expect(isRetryTopicOf("%RETRY%g_Orders", "g")).toBe(true);
    expect(isRetryTopicOf("%RETRY%g+Orders", "g")).toBe(true);
    expect(isRetryTopicOf("%RETRY%gx", "g")).toBe(false);
    expect(isRetryTopicOf("%RETRY%g_", "g")).toBe(false);
    expect(isRetryTopicOf("%RETRY%other", "g")).toBe(false);
    expect(isDlqTopicOf("%DLQ%g", "g")).toBe(true);
    expect(isDlqTopicOf("%DLQ%gg", "g")).toBe(false);
  });

  it("finds the business topic of a POP retry topic without guessing", () => {
    expect(popRetryTargetTopic("%RETRY%g+Orders")).toBe("Orders");
    expect(popRetryTargetTopic("%RETRY%my_group_Orders")).toBeUndefined();
    expect(popRetryTargetTopic("%RETRY%my_group_Orders", "my_group")).toBe("Orders");
    expect(popRetryTargetTopic("%RETRY%my_group", "my_group")).toBeUndefined();
    expect(popRetryTargetTopic("%RETRY%g+")).toBeUndefined();
    expect(popRetryTargetTopic("Orders")).toBeUndefined();
    expect(popRetryTargetTopic("%RETRY%other+Orders", "g")).toBeUndefined();
  });
});

describe("labels", () => {
  it("maps message models and consume types", () => {
    expect(messageModelLabel("CLUSTERING")).toBe("Clustering");
    expect(messageModelLabel("BROADCASTING")).toBe("Broadcasting");
    expect(messageModelLabel(undefined)).toBe("unknown");
    expect(messageModelLabel("")).toBe("unknown");
    expect(messageModelLabel("NEW_MODEL")).toBe("NEW_MODEL");
    expect(consumeTypeLabel("CONSUME_PASSIVELY")).toBe("push");
    expect(consumeTypeLabel("CONSUME_ACTIVELY")).toBe("pull");
    expect(consumeTypeLabel("CONSUME_POP")).toBe("pop");
    expect(consumeTypeLabel(null)).toBe("unknown");
    expect(consumeTypeLabel("toString")).toBe("toString");
    expect(consumeFromWhereLabel("CONSUME_FROM_FIRST_OFFSET")).toBe("first offset");
    expect(consumeFromWhereLabel("CONSUME_FROM_MAX_OFFSET")).toBe("last offset (deprecated variant)");
    expect(isBroadcasting("BROADCASTING")).toBe(true);
    expect(isBroadcasting("CLUSTERING")).toBe(false);
    expect(isBroadcasting(undefined)).toBe(false);
  });
});

// The /metrics collector on crafted snapshots: what is written, what is omitted, and that the text parses
// with a Prometheus text-format parser to the same values (bigints exact, labels escaped).
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderPrometheus } from "@/lib/domain/prometheus";
import { statusSampleFromQueues } from "@/lib/domain/status";
import type { BrokerFailure, ConsumeProgress, GroupClients } from "@/lib/rocketmq/admin";
import type { QueueConsumeStats } from "@/lib/rocketmq/protocol/requests/getConsumeStats/response";
import type { SamplerStats } from "@/lib/sampler/sampler";
import type { GroupSnapshot } from "./groupCache";
import { groupRowOf } from "./groups";
import { collectMetrics, groupFamilies, metricsArePublic, registerMetricsSource, samplerFamilies, STATUSES, type ClusterMetricsInput } from "./metrics";

const NOW = 1_700_000_000_000;
const BROKERS = [
  { brokerName: "broker-a", address: "127.0.0.1:10911" },
  { brokerName: "broker-b", address: "127.0.0.1:10921" },
];

const q = (topic: string, brokerName: string, brokerOffset: bigint, consumerOffset: bigint, lastTimestamp = 0n, queueId = 0): QueueConsumeStats => ({
  mq: { topic, brokerName, queueId },
  brokerOffset,
  consumerOffset,
  pullOffset: undefined,
  lastTimestamp,
});

function clients(group: string, n: number, messageModel = "CLUSTERING", failures: BrokerFailure[] = []): GroupClients {
  return {
    group,
    online: n > 0,
    connections: Array.from({ length: n }, (_, i) => ({ clientId: `10.0.0.${i}@1`, clientAddr: `10.0.0.${i}:5000`, language: "JAVA", version: 479, brokers: ["broker-a"] })),
    viaProxy: false,
    subscriptions: [],
    consumeType: "CONSUME_PASSIVELY",
    messageModel,
    consumeFromWhere: undefined,
    failures,
  };
}

interface SnapshotSpec {
  queues: QueueConsumeStats[];
  /** The queues 10 s earlier (a second sample: rates). */
  before?: QueueConsumeStats[];
  clients?: GroupClients;
  failures?: BrokerFailure[];
}

function snapshot(group: string, spec: SnapshotSpec): GroupSnapshot {
  const online = spec.clients?.connections.length;
  const progress: ConsumeProgress = { group, queues: spec.queues, consumeTps: 0, brokers: BROKERS, failures: spec.failures ?? [] };
  return {
    group,
    fetchedAt: NOW,
    progress,
    clients: spec.clients,
    error: undefined,
    samples: [...(spec.before ? [statusSampleFromQueues(BigInt(NOW - 10_000), spec.before, online)] : []), statusSampleFromQueues(BigInt(NOW), spec.queues, online)],
  };
}

const failure = (brokerName: string): BrokerFailure => ({ brokerName, address: "127.0.0.1:10921", message: "connect ECONNREFUSED", retriable: true });

/** Parses the rendered text (it must parse) and finds samples by name and labels. */
function scrape(text: string) {
  const families = parsePrometheusTextFormat(text);
  const names = families.map((f) => f.name);
  expect(new Set(names).size).toBe(names.length);
  const byName = new Map<string, PrometheusFamily>(families.map((f) => [f.name, f]));
  const matches = (labels: Record<string, string>, want: Record<string, string>) =>
    Object.keys(want).length === Object.keys(labels).length && Object.entries(want).every(([k, v]) => labels[k] === v);
  return {
    family: (name: string) => byName.get(name),
    value(name: string, labels: Record<string, string> = {}): string | undefined {
      const found = (byName.get(name)?.metrics ?? []).filter((m) => matches(m.labels ?? {}, labels));
      expect(found.length, `${name} ${JSON.stringify(labels)} appears at most once`).toBeLessThanOrEqual(1);
      return found[0]?.value;
    },
    /** Every sample of a family whose labels include `labels`. */
    all(name: string, labels: Record<string, string> = {}) {
      return (byName.get(name)?.metrics ?? []).filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    },
  };
}

describe("groupFamilies", () => {
  const orders = snapshot("orders", {
    queues: [q("TOrders", "broker-a", 1000n, 900n, BigInt(NOW - 60_000)), q("TOrders", "broker-b", 500n, 500n, BigInt(NOW - 5_000)), q("%RETRY%orders", "broker-a", 30n, 25n, BigInt(NOW - 1_000))],
    before: [q("TOrders", "broker-a", 900n, 850n), q("TOrders", "broker-b", 480n, 470n), q("%RETRY%orders", "broker-a", 30n, 20n)],
    clients: clients("orders", 2),
  });
  const cluster = (groups: ClusterMetricsInput["groups"], extra: Partial<ClusterMetricsInput> = {}): ClusterMetricsInput => ({ cluster: "prod", groupListError: null, groupListFailures: [], groups, ...extra });
  const g = (group: string) => ({ cluster: "prod", group });
  const t = (group: string, topic: string) => ({ cluster: "prod", group, topic });

  it("writes per-topic lag, retry lag, clients, rates and status as the list row has them", () => {
    const m = scrape(renderPrometheus(groupFamilies([cluster([{ group: "orders", snapshot: orders }])])));
    expect(m.value("rocketmq_group_diff", t("orders", "TOrders"))).toBe("100");
    expect(m.value("rocketmq_group_retrydiff", t("orders", "%RETRY%orders"))).toBe("5");
    // the retry topic is only in retrydiff, the business topic only in diff
    expect(m.value("rocketmq_group_diff", t("orders", "%RETRY%orders"))).toBeUndefined();
    expect(m.all("rocketmq_group_retrydiff", g("orders"))).toHaveLength(1);
    expect(m.value("tidemark_group_lag_partial", t("orders", "TOrders"))).toBe("0");
    expect(m.value("rocketmq_group_count", g("orders"))).toBe("2");
    // committed +50 +30 in 10 s; produced +100 +20 in 10 s
    expect(m.value("tidemark_group_consume_rate", g("orders"))).toBe("8");
    expect(m.value("tidemark_group_produce_rate", t("orders", "TOrders"))).toBe("12");
    expect(m.value("tidemark_group_produce_rate", t("orders", "%RETRY%orders"))).toBeUndefined();
    expect(m.value("tidemark_group_read_timestamp_seconds", g("orders"))).toBe(String(NOW / 1000));
    // no store time read: the lastTimestamp upper bound (60 s), marked as not exact; no exporter latency
    expect(m.value("tidemark_group_lag_seconds", t("orders", "TOrders"))).toBe("60");
    expect(m.value("tidemark_group_lag_seconds_exact", t("orders", "TOrders"))).toBe("0");
    expect(m.value("rocketmq_group_get_latency_by_storetime", t("orders", "TOrders"))).toBeUndefined();
    // status: one 1 among the six, the row's
    const row = groupRowOf("orders", orders);
    expect(m.all("tidemark_group_status", g("orders")).map((s) => [s.labels?.status, s.value])).toEqual(STATUSES.map((s) => [s, s === row.status.code ? "1" : "0"]));
    expect(row.lag.value).toBe("100");
    expect(row.retryLag.value).toBe("5");
    expect(row.consumeRate).toBe(8);
  });

  it("with store times read: exact lag in time, in ms as rocketmq-exporter and in seconds, equal to the row's", () => {
    const storeTimes = new Map([["TOrders|broker-a|0", { atCommittedMs: BigInt(NOW - 45_000) }]]);
    const m = scrape(renderPrometheus(groupFamilies([cluster([{ group: "orders", snapshot: orders, storeTimes }])])));
    expect(m.value("rocketmq_group_get_latency_by_storetime", t("orders", "TOrders"))).toBe("45000");
    expect(m.value("tidemark_group_lag_seconds", t("orders", "TOrders"))).toBe("45");
    expect(m.value("tidemark_group_lag_seconds_exact", t("orders", "TOrders"))).toBe("1");
    expect(groupRowOf("orders", orders, storeTimes).lagTime).toEqual({ ms: 45_000, kind: "exact" });
  });

  it("omits what is unknown: not read yet, unreadable, no committed offset, broadcasting", () => {
    const broadcasting = snapshot("bc", { queues: [q("TOrders", "broker-a", 1000n, 0n)], clients: clients("bc", 3, "BROADCASTING") });
    const noCommit = snapshot("nocommit", { queues: [q("TNew", "broker-a", 100n, -1n)], clients: clients("nocommit", 1) });
    const broken: GroupSnapshot = { group: "broken", fetchedAt: NOW, progress: undefined, clients: undefined, error: "timeout after 3000 ms", samples: [] };
    const m = scrape(
      renderPrometheus(
        groupFamilies([
          cluster([
            { group: "bc", snapshot: broadcasting },
            { group: "nocommit", snapshot: noCommit },
            { group: "broken", snapshot: broken },
            { group: "fresh", snapshot: undefined },
          ]),
        ]),
      ),
    );
    for (const group of ["bc", "nocommit", "broken", "fresh"]) {
      for (const name of ["rocketmq_group_diff", "rocketmq_group_retrydiff", "tidemark_group_lag_partial", "rocketmq_group_get_latency_by_storetime", "tidemark_group_lag_seconds", "tidemark_group_consume_rate"]) {
        expect(m.all(name, g(group)), `${name} of ${group}`).toEqual([]);
      }
      // every group has a status, UNKNOWN when nothing is known
      expect(m.all("tidemark_group_status", g(group))).toHaveLength(STATUSES.length);
    }
    for (const group of ["bc", "fresh", "broken"]) expect(m.value("tidemark_group_status", { ...g(group), status: "UNKNOWN" })).toBe("1");
    expect(m.value("tidemark_group_status_code", g("fresh"))).toBe("0");
    // clients are known for the broadcasting group; never-read and failed groups have none and no read time
    expect(m.value("rocketmq_group_count", g("bc"))).toBe("3");
    expect(m.value("rocketmq_group_count", g("fresh"))).toBeUndefined();
    expect(m.value("rocketmq_group_count", g("broken"))).toBeUndefined();
    expect(m.value("tidemark_group_read_timestamp_seconds", g("fresh"))).toBeUndefined();
    expect(m.value("tidemark_cluster_groups", { cluster: "prod" })).toBe("4");
    expect(m.value("tidemark_cluster_groups_unreadable", { cluster: "prod" })).toBe("1");
  });

  it("a broker that did not answer: the lag of what was read is written, marked partial, and the broker counted", () => {
    const halfway = snapshot("halfway", {
      queues: [q("TOrders", "broker-a", 1000n, 400n), q("%RETRY%halfway", "broker-a", 7n, 7n)],
      clients: clients("halfway", 1, "CLUSTERING", [failure("broker-b")]),
      failures: [failure("broker-b")],
    });
    const m = scrape(renderPrometheus(groupFamilies([cluster([{ group: "halfway", snapshot: halfway }, { group: "orders", snapshot: orders }], { groupListFailures: [failure("broker-b")] })])));
    expect(m.value("rocketmq_group_diff", t("halfway", "TOrders"))).toBe("600");
    expect(m.value("tidemark_group_lag_partial", t("halfway", "TOrders"))).toBe("1");
    expect(m.value("rocketmq_group_retrydiff", t("halfway", "%RETRY%halfway"))).toBe("0");
    expect(m.value("tidemark_group_lag_partial", t("halfway", "%RETRY%halfway"))).toBe("1");
    expect(groupRowOf("halfway", halfway).lag).toMatchObject({ value: "600", partial: true });
    // one group read (progress and clients alike) and the group list failed on broker-b; broker-a answered all
    expect(m.value("tidemark_broker_failed_reads", { cluster: "prod", broker: "broker-b" })).toBe("2");
    expect(m.value("tidemark_broker_failed_reads", { cluster: "prod", broker: "broker-a" })).toBe("0");
  });

  it("writes int64 lags exactly and escapes label values", () => {
    const max = 9_223_372_036_854_775_807n;
    const lag = 9_007_199_254_740_993n; // 2^53 + 1: not a float64
    const name = 'we"ird\\grp\nx';
    const big = snapshot(name, { queues: [q("TBig", "broker-a", max, max - lag)], clients: clients(name, 1) });
    const text = renderPrometheus(groupFamilies([cluster([{ group: name, snapshot: big }])]));
    expect(text).toContain(`rocketmq_group_diff{cluster="prod",group="we\\"ird\\\\grp\\nx",topic="TBig"} 9007199254740993\n`);
    const m = scrape(text);
    expect(m.value("rocketmq_group_diff", t(name, "TBig"))).toBe("9007199254740993");
    expect(BigInt(m.value("rocketmq_group_diff", t(name, "TBig"))!)).toBe(lag);
  });

  it("a cluster whose group list is unreadable says so and has no group metrics", () => {
    const m = scrape(renderPrometheus(groupFamilies([cluster([], { cluster: "dr", groupListError: "the group list could not be read: no route" }), cluster([{ group: "orders", snapshot: orders }])])));
    expect(m.value("tidemark_group_list_up", { cluster: "dr" })).toBe("0");
    expect(m.value("tidemark_group_list_up", { cluster: "prod" })).toBe("1");
    expect(m.all("tidemark_group_status", { cluster: "dr" })).toEqual([]);
    expect(m.value("tidemark_cluster_groups", { cluster: "dr" })).toBeUndefined();
  });
});

describe("samplerFamilies", () => {
  it("without a sampler in this process: only tidemark_sampler_enabled 0", () => {
    const m = scrape(renderPrometheus(samplerFamilies(undefined)));
    expect(m.value("tidemark_sampler_enabled")).toBe("0");
    expect(m.family("tidemark_sampler_cycles_total")).toBeUndefined();
  });

  it("cycles, skipped cycles, last duration and per-cluster failures", () => {
    const state: SamplerStats = {
      running: false,
      started: true,
      intervalMs: 30_000,
      cycles: 42,
      skippedCycles: 3,
      lastCycleAt: NOW,
      lastCycleMs: 1234.5,
      lastError: "dr: the group list could not be read: timeout",
      lastReport: {
        cycleMs: NOW,
        durationMs: 1234.5,
        cpuMs: 10,
        rows: 12,
        clusters: [
          { cluster: "prod", groups: 10, failed: 0, rows: 12, error: null, observeMs: null },
          { cluster: "dr", groups: 0, failed: 0, rows: 0, error: "the group list could not be read: timeout", observeMs: null },
        ],
        // (observeMs: alert evaluation time, in reports since the alerts work)
      } as SamplerStats["lastReport"],
      lastMaintenanceAt: null,
    };
    const m = scrape(renderPrometheus(samplerFamilies(state)));
    expect(m.value("tidemark_sampler_enabled")).toBe("1");
    expect(m.family("tidemark_sampler_cycles_total")?.type).toBe("COUNTER");
    expect(m.value("tidemark_sampler_cycles_total")).toBe("42");
    expect(m.value("tidemark_sampler_skipped_cycles_total")).toBe("3");
    expect(m.value("tidemark_sampler_cycle_duration_seconds")).toBe("1.2345");
    expect(m.value("tidemark_sampler_last_cycle_timestamp_seconds")).toBe(String(NOW / 1000));
    expect(m.value("tidemark_sampler_interval_seconds")).toBe("30");
    expect(m.value("tidemark_sampler_groups", { cluster: "prod" })).toBe("10");
    expect(m.value("tidemark_sampler_groups_failed", { cluster: "prod" })).toBe("0");
    expect(m.value("tidemark_sampler_cluster_error", { cluster: "prod" })).toBe("0");
    expect(m.value("tidemark_sampler_cluster_error", { cluster: "dr" })).toBe("1");
  });

  it("before the first cycle: counters at 0, no duration", () => {
    const m = scrape(
      renderPrometheus(
        samplerFamilies({ running: true, started: true, intervalMs: 30_000, cycles: 0, skippedCycles: 0, lastCycleAt: null, lastCycleMs: null, lastError: null, lastReport: null, lastMaintenanceAt: null }),
      ),
    );
    expect(m.value("tidemark_sampler_cycles_total")).toBe("0");
    expect(m.all("tidemark_sampler_cycle_duration_seconds")).toEqual([]);
  });
});

describe("registerMetricsSource", () => {
  const unregister: (() => void)[] = [];
  afterEach(() => {
    unregister.splice(0).forEach((u) => u());
    vi.restoreAllMocks();
  });
  const collect = async () => scrape(renderPrometheus(await collectMetrics({ clusters: () => [], sampler: () => undefined })));

  it("adds a source's families after the collector's own, and can be removed", async () => {
    unregister.push(registerMetricsSource("alerts", async () => [{ name: "tidemark_alerts_firing", help: "Alerts firing.", type: "gauge", samples: [{ labels: { severity: "critical" }, value: 2 }] }]));
    const m = await collect();
    expect(m.value("tidemark_alerts_firing", { severity: "critical" })).toBe("2");
    expect(m.value("tidemark_metrics_source_up", { source: "alerts" })).toBe("1");
    unregister.splice(0).forEach((u) => u());
    const after = await collect();
    expect(after.family("tidemark_alerts_firing")).toBeUndefined();
    expect(after.family("tidemark_metrics_source_up")).toBeUndefined();
  });

  it("a failing, invalid or clashing source loses its families and shows as down; the scrape still answers", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    unregister.push(
      registerMetricsSource("broken", () => {
        throw new Error("database locked");
      }),
      registerMetricsSource("clash", () => [
        { name: "tidemark_sampler_enabled", help: "again", type: "gauge", samples: [] },
        { name: "tidemark_fine", help: "kept", type: "gauge", samples: [{ labels: {}, value: 1 }] },
      ]),
      registerMetricsSource("invalid", () => [{ name: "bad name", help: "x", type: "gauge", samples: [] }]),
    );
    const m = await collect();
    expect(m.value("tidemark_metrics_source_up", { source: "broken" })).toBe("0");
    expect(m.value("tidemark_metrics_source_up", { source: "clash" })).toBe("0");
    expect(m.value("tidemark_metrics_source_up", { source: "invalid" })).toBe("0");
    expect(m.value("tidemark_fine")).toBe("1");
    expect(m.value("tidemark_sampler_enabled")).toBe("0");
    expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/database locked[\s\S]*already exported[\s\S]*invalid metric name/);
  });
});

it("TIDEMARK_METRICS_PUBLIC=true (only that) makes /metrics public", () => {
  expect(metricsArePublic({ TIDEMARK_METRICS_PUBLIC: "true" })).toBe(true);
  for (const v of [undefined, "", "false", "1", "TRUE"]) expect(metricsArePublic({ TIDEMARK_METRICS_PUBLIC: v })).toBe(false);
});

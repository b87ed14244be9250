// GET /metrics against the sandbox on a manual clock: nothing moves between two reads, so the scrape, parsed
// with a Prometheus text-format parser (parse-prometheus-text-format), must say exactly what the group list
// API and the group detail API say (lag and retry lag per topic, lag in time, clients, status, consume rate),
// and the lags must be the brokers' own (the sandbox's internal offsets). A scrape reads no broker.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import parsePrometheusTextFormat, { type PrometheusFamily, type PrometheusSample } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSandbox, type Sandbox, type ScenarioSpec } from "../../lib/sandbox";
import type { Sampler } from "../../lib/sampler/sampler";
import type { GroupDetail, GroupList, GroupRow } from "../../lib/schemas";
import type { ClusterEntry } from "../../lib/services/clusterRegistry";

const CLUSTER = "metrics-sandbox";
const T = "TmMetrics";
const T2 = "TmMetricsSide";
const spec: ScenarioSpec = {
  name: "metrics",
  description: "an offline group with a backlog on two topics, a slow group with retries, a healthy one, a broadcasting one",
  topics: [
    { name: T, queuesPerBroker: 2, rate: 20, history: { messages: 2_000, spanMs: 3_600_000 }, keyPrefix: "m", tags: ["a"] },
    { name: T2, queuesPerBroker: 1, rate: 4, history: { messages: 500, spanMs: 3_600_000 }, keyPrefix: "s", tags: ["a"] },
  ],
  groups: [
    { name: "met-offline", topics: [T, T2], kind: "offline", clients: 1, threads: 4, consumeMs: { median: 2 }, startLag: 300, leaveAtMs: 1_000, description: "", intended: "STOP" },
    { name: "met-slow", topics: [T], kind: "push", clients: 2, threads: 1, consumeMs: { median: 150, sigma: 0.1 }, failureRate: 0.3, startLag: 400, description: "", intended: "WARN" },
    { name: "met-ok", topics: [T], kind: "push", clients: 1, threads: 8, consumeMs: { median: 2, sigma: 0.1 }, startLag: 0, description: "", intended: "OK" },
    { name: "met-bc", topics: [T], kind: "broadcast", clients: 2, threads: 4, consumeMs: { median: 2 }, description: "", intended: "UNKNOWN" },
  ],
};
const GROUPS = spec.groups.map((g) => g.name).sort();

type Handler = (req: NextRequest, ctx?: { params?: Promise<Record<string, string | string[]> | undefined> }) => Promise<Response>;

describe("/metrics on the sandbox equals the API", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-metrics-"));
  let sb: Sandbox;
  let cluster: ClusterEntry;
  let sampler: Sampler;
  let token = "";
  let metricsGET: Handler;
  let listGET: Handler;
  let detailGET: Handler;
  let renderMetrics: typeof import("../../lib/services/metrics").renderMetrics;

  beforeAll(async () => {
    process.env.DATABASE_URL = `file:${path.join(dir, "metrics.db")}`;
    process.env.TIDEMARK_AUTH = "on";
    delete process.env.TIDEMARK_METRICS_PUBLIC;
    // the simulated wall clock runs behind ours, so store times are in our past and lag in time is real
    sb = await startSandbox({ scenario: spec, seed: 7, clock: "manual", startTime: Date.now() - 30 * 60_000, namesrvPort: 0, brokerPorts: [0, 0], dataDir: path.join(dir, "sandbox") });
    const { registerSandboxCluster } = await import("../../lib/services/clusterRegistry");
    cluster = registerSandboxCluster(CLUSTER, sb.namesrvAddr);
    const { appDatabase } = await import("../../lib/services/database");
    const db = await appDatabase();
    const { hashPassword } = await import("../../lib/auth/passwords");
    const { createUser } = await import("../../lib/data/users");
    const { createApiToken } = await import("../../lib/data/tokens");
    const owner = await createUser(db, { username: "prometheus-owner", passwordHash: await hashPassword("prometheus-owner-pw"), role: "viewer" });
    token = (await createApiToken(db, owner.id, "prometheus", "viewer")).token;
    metricsGET = (await import("../../app/metrics/route")).GET;
    listGET = (await import("../../app/api/clusters/[cluster]/groups/route")).GET;
    detailGET = (await import("../../app/api/clusters/[cluster]/groups/[group]/route")).GET;
    renderMetrics = (await import("../../lib/services/metrics")).renderMetrics;
    const { Sampler } = await import("../../lib/sampler/sampler");
    sampler = new Sampler({ db, clusters: () => [cluster], intervalMs: 30_000, fanOut: 4, retention: { rawMs: 48 * 3_600_000, bucketMs: 300_000, keepMs: 30 * 86_400_000 }, now: () => sb.now() });
    // two sampler cycles 30 simulated seconds apart; >= 4 real seconds apart so each snapshot keeps two samples (rates)
    await sb.advance(20_000);
    await sampler.runCycle();
    await new Promise((r) => setTimeout(r, 4_200));
    await sb.advance(30_000);
    await sampler.runCycle();
  }, 60_000);

  afterAll(async () => {
    await sampler?.stop();
    await sb?.stop();
    const { appDatabase } = await import("../../lib/services/database");
    await (await appDatabase()).$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) => new NextRequest(`http://127.0.0.1:3000${url}`, { headers: { authorization: `Bearer ${token}` } });
  const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

  async function scrape() {
    const res = await metricsGET(get("/metrics"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    return parsed(await res.text());
  }

  function parsed(text: string) {
    const families = parsePrometheusTextFormat(text);
    expect(new Set(families.map((f) => f.name)).size).toBe(families.length);
    const byName = new Map<string, PrometheusFamily>(families.map((f) => [f.name, f]));
    const samples = (name: string, labels: Record<string, string>): PrometheusSample[] =>
      (byName.get(name)?.metrics ?? []).filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    const one = (name: string, labels: Record<string, string>): string | undefined => {
      const found = samples(name, labels);
      expect(found.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
      return found[0]?.value;
    };
    return { samples, one };
  }

  const listGroups = async (): Promise<GroupList> => {
    const res = await listGET(get(`/api/clusters/${CLUSTER}/groups?pageSize=100`), params({ cluster: CLUSTER }));
    expect(res.status).toBe(200);
    return (await res.json()) as GroupList;
  };
  const groupDetail = async (group: string): Promise<GroupDetail> => {
    const res = await detailGET(get(`/api/clusters/${CLUSTER}/groups/${group}`), params({ cluster: CLUSTER, group }));
    expect(res.status).toBe(200);
    return (await res.json()) as GroupDetail;
  };

  /** The brokers' own lag per topic (the sandbox's offsets): max(0, max offset - reported consumer offset). */
  const brokerLag = (group: string) => {
    const out = new Map<string, bigint>();
    for (const q of sb.queueStates(group)) out.set(q.mq.topic, (out.get(q.mq.topic) ?? 0n) + BigInt(Math.max(0, q.brokerOffset - q.consumerOffset)));
    return out;
  };
  const sum = (xs: readonly PrometheusSample[]) => xs.reduce((s, x) => s + BigInt(x.value), 0n);

  it("the list API's rows: lag, retry lag, lag in time, clients, consume rate and status are the scrape's", async () => {
    const list = await listGroups();
    const m = await scrape();
    expect(list.rows.map((r) => r.group).sort()).toEqual(GROUPS);
    expect(m.one("tidemark_cluster_groups", { cluster: CLUSTER })).toBe(String(list.totalGroups));
    for (const row of list.rows) {
      const g = { cluster: CLUSTER, group: row.group };
      const why = (what: string) => `${row.group}: ${what}`;
      // status: the row's is 1, the five others 0
      const status = m.samples("tidemark_group_status", g);
      expect(status.map((s) => `${s.labels?.status}=${s.value}`).sort(), why("status")).toEqual(
        ["OK", "WARN", "STALL", "STOP", "REWIND", "UNKNOWN"].map((s) => `${s}=${s === row.status.code ? 1 : 0}`).sort(),
      );
      expect(m.one("rocketmq_group_count", g), why("clients")).toBe(row.onlineClients === null ? undefined : String(row.onlineClients));
      expect(m.one("tidemark_group_consume_rate", g), why("consume rate")).toBe(row.consumeRate === null ? undefined : String(row.consumeRate));
      const expectTotal = (name: string, total: GroupRow["lag"]) => {
        const xs = m.samples(name, g);
        if (total.value === null) return expect(xs, why(`${name} unknown`)).toEqual([]);
        expect(sum(xs), why(name)).toBe(BigInt(total.value));
        const partial = xs.map((x) => m.one("tidemark_group_lag_partial", { ...g, topic: x.labels!.topic! }));
        expect(partial.includes("1"), why(`${name} partial`)).toBe(total.partial);
      };
      expectTotal("rocketmq_group_diff", row.lag);
      expectTotal("rocketmq_group_retrydiff", row.retryLag);
      // the row's lag in time is its worst topic's
      const lagSeconds = m.samples("tidemark_group_lag_seconds", g).map((x) => Number(x.value) * 1000);
      if (row.lagTime.ms === null) expect(lagSeconds, why("lag in time unknown")).toEqual([]);
      else expect(Math.max(...lagSeconds), why("lag in time")).toBe(row.lagTime.ms);
    }
    const byGroup = new Map(list.rows.map((r) => [r.group, r]));

    // values the scenario makes, checked against the brokers' own offsets: the scrape can be wrong
    const offline = brokerLag("met-offline");
    for (const topic of [T, T2]) {
      expect(offline.get(topic)).toBeGreaterThan(300n);
      expect(m.one("rocketmq_group_diff", { cluster: CLUSTER, group: "met-offline", topic })).toBe(String(offline.get(topic)));
    }
    expect(byGroup.get("met-offline")!.status.code).toBe("STOP");
    expect(m.one("tidemark_group_status", { cluster: CLUSTER, group: "met-offline", status: "STOP" })).toBe("1");
    expect(m.one("rocketmq_group_count", { cluster: CLUSTER, group: "met-offline" })).toBe("0");
    // exact lag in time (store times read by the sampler, none by the scrape): the read time minus the store
    // time of the message at the committed offset, in the sandbox's own store, worst queue of the topic
    const exact = m.samples("rocketmq_group_get_latency_by_storetime", { cluster: CLUSTER });
    expect(exact.length).toBeGreaterThanOrEqual(2);
    for (const x of exact) {
      const { group, topic } = x.labels as { group: string; topic: string };
      const readAt = Math.round(Number(m.one("tidemark_group_read_timestamp_seconds", { cluster: CLUSTER, group })) * 1000);
      const ages = sb
        .queueStates(group)
        .filter((q) => q.mq.topic === topic && q.brokerOffset > q.consumerOffset)
        .map((q) => readAt - sb.broker(q.mq.brokerName).store.timestampAt(topic, q.mq.queueId, q.consumerOffset));
      expect(Number(x.value), `${group} ${topic}`).toBe(Math.max(0, ...ages));
      expect(m.one("tidemark_group_lag_seconds", { cluster: CLUSTER, group, topic })).toBe(String(Number(x.value) / 1000));
      expect(m.one("tidemark_group_lag_seconds_exact", { cluster: CLUSTER, group, topic })).toBe("1");
    }

    const slow = brokerLag("met-slow");
    expect(slow.get(T)).toBeGreaterThan(400n);
    expect(m.one("rocketmq_group_diff", { cluster: CLUSTER, group: "met-slow", topic: T })).toBe(String(slow.get(T)));
    const retry = "%RETRY%met-slow";
    expect(slow.has(retry)).toBe(true);
    expect(m.one("rocketmq_group_retrydiff", { cluster: CLUSTER, group: "met-slow", topic: retry })).toBe(String(slow.get(retry)));
    expect(m.one("rocketmq_group_count", { cluster: CLUSTER, group: "met-slow" })).toBe("2");
    // 20 msg/s are produced to T: over the two samples its broker offsets moved, so a produce rate exists
    expect(Number(m.one("tidemark_group_produce_rate", { cluster: CLUSTER, group: "met-slow", topic: T }))).toBeGreaterThan(0);

    // broadcasting: offsets live in the clients, so no lag at all, but its clients are known
    expect(m.samples("rocketmq_group_diff", { cluster: CLUSTER, group: "met-bc" })).toEqual([]);
    expect(m.samples("tidemark_group_lag_seconds", { cluster: CLUSTER, group: "met-bc" })).toEqual([]);
    expect(m.one("rocketmq_group_count", { cluster: CLUSTER, group: "met-bc" })).toBe("2");
    expect(m.one("tidemark_group_status", { cluster: CLUSTER, group: "met-bc", status: "UNKNOWN" })).toBe("1");
  });

  it("the detail API's per-topic lag, clients and status are the scrape's", async () => {
    for (const group of GROUPS.filter((g) => g !== "met-bc")) {
      const detail = await groupDetail(group);
      const m = await scrape();
      const g = { cluster: CLUSTER, group };
      const topics = detail.topics.filter((t) => t.kind === "business" || t.kind === "retry");
      expect(topics.length, group).toBeGreaterThan(0);
      for (const t of topics) {
        const name = t.kind === "retry" ? "rocketmq_group_retrydiff" : "rocketmq_group_diff";
        expect(m.one(name, { ...g, topic: t.topic }), `${group} ${t.topic}`).toBe(t.lag.value);
        expect(m.one("tidemark_group_lag_partial", { ...g, topic: t.topic }), `${group} ${t.topic} partial`).toBe(t.lag.partial ? "1" : "0");
      }
      expect(m.samples("rocketmq_group_diff", g).length + m.samples("rocketmq_group_retrydiff", g).length).toBe(topics.length);
      expect(m.one("rocketmq_group_count", g)).toBe(String(detail.onlineClients));
      expect(m.one("tidemark_group_status", { ...g, status: detail.summary.status.code })).toBe("1");
      expect(m.one("tidemark_group_read_timestamp_seconds", g)).toBe(String(detail.fetchedAt / 1000));
    }
  });

  it("a scrape reads no consume progress, clients or messages from the brokers", async () => {
    const spies = (["getConsumeProgress", "getGroupClients", "pullMessage", "getConsumeStats"] as const).map((method) => vi.spyOn(cluster.admin, method));
    try {
      await scrape();
      await scrape();
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("the sampler's health: cycles, skipped cycles, last duration, groups read per cluster", async () => {
    const state = sampler.state();
    const m = parsed(await renderMetrics({ clusters: () => [cluster], sampler: () => state }));
    expect(m.one("tidemark_sampler_enabled", {})).toBe("1");
    expect(m.one("tidemark_sampler_cycles_total", {})).toBe("2");
    expect(m.one("tidemark_sampler_skipped_cycles_total", {})).toBe("0");
    expect(Number(m.one("tidemark_sampler_cycle_duration_seconds", {}))).toBe(state.lastCycleMs! / 1000);
    expect(m.one("tidemark_sampler_groups", { cluster: CLUSTER })).toBe(String(GROUPS.length));
    expect(m.one("tidemark_sampler_groups_failed", { cluster: CLUSTER })).toBe("0");
    expect(m.one("tidemark_sampler_cluster_error", { cluster: CLUSTER })).toBe("0");
    // the route serves this process's background sampler, which this test did not start
    expect((await scrape()).one("tidemark_sampler_enabled", {})).toBe("0");
  });

  it("a broker that does not answer: lags are written as partial, like the list's, and the broker's failed reads counted", async () => {
    await sb.setBrokerReachable("broker-b", false);
    try {
      await sampler.runCycle();
      const list = await listGroups();
      const m = await scrape();
      expect(Number(m.one("tidemark_broker_failed_reads", { cluster: CLUSTER, broker: "broker-b" }))).toBeGreaterThanOrEqual(GROUPS.length);
      expect(m.one("tidemark_broker_failed_reads", { cluster: CLUSTER, broker: "broker-a" })).toBe("0");
      const offline = list.rows.find((r) => r.group === "met-offline")!;
      expect(offline.lag.partial).toBe(true);
      // only broker-a's queues: less than the whole backlog, and flagged as such
      const diff = m.one("rocketmq_group_diff", { cluster: CLUSTER, group: "met-offline", topic: T });
      expect(diff).toBe(String(sb.queueStates("met-offline").filter((q) => q.mq.topic === T && q.mq.brokerName === "broker-a").reduce((s, q) => s + Math.max(0, q.brokerOffset - q.consumerOffset), 0)));
      expect(m.one("tidemark_group_lag_partial", { cluster: CLUSTER, group: "met-offline", topic: T })).toBe("1");
      expect(sum(m.samples("rocketmq_group_diff", { cluster: CLUSTER, group: "met-offline" }))).toBe(BigInt(offline.lag.value!));
    } finally {
      await sb.setBrokerReachable("broker-b", true);
    }
  }, 60_000);
});

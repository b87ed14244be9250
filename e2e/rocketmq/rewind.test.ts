// Rewinds (issue 8) against real RocketMQ 5.3.3 (server-side reset) and 4.9.7 (legacy push / per-queue
// UPDATE_CONSUMER_OFFSET) with real Java consumers, through the service the console's routes call:
// an online push group rewound by time re-consumes every message from the target; an offline group ends
// on the same offsets as a twin reset by `mqadmin resetOffsetByTime`; undo restores the "before" offsets
// exactly; skip to latest drops a lagging group's lag to about zero; and preview/apply/verify durations of
// a 2 topics x 16 queues x 2 brokers group are measured for the release note. TIDEMARK_RMQ_VERSIONS=5,4 selects.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueRef } from "../../lib/domain/offsets";
import type { BrokerRef, RocketMQAdmin } from "../../lib/rocketmq/admin";
import type { RewindDto, RewindPreviewBody } from "../../lib/schemas";
import type { Caller } from "../../lib/server/auth";
import { sleep, versionsUnderTest } from "../testkit";
import { createGroup, createTopic, mqadmin, startCluster, startWorkload, type Cluster, type WorkloadHandle, type WorkloadOptions, type Scenario } from "./cluster.mjs";

type RewindService = typeof import("../../lib/services/rewind");
type Registry = typeof import("../../lib/services/clusterRegistry");

const VERSIONS = versionsUnderTest();
// Below the ephemeral range (32768-60999); ports 22000..23046 are used by no other suite.
const BASE_PORT = 22000;

/** Rewound by time: an online group, an offline group and its twin (reset by mqadmin). 4 queues on each broker. */
const TA = "TmRewindTopic";
/** The lagging group's topic: a backlog plus a slow producer. 2 queues on each broker. */
const TL = "TmRewindLagTopic";
/** The benchmark group's topics: 16 queues on each broker. */
const TB1 = "TmRewindBench1";
const TB2 = "TmRewindBench2";

const G_ON = "rw_online";
/** Like G_ON, but its client persists its offsets every 100 ms instead of every 5 s. */
const G_FAST = "rw_fastcommit";
const G_OFF = "rw_offline";
const G_TWIN = "rw_twin";
const G_LAG = "rw_lag";
const G_BENCH = "rw_bench";

/** TA gets two bursts of this many messages (round-robin: 50 per queue each), with the rewind timestamp between them. */
const BURST = 400;
/** The lagging group's backlog and its producer (msg/s) against its consumer (one thread, 200 ms per message: 5 msg/s). */
const LAG_BACKLOG = 1_000;
const LAG_RATE = 2;
/** After skipping to latest: at most this lag (the producer's messages of about one 5 s commit interval, plus margin). */
const LAG_ALLOWANCE = 20n;
const BENCH_PER_TOPIC = 320;

const operator: Caller = { username: "op", role: "operator", via: "session", userId: 2 };
const ms = (n: number | null) => (n === null ? "n/a" : `${n} ms`);
const msg = (err: unknown) => (err instanceof Error ? err.message : String(err));
const qk = (q: { brokerName: string; queueId: number }) => `${q.brokerName}/${q.queueId}`;
type Offsets = Map<string, bigint | null>;
const fmtOffsets = (m: ReadonlyMap<string, bigint | null>) => [...m].map(([k, v]) => `${k}=${v ?? "none"}`).join(" ");
const sorted = (m: ReadonlyMap<string, bigint | null>) => new Map([...m].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })));

/** Polls until `fn` says done; on timeout the error names what was last observed. Errors count as "not yet". */
async function poll<T>(what: string, timeoutMs: number, fn: () => Promise<{ done: true; value: T } | { done: false; observed: string }>, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let observed = "nothing read yet";
  for (;;) {
    try {
      const r = await fn();
      if (r.done) return r.value;
      observed = r.observed;
    } catch (err) {
      observed = `error: ${msg(err)}`;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last observed: ${observed}`);
    await sleep(intervalMs);
  }
}

/** One line per queue of a rewind: what it planned, what was read back, and why. */
function describeRewind(r: RewindDto): string {
  const head = `rewind #${r.id} ${r.group} ${r.modeText}: state=${r.state} outcome=${r.outcome} brokers=[${r.brokers.map((b) => `${b.brokerName} ${b.method} ${b.state}${b.error ? ` (${b.error})` : ""}`).join(", ")}]`;
  const rows = r.queues.map((q) => `  ${q.topic} ${q.brokerName}/${q.queueId}: before=${q.before ?? q.previewed} target=${q.target} after=${q.after} ${q.outcome} ${q.method ?? ""} ${q.detail}`);
  return [head, ...rows].join("\n");
}

let svc: RewindService;
let registry: Registry;
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-rewind-rmq-"));

beforeAll(async () => {
  // The services read the database URL once (getConfig caches it): set it before they are imported.
  process.env.DATABASE_URL = `file:${path.join(dbDir, "rewind.db")}`;
  process.env.TIDEMARK_REWIND_POLL_MS = "500";
  registry = await import("../../lib/services/clusterRegistry");
  svc = await import("../../lib/services/rewind");
});

afterAll(() => {
  fs.rmSync(dbDir, { recursive: true, force: true });
});

describe.each(VERSIONS)("rewinds against real RocketMQ (version line %s)", (version) => {
  const CLUSTER = `rmq-rewind-${version}`;
  let cluster: Cluster | undefined;
  let admin: RocketMQAdmin;
  const handles: Record<string, WorkloadHandle> = {};
  /** Between TA's two bursts: every message of the first is stored before it, every one of the second after. */
  let tMid = 0;
  /**
   * Per TA queue: where a rewind to tMid must land. 5.x searches by time for the first message stored at or
   * after the timestamp: the first message of the second burst. 4.x (ConsumeQueue.getOffsetInQueueByTime)
   * returns the message whose store time is NEAREST to it: the last message of the first burst, since tMid
   * is taken ~20 ms after the first burst is acknowledged and the second starts more than a second later.
   * (mqadmin resetOffsetByTime and the legacy push use the same broker search, so they agree with Tidemark.)
   */
  const midTargets = new Map<string, bigint>();
  /** The offline group's committed offsets before its rewind (undo must restore exactly these). */
  let offlineBefore: Offsets | undefined;
  let offlineRewind: RewindDto | undefined;
  let benchReady: Promise<number> = Promise.reject(new Error("beforeAll did not run"));
  benchReady.catch(() => undefined);

  let stopping = false;
  const workload = (key: string, scenario: Scenario, opts: WorkloadOptions) => {
    if (stopping || !cluster) throw new Error(`not starting workload ${key}: the cluster is stopping`);
    const h = startWorkload(cluster!, scenario, { name: `rw${version}-${key}`, ...opts });
    handles[key] = h;
    return h;
  };

  const queuesOf = async (topic: string): Promise<Array<{ q: QueueRef; broker: BrokerRef }>> => {
    const route = await admin.getTopicRoute(topic, true);
    const masters = await admin.getTopicMasters(topic);
    const out: Array<{ q: QueueRef; broker: BrokerRef }> = [];
    for (const broker of masters) {
      const n = route.queueDatas.find((d) => d.brokerName === broker.brokerName)?.readQueueNums ?? 0;
      for (let queueId = 0; queueId < n; queueId++) out.push({ q: { topic, brokerName: broker.brokerName, queueId }, broker });
    }
    return out;
  };
  const committedOf = async (group: string, topic: string): Promise<Offsets> => {
    const qs = await queuesOf(topic);
    const values = await Promise.all(qs.map(({ q, broker }) => admin.queryConsumerOffset(broker, group, q)));
    return sorted(new Map(qs.map(({ q }, i) => [qk(q), values[i]!])));
  };
  const maxOf = async (topic: string): Promise<Map<string, bigint>> => {
    const qs = await queuesOf(topic);
    const values = await Promise.all(qs.map(({ q, broker }) => admin.getMaxOffset(broker, q)));
    return new Map(qs.map(({ q }, i) => [qk(q), values[i]!]));
  };
  /** Waits until `group` has committed every message of `topic` (each queue's committed offset is its max offset). */
  const caughtUp = (group: string, topic: string, timeoutMs = 90_000) =>
    poll(`${group} to commit every message of ${topic}`, timeoutMs, async () => {
      const [max, committed] = await Promise.all([maxOf(topic), committedOf(group, topic)]);
      const behind = [...committed].filter(([k, v]) => v !== max.get(k));
      return behind.length === 0 ? { done: true, value: committed } : { done: false, observed: behind.map(([k, v]) => `${k} committed ${v ?? "none"} of ${max.get(k)}`).join(", ") };
    });
  const offline = (group: string) =>
    poll(`${group} to have no client online`, 30_000, async () => {
      const c = await admin.getGroupClients(group);
      return c.online ? { done: false, observed: `online: ${c.connections.map((x) => x.clientId).join(", ")}` } : { done: true, value: true };
    });
  const lagOf = async (group: string, topic: string) => {
    const p = await admin.getConsumeProgress(group);
    const rows = p.queues.filter((q) => q.mq.topic === topic);
    return { total: rows.reduce((s, q) => s + (q.brokerOffset - q.consumerOffset), 0n), rows: rows.map((q) => `${qk(q.mq)} broker=${q.brokerOffset} committed=${q.consumerOffset}`).join(", ") };
  };
  const preview = (group: string, body: RewindPreviewBody) => svc.previewRewind(CLUSTER, group, body, operator);
  const apply = async (r: RewindDto) => {
    const applied = await svc.applyRewind(CLUSTER, r.group, r.id, { reason: `rewind suite ${version}`, confirmGroup: r.group }, operator);
    await svc.awaitVerification(r.id);
    return { applied, done: await svc.getRewindView(r.id) };
  };
  const expectApplied = (done: RewindDto) => {
    const text = describeRewind(done);
    expect(done.state, text).toBe("done");
    expect(done.outcome, text).toBe("applied");
    for (const q of done.queues) expect(q.outcome, text).toBe(q.before !== null && q.before === q.target ? "unchanged" : "applied");
  };

  beforeAll(async () => {
    cluster = await startCluster({ version, basePort: BASE_PORT });
    admin = registry.registerSandboxCluster(CLUSTER, cluster.namesrvAddr).admin;
    // mqadmin JVMs: two at a time on this 2-core machine
    const setup: Array<() => Promise<unknown>> = [
      () => createTopic(cluster!, TA, 4),
      () => createTopic(cluster!, TL, 2),
      () => createTopic(cluster!, TB1, 16),
      () => createTopic(cluster!, TB2, 16),
      ...[G_ON, G_FAST, G_OFF, G_TWIN, G_LAG, G_BENCH].map((g) => () => createGroup(cluster!, g)),
    ];
    await Promise.all([0, 1].map(async (lane) => {
      for (let i = lane; i < setup.length; i += 2) await setup[i]!();
    }));

    // TA's first burst, the lagging group's backlog and the benchmark topics' messages
    const first = [
      workload("a1", "produce", { topic: TA, rate: 400, count: BURST, keyPrefix: "a1", durationMs: 60_000 }),
      workload("l0", "produce", { topic: TL, rate: 500, count: LAG_BACKLOG, keyPrefix: "l0", durationMs: 60_000 }),
      workload("b1", "produce", { topic: TB1, rate: 400, count: BENCH_PER_TOPIC, keyPrefix: "b1", durationMs: 60_000 }),
      workload("b2", "produce", { topic: TB2, rate: 400, count: BENCH_PER_TOPIC, keyPrefix: "b2", durationMs: 60_000 }),
    ];
    await Promise.all(first.map((h) => h.wait(90_000)));
    for (const h of first) expect(h.sent().filter((r) => r.status === "SEND_OK").length, `${h.name}: ${h.log}`).toBe(Number(h.args[h.args.indexOf("--count") + 1]));
    // tMid is 1 ms after the first burst's last acknowledgement (a sent record's ts is taken after the broker
    // answered, so every first-burst message was stored before it); the second burst starts at least 1.5 s
    // later. Fixed from the records, not from when this process got to run (CI load once made the first
    // burst end 3.7 s before a wall-clock tMid), so on 4.x the nearest message is always the first burst's last.
    const a1Last = handles.a1!.sent().reduce((t, r) => (r.ts > t ? r.ts : t), 0);
    tMid = a1Last + 1;
    await sleep(Math.max(0, tMid + 1_500 - Date.now()));
    const a2 = workload("a2", "produce", { topic: TA, rate: 400, count: BURST, keyPrefix: "a2", durationMs: 60_000 });
    await a2.wait(90_000);
    const a2First = a2.sent().reduce((t, r) => (r.ts < t ? r.ts : t), Infinity);
    expect(a2First - tMid, `the gap after tMid (${a2First - tMid} ms) is much longer than before it (${tMid - a1Last} ms)`).toBeGreaterThan(tMid - a1Last + 500);
    for (const r of version === "5" ? a2.sent() : handles.a1!.sent()) {
      const k = qk(r);
      const cur = midTargets.get(k);
      if (cur === undefined || (version === "5" ? BigInt(r.offset) < cur : BigInt(r.offset) > cur)) midTargets.set(k, BigInt(r.offset));
    }
    expect(midTargets.size, `the bursts reached ${[...midTargets.keys()].join(", ")}`).toBe(8);

    // Consumers: an online group that keeps up; two groups that consume everything and stop; a slow one on a backlog.
    workload("on", "consume-healthy", { topic: TA, group: G_ON, from: "first", durationMs: 600_000 });
    workload("fast", "consume-healthy", { topic: TA, group: G_FAST, from: "first", persistMs: 100, durationMs: 600_000 });
    workload("off", "consume-healthy", { topic: TA, group: G_OFF, from: "first", durationMs: 600_000 });
    workload("twin", "consume-healthy", { topic: TA, group: G_TWIN, from: "first", durationMs: 600_000 });
    workload("lag", "consume-slow", { topic: TL, group: G_LAG, from: "first", threads: 1, sleepMs: 200, durationMs: 600_000 });
    workload("trickle", "produce", { topic: TL, rate: LAG_RATE, keyPrefix: "tl", durationMs: 600_000 });
    await Promise.all(["on", "fast", "off", "twin", "lag", "trickle"].map((k) => handles[k]!.ready(60_000)));

    // The benchmark group consumes its two topics one after the other (one topic per client), then goes offline.
    benchReady = (async () => {
      for (const [key, topic] of [["bench1", TB1], ["bench2", TB2]] as const) {
        const h = workload(key, "consume-healthy", { topic, group: G_BENCH, from: "first", durationMs: 600_000 });
        await h.ready(60_000);
        await caughtUp(G_BENCH, topic);
        await h.stop();
        await offline(G_BENCH);
      }
      const sent = [...handles.b1!.sent(), ...handles.b2!.sent()].map((r) => r.ts).sort((a, b) => a - b);
      return sent[Math.floor(sent.length / 2)]!;
    })();
    benchReady.catch(() => undefined);

    await Promise.all([caughtUp(G_ON, TA), caughtUp(G_FAST, TA), caughtUp(G_OFF, TA), caughtUp(G_TWIN, TA)]);
    await Promise.all([handles.off!.stop(), handles.twin!.stop()]);
    await Promise.all([offline(G_OFF), offline(G_TWIN)]);
  });

  afterAll(async () => {
    stopping = true;
    await Promise.allSettled(Object.values(handles).map((h) => h.stop(5_000)));
    // Debugging: TIDEMARK_REWIND_KEEP=/some/dir keeps a copy of the cluster's logs, stores and workload reports.
    if (process.env.TIDEMARK_REWIND_KEEP && cluster) fs.cpSync(cluster.dir, path.join(process.env.TIDEMARK_REWIND_KEEP, `v${version}`), { recursive: true });
    await cluster?.stop();
    admin?.close();
  });

  it("offline group by timestamp: the committed offsets equal a twin's reset by mqadmin resetOffsetByTime", async () => {
    const max = await maxOf(TA);
    const before = await committedOf(G_OFF, TA);
    const twinBefore = await committedOf(G_TWIN, TA);
    for (const [k, v] of before) expect(v, `${G_OFF} consumed everything: ${fmtOffsets(before)}`).toBe(max.get(k));
    expect(twinBefore, `twin in the same state`).toEqual(before);
    offlineBefore = before;

    const p = await preview(G_OFF, { mode: { kind: "timestamp", at: String(tMid) }, scope: { topics: [TA] } });
    expect(p.brokers.map((b) => [b.brokerName, b.method, b.clientsOnline])).toEqual(
      ["broker-a", "broker-b"].map((b) => [b, version === "5" ? "server-side" : "update-offset", 0]),
    );
    expect(p.warnings.map((w) => w.code)).toContain("group-offline");
    const { done } = await apply(p);
    expectApplied(done);
    offlineRewind = done;
    for (const q of done.queues) expect(q.after, describeRewind(done)).toBe(q.target);

    const res = await mqadmin(cluster!, ["resetOffsetByTime", "-g", G_TWIN, "-t", TA, "-s", String(tMid)]);
    expect(res.code, `${res.stdout}\n${res.stderr}`).toBe(0);
    const ours = await committedOf(G_OFF, TA);
    const theirs = await poll(`${G_TWIN}'s offsets after mqadmin resetOffsetByTime to equal ${G_OFF}'s`, 15_000, async () => {
      const t = await committedOf(G_TWIN, TA);
      return [...t].every(([k, v]) => v === ours.get(k)) ? { done: true, value: t } : { done: false, observed: `mqadmin twin: ${fmtOffsets(t)}; Tidemark: ${fmtOffsets(ours)}; mqadmin said:\n${res.stdout}` };
    });
    expect(theirs).toEqual(ours);
    expect(ours).toEqual(sorted(midTargets));
  });

  it("undo of the offline group's rewind restores its before offsets exactly", async () => {
    expect(offlineRewind, "the offline rewind (previous test) did not complete").toBeDefined();
    const undo = await svc.previewUndo(offlineRewind!.id, operator);
    expect(undo.undoOfId).toBe(offlineRewind!.id);
    expect(undo.queues).toHaveLength(8);
    for (const q of undo.queues) expect(BigInt(q.target), `${qk(q)} undo target`).toBe(offlineBefore!.get(qk(q)));
    const { done } = await apply(undo);
    expectApplied(done);
    const now = await committedOf(G_OFF, TA);
    expect(now, `after undo: ${fmtOffsets(now)}; before the rewind: ${fmtOffsets(offlineBefore!)}`).toEqual(offlineBefore);
    expect((await svc.getRewindView(offlineRewind!.id)).undoneBy).toEqual([undo.id]);
  });

  /**
   * Rewinds an online group on TA to `at`; the Java consumer's own report must show every offset in
   * [target, before) of every queue consumed again after the apply (checked first: it proves the reset took
   * effect), and the read-back verification must say every queue "applied".
   */
  const rewindOnline = async (group: string, handle: string, at: number, expected: ReadonlyMap<string, bigint>) => {
    const before = await caughtUp(group, TA, 30_000);
    const p = await preview(group, { mode: { kind: "timestamp", at: String(at) }, scope: { topics: [TA] } });
    expect(p.state).toBe("previewed");
    expect(p.blocked, JSON.stringify(p.warnings)).toBe(false);
    expect(p.brokers.map((b) => [b.brokerName, b.method, b.clientsOnline])).toEqual(
      ["broker-a", "broker-b"].map((b) => [b, version === "5" ? "server-side" : "legacy-push", 1]),
    );
    expect(p.queues).toHaveLength(8);
    for (const q of p.queues) expect(BigInt(q.target), `${qk(q)} target for ${at}`).toBe(expected.get(qk(q)));
    expect(BigInt(p.totals.reconsume)).toBe([...before].reduce((s, [k, v]) => s + (v! - expected.get(k)!), 0n));

    const appliedAt = Date.now();
    const applied = await svc.applyRewind(CLUSTER, group, p.id, { reason: `rewind suite ${version}`, confirmGroup: group }, operator);
    expect(applied.state).toMatch(/verifying|done/);
    const verified = svc.awaitVerification(p.id);
    const moved = applied.queues.filter((q) => q.before !== null && BigInt(q.before) > BigInt(q.target));
    expect(moved, describeRewind(applied)).toHaveLength(8);
    await poll(`${group} to consume every message from each queue's target again`, 90_000, async () => {
      const again = new Map<string, Set<number>>();
      for (const r of handles[handle]!.consumed()) {
        if (r.topic !== TA || r.ts < appliedAt) continue;
        const set = again.get(qk(r)) ?? new Set<number>();
        set.add(r.offset);
        again.set(qk(r), set);
      }
      const missing = moved.flatMap((q) => {
        const got = again.get(qk(q)) ?? new Set<number>();
        const lack: number[] = [];
        for (let o = Number(q.target); o < Number(q.before); o++) if (!got.has(o)) lack.push(o);
        return lack.length > 0 ? [`${qk(q)}: ${lack.length} of [${q.target}, ${q.before}) not consumed again (first ${lack[0]})`] : [];
      });
      return missing.length === 0 ? { done: true, value: again } : { done: false, observed: missing.join("; ") };
    });
    const reconsumedMs = Date.now() - appliedAt;
    await verified;
    const done = await svc.getRewindView(p.id);
    console.log(
      `[rewind-bench v${version}] online ${group}, 1 topic x 4 queues x 2 brokers (${done.brokers[0]?.method}): preview ${ms(done.timing.previewMs)}; apply (send): ${ms(done.timing.sendMs)}; ` +
        `verify: ${ms(done.timing.verifyMs)}; every rewound message consumed again ${reconsumedMs} ms after apply; outcome ${done.outcome}`,
    );
    expectApplied(done);
    return done;
  };

  it("online CLUSTERING push group by timestamp: each queue's messages from the target are consumed again, and every queue is verified applied", async () => {
    const max = await maxOf(TA);
    const before = await committedOf(G_ON, TA);
    for (const [k, v] of before) expect(v, `${G_ON} caught up: ${fmtOffsets(before)}`).toBe(max.get(k));
    await rewindOnline(G_ON, "on", tMid, midTargets);
  });

  it("online CLUSTERING push group that commits every 100 ms (persistConsumerOffsetInterval=100): consumed again, and every queue is verified applied", async () => {
    const max = await maxOf(TA);
    const before = await committedOf(G_FAST, TA);
    for (const [k, v] of before) expect(v, `${G_FAST} caught up: ${fmtOffsets(before)}`).toBe(max.get(k));
    await rewindOnline(G_FAST, "fast", tMid, midTargets);
  });

  it("skip to latest on a lagging online group: its lag drops to about zero", async () => {
    const lagBefore = await lagOf(G_LAG, TL);
    expect(lagBefore.total, `${G_LAG} is lagging: ${lagBefore.rows}`).toBeGreaterThan(200n);
    const p = await preview(G_LAG, { mode: { kind: "latest" }, scope: { topics: [TL] } });
    expect(p.brokers.map((b) => [b.brokerName, b.method, b.clientsOnline])).toEqual(
      ["broker-a", "broker-b"].map((b) => [b, version === "5" ? "server-side" : "legacy-push", 1]),
    );
    expect(BigInt(p.totals.skip)).toBeGreaterThan(200n);
    const { done } = await apply(p);
    expectApplied(done);
    for (const q of done.queues) expect(BigInt(q.after!), describeRewind(done)).toBeGreaterThanOrEqual(BigInt(q.target));
    // The producer keeps sending LAG_RATE msg/s, which the consumer (5 msg/s) keeps up with from the new position.
    const settled = await poll(`${G_LAG}'s lag on ${TL} to be at most ${LAG_ALLOWANCE}`, 30_000, async () => {
      const l = await lagOf(G_LAG, TL);
      return l.total <= LAG_ALLOWANCE ? { done: true, value: l } : { done: false, observed: `lag ${l.total}: ${l.rows}` };
    });
    expect(settled.total).toBeLessThanOrEqual(LAG_ALLOWANCE);
  });

  it("benchmark: preview, apply and verify of an offline group with 2 topics x 16 queues x 2 brokers", async () => {
    const at = await benchReady;
    const t0 = performance.now();
    const p = await preview(G_BENCH, { mode: { kind: "timestamp", at: String(at) }, scope: { topics: [TB1, TB2] } });
    const previewWall = performance.now() - t0;
    expect(p.queues).toHaveLength(64);
    expect(p.blocked, JSON.stringify(p.warnings)).toBe(false);
    const t1 = performance.now();
    await svc.applyRewind(CLUSTER, G_BENCH, p.id, { reason: "benchmark", confirmGroup: G_BENCH }, operator);
    const applyWall = performance.now() - t1;
    const t2 = performance.now();
    await svc.awaitVerification(p.id);
    const verifyWall = performance.now() - t2;
    const done = await svc.getRewindView(p.id);
    expectApplied(done);
    const methods = [...new Set(done.brokers.map((b) => b.method))].join("+");
    console.log(
      `[rewind-bench v${version}] preview 2 topics x 16 queues x 2 brokers: ${ms(done.timing.previewMs)}; apply (send): ${ms(done.timing.sendMs)}; verify: ${ms(done.timing.verifyMs)}` +
        ` (wall: preview ${Math.round(previewWall)} ms, apply ${Math.round(applyWall)} ms, verify ${Math.round(verifyWall)} ms; offline group, timestamp mode, ${methods}, ${done.totals.changed} of ${done.totals.queues} queues moved)`,
    );
  });
});

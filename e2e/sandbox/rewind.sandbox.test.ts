// Rewinds end to end against the sandbox (5.3.3 semantics: server-side reset) on a real clock:
// every mode on an offline and an online group, bad input that sends nothing, drift -> 409, undo.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueRef } from "../../lib/domain/offsets";
import { RocketMQAdmin } from "../../lib/rocketmq/admin";
import { startSandbox, type Sandbox, type ScenarioSpec } from "../../lib/sandbox";
import type { RewindDto, RewindPreviewBody } from "../../lib/schemas";
import type { Caller } from "../../lib/server/auth";
import { ApiError } from "../../lib/server/errors";

type RewindService = typeof import("../../lib/services/rewind");

const T = "TmRewind";
const T2 = "TmRewindOther";
const CLUSTER = "rewind-sandbox";
const spec: ScenarioSpec = {
  name: "rewind",
  description: "an online group and an offline group on two topics with an hour of history",
  topics: [
    { name: T, queuesPerBroker: 2, rate: 20, history: { messages: 3_000, spanMs: 3_600_000 }, keyPrefix: "r", tags: ["a"] },
    { name: T2, queuesPerBroker: 1, rate: 5, history: { messages: 600, spanMs: 3_600_000 }, keyPrefix: "s", tags: ["a"] },
  ],
  groups: [
    { name: "rw-online", topics: [T, T2], kind: "push", clients: 1, threads: 8, consumeMs: { median: 2, sigma: 0.2 }, startLag: 5, description: "", intended: "OK" },
    { name: "rw-offline", topics: [T, T2], kind: "offline", clients: 1, threads: 8, consumeMs: { median: 2, sigma: 0.2 }, startLag: 200, leaveAtMs: 1_500, description: "", intended: "STOP" },
  ],
};

const operator: Caller = { username: "op", role: "operator", via: "session", userId: 2 };

describe("rewinds on the sandbox", () => {
  let sb: Sandbox;
  let admin: RocketMQAdmin;
  let svc: RewindService;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-rewind-"));

  beforeAll(async () => {
    process.env.DATABASE_URL = `file:${path.join(dir, "rewind.db")}`;
    process.env.TIDEMARK_REWIND_POLL_MS = "300";
    sb = await startSandbox({ scenario: spec, seed: 5, namesrvPort: 0, brokerPorts: [0, 0] });
    const { registerSandboxCluster } = await import("../../lib/services/clusterRegistry");
    admin = registerSandboxCluster(CLUSTER, sb.namesrvAddr).admin;
    svc = await import("../../lib/services/rewind");
    // the offline group consumed for 1.5 s, then left; wait for its final commit and the first persist
    await new Promise((r) => setTimeout(r, 7_000));
  }, 60_000);

  afterAll(async () => {
    await sb?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const committed = async (group: string, topic = T) => {
    const out = new Map<string, bigint | null>();
    for (const broker of await admin.getTopicMasters(topic)) {
      const route = await admin.getTopicRoute(topic);
      const n = route.queueDatas.find((q) => q.brokerName === broker.brokerName)!.readQueueNums;
      for (let queueId = 0; queueId < n; queueId++) out.set(`${broker.brokerName}/${queueId}`, await admin.queryConsumerOffset(broker, group, { topic, brokerName: broker.brokerName, queueId }));
    }
    return out;
  };
  const preview = (group: string, body: RewindPreviewBody) => svc.previewRewind(CLUSTER, group, body, operator);
  const apply = async (r: RewindDto, extra: { acceptDrift?: boolean } = {}) => {
    const applied = await svc.applyRewind(CLUSTER, r.group, r.id, { reason: "replay after the bug fix", confirmGroup: r.group, ...extra }, operator);
    await svc.awaitVerification(r.id);
    return { applied, done: await svc.getRewindView(r.id) };
  };
  const apiError = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof ApiError) return err;
      throw err;
    }
    throw new Error("expected an ApiError");
  };

  it("bad input is refused with a clear 4xx and nothing is sent", async () => {
    const before = await committed("rw-offline");
    expect(await apiError(preview("no-such-group", { mode: { kind: "earliest" }, scope: { topics: [T] } }))).toMatchObject({ status: 404, message: expect.stringMatching(/no-such-group" does not exist/) });
    expect(await apiError(preview("rw-offline", { mode: { kind: "earliest" }, scope: { topics: ["NoSuchTopic"] } }))).toMatchObject({ status: 400, message: expect.stringMatching(/does not consume topic "NoSuchTopic"/) });
    expect(await apiError(preview("rw-offline", { mode: { kind: "earliest" }, scope: { topics: [T], queues: [{ topic: T, brokerName: "broker-a", queueId: 7 }] } }))).toMatchObject({ status: 400, message: expect.stringMatching(/broker-a\/7/) });
    const far = await apiError(preview("rw-offline", { mode: { kind: "offsets", offsets: [{ topic: T, brokerName: "broker-a", queueId: 0, offset: "99999999" }] }, scope: { topics: [] } }));
    expect(far).toMatchObject({ status: 400, message: expect.stringMatching(/outside the retained range/) });
    const p = await preview("rw-offline", { mode: { kind: "earliest" }, scope: { topics: [T] } });
    expect(await apiError(svc.applyRewind(CLUSTER, "rw-offline", p.id, { reason: "x y z", confirmGroup: "rw-offlin" }, operator))).toMatchObject({ status: 400, message: expect.stringMatching(/Type the group name "rw-offline"/) });
    expect(await committed("rw-offline")).toEqual(before);
  });

  it("offline group, earliest: previewed per queue, applied on every broker, offsets equal the min offsets", async () => {
    const p = await preview("rw-offline", { mode: { kind: "earliest" }, scope: { topics: [T] } });
    expect(p.state).toBe("previewed");
    expect(p.queues).toHaveLength(4);
    expect(p.brokers.map((b) => [b.brokerName, b.method, b.clientsOnline])).toEqual([
      ["broker-a", "server-side", 0],
      ["broker-b", "server-side", 0],
    ]);
    expect(p.warnings.map((w) => w.code)).toContain("group-offline");
    expect(BigInt(p.totals.reconsume)).toBeGreaterThan(0n);
    for (const q of p.queues) expect(q.target).toBe(q.minOffset);
    const { applied, done } = await apply(p);
    expect(applied.state).toMatch(/verifying|done/);
    expect(done.state).toBe("done");
    expect(done.outcome).toBe("applied");
    expect(done.queues.every((q) => q.outcome === "applied" && q.after === q.target)).toBe(true);
    const now = await committed("rw-offline");
    for (const q of done.queues) expect(now.get(`${q.brokerName}/${q.queueId}`)).toBe(BigInt(q.target));
    expect(done.timing.sendMs).not.toBeNull();
  }, 30_000);

  it("offline group, 10 minutes ago on two topics: targets equal the broker's search by time", async () => {
    const p = await preview("rw-offline", { mode: { kind: "timestamp", agoMinutes: 10 }, scope: { topics: [T, T2] } });
    expect(p.byTopic.map((t) => t.topic)).toEqual([T, T2]);
    expect(p.queues).toHaveLength(6);
    const ts = BigInt(p.params.timestampMs as number);
    for (const q of p.queues) {
      const broker = (await admin.getTopicMasters(q.topic)).find((b) => b.brokerName === q.brokerName)!;
      expect(BigInt(q.target)).toBe(await admin.searchOffset(broker, q, ts));
    }
    const { done } = await apply(p);
    expect(done.outcome).toBe("applied");
  }, 30_000);

  it("undo restores the before offsets exactly", async () => {
    const start = await committed("rw-offline");
    const p = await preview("rw-offline", { mode: { kind: "shift", by: "-25" }, scope: { topics: [T] } });
    const { done } = await apply(p);
    expect(done.outcome).toBe("applied");
    const moved = await committed("rw-offline");
    for (const [k, v] of start) expect(moved.get(k)).toBe(v! - 25n < 0n ? 0n : v! - 25n);
    const undo = await svc.previewUndo(done.id, operator);
    expect(undo.undoOfId).toBe(done.id);
    expect(undo.modeText).toMatch(new RegExp(`undo of rewind #${done.id}`));
    for (const q of undo.queues) expect(q.target).toBe(done.queues.find((x) => x.brokerName === q.brokerName && x.queueId === q.queueId)!.before);
    const undone = await apply(undo);
    expect(undone.done.outcome).toBe("applied");
    expect(await committed("rw-offline")).toEqual(start);
    expect((await svc.getRewindView(done.id)).undoneBy).toEqual([undo.id]);
  }, 30_000);

  it("drift between preview and apply answers 409 with the queues, unless confirmed again", async () => {
    const p = await preview("rw-offline", { mode: { kind: "earliest" }, scope: { topics: [T] } });
    const q: QueueRef = { topic: T, brokerName: "broker-a", queueId: 1 };
    const broker = (await admin.getTopicMasters(T)).find((b) => b.brokerName === "broker-a")!;
    const cur = (await admin.queryConsumerOffset(broker, "rw-offline", q))!;
    // someone else moves it back (a server-side reset: after our own, UPDATE_CONSUMER_OFFSET is ignored until a consumer pulls)
    await admin.resetOffset(broker, { group: "rw-offline", topic: T, timestamp: 0n, isForce: true, queueId: 1, offset: cur - 10n });
    const err = await apiError(svc.applyRewind(CLUSTER, "rw-offline", p.id, { reason: "replay", confirmGroup: "rw-offline" }, operator));
    expect(err.status).toBe(409);
    expect(err.message).toMatch(/moved since the preview/);
    expect(err.details).toEqual({ drift: [expect.objectContaining({ brokerName: "broker-a", queueId: 1, reason: "moved back by 10 (another rewind or a consumer reset)" })] });
    expect((await svc.getRewindView(p.id)).state).toBe("previewed");
    const { done } = await apply(p, { acceptDrift: true });
    expect(done.outcome).toBe("applied");
    expect(await apiError(svc.applyRewind(CLUSTER, "rw-offline", p.id, { reason: "again", confirmGroup: "rw-offline" }, operator))).toMatchObject({ status: 409, message: expect.stringMatching(/already applied/) });
  }, 30_000);

  it("online group, 10 minutes ago: the consumer picks the reset up and consumes those messages again", async () => {
    const p = await preview("rw-online", { mode: { kind: "timestamp", agoMinutes: 10 }, scope: { topics: [T] } });
    expect(p.brokers.every((b) => b.method === "server-side" && b.clientsOnline === 1)).toBe(true);
    expect(p.warnings.map((w) => w.code)).toContain("server-side-online");
    const appliedAt = Date.now();
    const { done } = await apply(p);
    expect(done.outcome).toBe("applied");
    for (const q of done.queues) {
      expect(q.outcome).toBe("applied");
      const again = sb.consumed({ group: "rw-online", topic: T, brokerName: q.brokerName, queueId: q.queueId }).filter((r) => r.consumedAt >= appliedAt && r.offset === Number(q.target));
      expect(again.length, `${q.brokerName}/${q.queueId} at ${q.target} consumed again`).toBeGreaterThan(0);
    }
  }, 40_000);

  it("online group, skip to latest drops its lag to about zero; exact offset on one queue", async () => {
    const back = await preview("rw-online", { mode: { kind: "shift", by: "-300" }, scope: { topics: [T2] } });
    await apply(back);
    const p = await preview("rw-online", { mode: { kind: "latest" }, scope: { topics: [T2] } });
    expect(BigInt(p.totals.skip)).toBeGreaterThan(0n);
    const { done } = await apply(p);
    expect(done.outcome).toBe("applied");
    const stats = await admin.getConsumeProgress("rw-online");
    const lag = stats.queues.filter((q) => q.mq.topic === T2).reduce((s, q) => s + (q.brokerOffset - q.consumerOffset), 0n);
    expect(lag).toBeLessThan(20n);
    const one = await preview("rw-online", { mode: { kind: "offsets", offsets: [{ topic: T, brokerName: "broker-b", queueId: 0, offset: "100" }] }, scope: { topics: [] } });
    expect(one.queues.map((q) => `${q.topic} ${q.brokerName}/${q.queueId} -> ${q.target}`)).toEqual([`${T} broker-b/0 -> 100`]);
    const exact = await apply(one);
    expect(exact.done.queues[0]!.outcome).toBe("applied");
  }, 60_000);

  it("lists applied rewinds for the audit page, filtered", async () => {
    const all = await svc.listRewindsView({ cluster: CLUSTER, page: 1, pageSize: 50 });
    expect(all.total).toBeGreaterThanOrEqual(7);
    expect(all.rewinds.every((r) => r.appliedAtMs !== null && r.reason !== null)).toBe(true);
    const online = await svc.listRewindsView({ cluster: CLUSTER, group: "rw-online", page: 1, pageSize: 50 });
    expect(online.rewinds.every((r) => r.group === "rw-online")).toBe(true);
    expect(online.rewinds.length).toBeGreaterThanOrEqual(3);
    const markers = await svc.rewindMarkers(CLUSTER, "rw-online", Date.now() - 600_000, Date.now());
    expect(markers.length).toBe(online.rewinds.length);
    expect(markers[0]!.text).toMatch(/^rewind #\d+ by op: /);
  });
});

// The same flows on brokers that take the legacy reset path (4.x / useServerSideResetOffset=false):
// whole topics by time go through the broker's push to online clients; exact offsets can only be
// written per queue, which online consumers overwrite; offline groups get the per-queue fallback.
describe("rewinds on a legacy (4.9.7) sandbox", () => {
  let sb: Sandbox;
  let admin: RocketMQAdmin;
  let svc: RewindService;
  const LEGACY = "rewind-legacy";

  beforeAll(async () => {
    process.env.TIDEMARK_REWIND_POLL_MS = "300";
    sb = await startSandbox({ scenario: spec, seed: 6, namesrvPort: 0, brokerPorts: [0, 0], resetPath: "legacy", brokerVersion: "V4_9_7" });
    const { registerSandboxCluster } = await import("../../lib/services/clusterRegistry");
    admin = registerSandboxCluster(LEGACY, sb.namesrvAddr).admin;
    svc = await import("../../lib/services/rewind");
    await new Promise((r) => setTimeout(r, 7_000));
  }, 60_000);

  afterAll(async () => {
    await sb?.stop();
  });

  const run = async (group: string, body: RewindPreviewBody) => {
    const p = await svc.previewRewind(LEGACY, group, body, operator);
    await svc.applyRewind(LEGACY, group, p.id, { reason: "legacy path check", confirmGroup: group }, operator);
    await svc.awaitVerification(p.id);
    return { preview: p, done: await svc.getRewindView(p.id) };
  };

  it("online group by time: the broker pushes the offsets to the clients, which commit them", async () => {
    const appliedAt = Date.now();
    const { preview, done } = await run("rw-online", { mode: { kind: "timestamp", agoMinutes: 10 }, scope: { topics: [T2] } });
    expect(preview.brokers.map((b) => [b.version, b.path, b.method])).toEqual([
      ["V4_9_7", "legacy", "legacy-push"],
      ["V4_9_7", "legacy", "legacy-push"],
    ]);
    expect(preview.warnings.map((w) => w.code)).toContain("legacy-push-online");
    expect(done.outcome).toBe("applied");
    for (const q of done.queues) {
      expect(q.method).toBe("legacy-push");
      const again = sb.consumed({ group: "rw-online", topic: T2, brokerName: q.brokerName, queueId: q.queueId }).filter((r) => r.consumedAt >= appliedAt && r.offset === Number(q.target));
      expect(again.length, `${q.brokerName}/${q.queueId} at ${q.target} consumed again`).toBeGreaterThan(0);
    }
  }, 60_000);

  it("online group, exact offsets: written per queue, warned as danger, and reported overwritten by the consumer", async () => {
    const { preview, done } = await run("rw-online", { mode: { kind: "shift", by: "-50" }, scope: { topics: [T] } });
    expect(preview.warnings.find((w) => w.code === "legacy-overwrite")?.severity).toBe("danger");
    expect(done.queues.every((q) => q.method === "update-offset")).toBe(true);
    expect(done.outcome).toBe("overwritten");
    expect(done.queues[0]!.detail).toMatch(/keeps its own position in memory/);
  }, 60_000);

  it("offline group: CONSUMER_NOT_ONLINE, so offsets are written per queue and hold", async () => {
    const { preview, done } = await run("rw-offline", { mode: { kind: "earliest" }, scope: { topics: [T] } });
    expect(preview.brokers.every((b) => b.method === "update-offset" && b.clientsOnline === 0)).toBe(true);
    expect(done.outcome).toBe("applied");
    for (const q of done.queues) {
      const broker = (await admin.getTopicMasters(T)).find((b) => b.brokerName === q.brokerName)!;
      expect(await admin.queryConsumerOffset(broker, "rw-offline", q)).toBe(BigInt(q.minOffset));
    }
  }, 30_000);
});

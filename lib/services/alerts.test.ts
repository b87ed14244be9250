import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GroupObservation } from "@/lib/domain/alerts";
import { openTempDatabase } from "@/lib/data/testDb";
import { listRules, seedRulesOnce } from "@/lib/data/alerts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { renderPrometheus } from "@/lib/domain/prometheus";
import { AlertEngine, alertMetricFamilies, compareAlerts, conditionJson, seedDefaultRules, summaryOf, triageRange } from "./alerts";
import { Notifier, signedRequest } from "./notifications";

let db: PrismaClient;
let close: () => Promise<void>;
let server: http.Server;
let url: string;
const received: { path: string; body: Record<string, unknown> }[] = [];
/** Replies the test receiver will give, in order (then 200). */
let replies: Array<{ status: number; body: string }> = [];

beforeAll(async () => {
  ({ db, close } = await openTempDatabase("alerts"));
  server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(text) as Record<string, unknown> });
      const r = replies.shift() ?? { status: 200, body: "ok" };
      res.writeHead(r.status, { "content-type": "text/plain" }).end(r.body);
    });
  });
  // idle connections stay open longer than the slowest test, so a reused socket is never one the server just closed
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  server.close();
  await close();
});

const T0 = 1_800_000_000_000;
const MIN = 60_000;

function obs(group: string, atMs: number, over: Partial<GroupObservation> = {}): GroupObservation {
  return {
    cluster: "prod",
    group,
    atMs,
    clientsOnline: 2,
    status: { code: "OK", reason: "keeping pace" },
    eta: { state: "caught-up", seconds: 0 },
    topics: [{ topic: "Orders", lag: 10n, lagSeconds: 1 }],
    ...over,
  };
}

const stop = (group: string, atMs: number) => obs(group, atMs, { clientsOnline: 0, status: { code: "STOP", reason: "no consumer is online while 5,000 messages wait" }, topics: [{ topic: "Orders", lag: 5_000n, lagSeconds: 600 }] });

async function reset() {
  await db.delivery.deleteMany();
  await db.alert.deleteMany();
  await db.alertRule.deleteMany();
  await db.notificationChannel.deleteMany();
  received.length = 0;
  replies = [];
}

async function rule(fields: Partial<{ name: string; groupPattern: string; condition: string; forMs: number; severity: string; enabled: boolean }> = {}) {
  return db.alertRule.create({
    data: {
      name: fields.name ?? "STOP",
      enabled: fields.enabled ?? true,
      clusterPattern: "*",
      groupPattern: fields.groupPattern ?? "*",
      topicPattern: "*",
      condition: fields.condition ?? conditionJson({ kind: "status", statuses: ["STOP"] }),
      forMs: fields.forMs ?? 2 * MIN,
      severity: fields.severity ?? "critical",
      createdAtMs: BigInt(T0),
      updatedAtMs: BigInt(T0),
      updatedBy: "test",
    },
  });
}

const channel = (kind = "webhook", minSeverity = "info") =>
  db.notificationChannel.create({ data: { name: `ops-${kind}`, kind, url, enabled: true, minSeverity, createdAtMs: BigInt(T0), updatedAtMs: BigInt(T0), updatedBy: "test" } });

describe("alert engine on a real database", () => {
  let now = T0;
  const notifier = () => new Notifier({ db, now: () => now, publicUrl: "https://tidemark.example" });
  beforeEach(reset);

  it("pending -> firing after `for`, notifies each channel once, resolves and notifies again", async () => {
    await rule();
    await channel("webhook");
    await channel("slack");
    const n = notifier();
    const engine = new AlertEngine({ db, notifier: n, now: () => now });

    now = T0;
    let r = await engine.evaluate("prod", [stop("orders-svc", now), obs("billing", now)]);
    expect(r).toMatchObject({ groups: 2, checks: 2, pending: 1, fired: 0 });
    expect((await db.alert.findMany()).map((a) => [a.group, a.phase])).toEqual([["orders-svc", "pending"]]);

    now = T0 + MIN;
    r = await engine.evaluate("prod", [stop("orders-svc", now)]);
    expect(r).toMatchObject({ pending: 0, fired: 0 });

    now = T0 + 2 * MIN;
    r = await engine.evaluate("prod", [stop("orders-svc", now)]);
    expect(r).toMatchObject({ fired: 1, notifications: 2 });
    await n.deliverDue();
    const [alert] = await db.alert.findMany();
    expect(alert).toMatchObject({ phase: "firing", sinceMs: BigInt(T0), firedAtMs: BigInt(T0 + 2 * MIN) });
    expect(JSON.parse(alert!.snapshot)).toMatchObject({ status: "STOP", lag: "5000", lagSeconds: 600, clientsOnline: 0 });
    expect(received).toHaveLength(2);
    const hook = received.find((x) => x.body.source === "tidemark")!;
    expect(hook.body).toMatchObject({ event: "firing", alert: { rule: "STOP", severity: "critical", cluster: "prod", group: "orders-svc", url: `https://tidemark.example/groups/prod/orders-svc?alert=${alert!.id}` } });
    expect(received.some((x) => typeof x.body.text === "string" && (x.body.text as string).startsWith("[CRITICAL] STOP: prod/orders-svc"))).toBe(true);

    // still firing: no new notification
    now = T0 + 3 * MIN;
    r = await engine.evaluate("prod", [stop("orders-svc", now)]);
    expect(r).toMatchObject({ fired: 0, resolved: 0, notifications: 0 });

    now = T0 + 4 * MIN;
    r = await engine.evaluate("prod", [obs("orders-svc", now)]);
    expect(r).toMatchObject({ resolved: 1, notifications: 2 });
    await n.deliverDue();
    expect(received.filter((x) => x.body.event === "resolved")).toHaveLength(1);
    expect((await db.alert.findFirst())!).toMatchObject({ phase: "resolved", resolvedAtMs: BigInt(T0 + 4 * MIN) });
    expect(await db.delivery.count({ where: { state: "delivered" } })).toBe(4);
  });

  it("a pending alert whose condition ends before `for` is dropped without a notification", async () => {
    await rule();
    await channel();
    const engine = new AlertEngine({ db, notifier: notifier(), now: () => now });
    await engine.evaluate("prod", [stop("g", T0)]);
    const r = await engine.evaluate("prod", [obs("g", T0 + 30_000)]);
    expect(r).toMatchObject({ dropped: 1 });
    expect(await db.alert.count()).toBe(0);
    expect(await db.delivery.count()).toBe(0);
  });

  it("a group that could not be read (no observation) or an UNKNOWN status changes nothing", async () => {
    await rule({ forMs: 0 });
    const engine = new AlertEngine({ db, now: () => now });
    await engine.evaluate("prod", [stop("g", T0)]);
    expect((await db.alert.findFirst())!.phase).toBe("firing");
    await engine.evaluate("prod", []);
    await engine.evaluate("prod", [obs("g", T0 + MIN, { status: { code: "UNKNOWN", reason: "a second sample is needed" } })]);
    expect((await db.alert.findFirst())!.phase).toBe("firing");
  });

  it("silenced alerts fire and resolve without notifications; a silence carries over to the next alert of the same rule and group", async () => {
    await rule({ forMs: 0 });
    await channel();
    const n = notifier();
    const engine = new AlertEngine({ db, notifier: n, now: () => now });
    now = T0;
    await engine.evaluate("prod", [obs("g", now)]);
    // silence before anything fires: an earlier alert carries it; simulate an operator silencing the first one
    await engine.evaluate("prod", [stop("g", now)]);
    const first = (await db.alert.findFirst())!;
    await n.deliverDue();
    expect(received).toHaveLength(1);
    await db.alert.update({ where: { id: first.id }, data: { silencedUntilMs: BigInt(T0 + 60 * MIN), silencedBy: "ann", silenceComment: "deploying" } });
    now = T0 + MIN;
    expect(await engine.evaluate("prod", [obs("g", now)])).toMatchObject({ resolved: 1, notifications: 0 });
    now = T0 + 2 * MIN;
    expect(await engine.evaluate("prod", [stop("g", now)])).toMatchObject({ fired: 1, notifications: 0 });
    const second = (await db.alert.findMany({ orderBy: { id: "asc" } }))[1]!;
    expect(second).toMatchObject({ phase: "firing", silencedBy: "ann", silenceComment: "deploying" });
    await n.deliverDue();
    expect(received).toHaveLength(1);
  });

  it("channels below their minimum severity get nothing; a disabled or deleted rule closes its alerts", async () => {
    const r1 = await rule({ forMs: 0, severity: "warning" });
    await channel("webhook", "critical");
    const engine = new AlertEngine({ db, notifier: notifier(), now: () => now });
    expect(await engine.evaluate("prod", [stop("g", T0), stop("h", T0)])).toMatchObject({ fired: 2, notifications: 0 });
    await db.alertRule.update({ where: { id: r1.id }, data: { enabled: false } });
    now = T0 + MIN;
    expect(await engine.evaluate("prod", [stop("g", now)])).toMatchObject({ resolved: 1 });
    // "h" was not read this cycle: its alert stays open
    expect((await db.alert.findFirst({ where: { group: "g" } }))!).toMatchObject({ phase: "resolved", lastValue: "closed: the rule was disabled" });
    expect((await db.alert.findFirst({ where: { group: "h" } }))!.phase).toBe("firing");
    await db.alertRule.delete({ where: { id: r1.id } });
    expect(await engine.evaluate("prod", [stop("h", now)])).toMatchObject({ resolved: 1 });
    expect((await db.alert.findFirst({ where: { group: "h" } }))!).toMatchObject({ phase: "resolved", ruleId: null, lastValue: "closed: the rule was deleted" });
  });

  it("/metrics families: open alerts by phase and severity, evaluation time per cluster, deliveries by state", async () => {
    await rule({ forMs: 0 });
    await rule({ forMs: 60_000, severity: "warning", name: "later" });
    const engine = new AlertEngine({ db, now: () => now });
    await engine.evaluate("prod", [stop("a", T0), stop("b", T0)]);
    const text = renderPrometheus(await alertMetricFamilies(db, engine));
    expect(text).toContain('tidemark_alerts{phase="firing",severity="critical"} 2\n');
    expect(text).toContain('tidemark_alerts{phase="pending",severity="warning"} 2\n');
    expect(text).toContain('tidemark_alerts{phase="firing",severity="info"} 0\n');
    expect(text).toMatch(/tidemark_alert_evaluation_seconds\{cluster="prod"\} \d/);
    expect(text).toContain('tidemark_notification_deliveries{state="failed"} 0\n');
  });

  it("keeps the ProcessQueue diagnosis read when an alert fires: once per group, at most 20 groups per cycle, a failed read recorded", async () => {
    await rule({ forMs: 0 });
    await rule({ forMs: 0, name: "no clients", condition: conditionJson({ kind: "no-clients" }) });
    now = T0;
    const calls: string[] = [];
    const badge = { kind: "pinned-queue", severity: "critical", sentence: "broker-a/0 is pinned", queue: null, clientId: null, topic: null, evidence: {}, basis: "one-snapshot" };
    const engine = new AlertEngine({
      db,
      now: () => now,
      diagnose: async (_c, g) => {
        calls.push(g);
        if (g === "g1") throw new Error("client 10.0.0.1@1 did not answer");
        return [badge as never];
      },
    });
    await engine.evaluate("prod", Array.from({ length: 30 }, (_, i) => stop(`g${i}`, T0)));
    expect(calls).toHaveLength(20);
    const snaps = (await db.alert.findMany({ where: { group: { in: ["g0", "g1", "g29"] } } })).map((a) => [a.group, JSON.parse(a.snapshot).diagnosis]);
    expect(snaps.filter(([g]) => g === "g0")).toEqual([["g0", { atMs: T0, badges: [badge], error: null }], ["g0", { atMs: T0, badges: [badge], error: null }]]);
    expect(snaps.find(([g]) => g === "g1")![1]).toEqual({ atMs: T0, badges: [], error: "client 10.0.0.1@1 did not answer" });
    expect(snaps.find(([g]) => g === "g29")![1]).toBeUndefined();
  });

  it("patterns select groups: a rule for orders-* ignores billing", async () => {
    await rule({ forMs: 0, groupPattern: "orders-*" });
    const engine = new AlertEngine({ db, now: () => now });
    expect(await engine.evaluate("prod", [stop("orders-eu", T0), stop("billing", T0)])).toMatchObject({ checks: 1, fired: 1 });
  });

  it("lag threshold alerts keep the value they fired with as evidence and follow the latest value", async () => {
    await rule({ forMs: 0, condition: conditionJson({ kind: "lag-messages", threshold: 1_000n }), name: "lag" });
    const engine = new AlertEngine({ db, now: () => now });
    await engine.evaluate("prod", [stop("g", T0)]);
    await engine.evaluate("prod", [obs("g", T0 + MIN, { topics: [{ topic: "Orders", lag: 7_000n, lagSeconds: 700 }] })]);
    expect((await db.alert.findFirst())!).toMatchObject({ phase: "firing", evidence: "lag 5,000 messages (threshold 1,000)", lastValue: "lag 7,000 messages (threshold 1,000)" });
  });

  it("default rules are seeded once: deleted defaults do not come back", async () => {
    expect(await seedDefaultRules(db, T0)).toBe(true);
    const n = (await listRules(db)).length;
    expect(n).toBeGreaterThanOrEqual(5);
    await db.alertRule.deleteMany();
    expect(await seedDefaultRules(db, T0)).toBe(false);
    expect(await seedRulesOnce(db, [], BigInt(T0))).toBe(false);
    expect(await listRules(db)).toEqual([]);
  });

  it("benchmark: evaluates the default rules on 5,000 groups (reports the time)", async () => {
    await db.$executeRawUnsafe(`DELETE FROM "_tidemark_migrations" WHERE "name" = 'seed:default-alert-rules'`);
    await seedDefaultRules(db, T0);
    const engine = new AlertEngine({ db, now: () => now });
    const groups = Array.from({ length: 5_000 }, (_, i) => (i % 100 === 0 ? stop(`g${i}`, T0) : obs(`g${i}`, T0)));
    const times: number[] = [];
    for (let c = 0; c < 5; c++) {
      const t = performance.now();
      const r = await engine.evaluate("prod", groups.map((g) => ({ ...g, atMs: T0 + c * 30_000 })));
      times.push(performance.now() - t);
      expect(r.groups).toBe(5_000);
    }
    // 1 % of the groups are STOP: 50 pending alerts created in the first cycle, nothing else written after
    expect(await db.alert.count()).toBe(50);
    console.log(`[bench] alert evaluation, 5,000 groups x ${(await listRules(db)).filter((r) => r.enabled).length} enabled rules, 1 % STOP: ${times.map((t) => t.toFixed(0)).join(", ")} ms per cycle`);
  });

  it("benchmark: a cluster-wide incident, 5,000 groups STOP at once: opening, firing and resolving 5,000 alerts (reports the time)", async () => {
    await rule({ forMs: 30_000 });
    const engine = new AlertEngine({ db, now: () => now });
    const all = (f: (g: string, at: number) => GroupObservation, at: number) => Array.from({ length: 5_000 }, (_, i) => f(`g${i}`, at));
    const t: Record<string, number> = {};
    for (const [label, batch] of [
      ["open 5,000 pending", all(stop, T0)],
      ["fire 5,000", all(stop, T0 + 30_000)],
      ["steady, 5,000 firing", all(stop, T0 + 60_000)],
      ["resolve 5,000", all(obs, T0 + 90_000)],
    ] as const) {
      const s0 = performance.now();
      await engine.evaluate("prod", batch);
      t[label] = performance.now() - s0;
    }
    expect(await db.alert.count({ where: { phase: "resolved" } })).toBe(5_000);
    console.log(`[bench] cluster-wide incident, 5,000 groups: ${Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join("; ")}`);
  }, 120_000);
});

describe("notifier", () => {
  beforeEach(reset);

  it("retries with backoff on HTTP errors and on a DingTalk errcode inside a 200, then delivers", async () => {
    await rule({ forMs: 0 });
    const ch = await channel("dingtalk");
    let now = T0;
    const n = new Notifier({ db, now: () => now });
    const engine = new AlertEngine({ db, notifier: n, now: () => now });
    replies = [
      { status: 502, body: "bad gateway" },
      { status: 200, body: JSON.stringify({ errcode: 310000, errmsg: "keywords not in content" }) },
    ];
    await engine.evaluate("prod", [stop("g", now)]);
    await n.deliverDue();
    let d = (await db.delivery.findFirst())!;
    expect(d).toMatchObject({ state: "pending", attempts: 1, lastStatus: 502, lastError: "ops-dingtalk: HTTP 502: bad gateway" });
    expect(Number(d.nextAttemptAtMs) - now).toBeGreaterThanOrEqual(2_000);
    expect(Number(d.nextAttemptAtMs) - now).toBeLessThanOrEqual(2_400);
    await n.deliverDue(); // not due yet
    expect((await db.delivery.findFirst())!.attempts).toBe(1);
    now = Number(d.nextAttemptAtMs);
    await n.deliverDue();
    d = (await db.delivery.findFirst())!;
    expect(d).toMatchObject({ state: "pending", attempts: 2, lastError: "ops-dingtalk: dingtalk error 310000: keywords not in content" });
    expect(Number(d.nextAttemptAtMs) - now).toBeGreaterThanOrEqual(4_000);
    now = Number(d.nextAttemptAtMs);
    await n.deliverDue();
    expect((await db.delivery.findFirst())!).toMatchObject({ state: "delivered", attempts: 3, lastError: null });
    expect(received).toHaveLength(3);
    expect(received[0]!.body).toMatchObject({ msgtype: "markdown" });
    expect(ch.id).toBeGreaterThan(0);
  });

  it("gives up after 6 attempts and records the last error; an unreachable host says so", async () => {
    await rule({ forMs: 0 });
    await db.notificationChannel.create({ data: { name: "dead", kind: "webhook", url: "http://127.0.0.1:9/hook", enabled: true, minSeverity: "info", createdAtMs: 0n, updatedAtMs: 0n, updatedBy: "t" } });
    let now = T0;
    const n = new Notifier({ db, now: () => now });
    await new AlertEngine({ db, notifier: n, now: () => now }).evaluate("prod", [stop("g", now)]);
    for (let i = 0; i < 8; i++) {
      await n.deliverDue();
      now += 10 * 60_000;
    }
    const d = (await db.delivery.findFirst())!;
    expect(d.state).toBe("failed");
    expect(d.attempts).toBe(6);
    expect(d.lastError).toMatch(/^dead \(127\.0\.0\.1:9\) could not be reached: /);
  });

  it("Send test answers with the first attempt's result", async () => {
    const ok = await channel("feishu");
    const n = new Notifier({ db });
    expect(await n.sendTest(ok)).toMatchObject({ state: "delivered", event: "test", attempts: 1, channelName: "ops-feishu" });
    expect(received[0]!.body).toMatchObject({ msg_type: "interactive" });
    replies = [{ status: 404, body: "no such hook" }];
    expect(await n.sendTest(ok)).toMatchObject({ state: "failed", lastError: "ops-feishu: HTTP 404: no such hook", lastStatus: 404 });
  });

  it("signs DingTalk (query) and Feishu (body) requests when the channel has a secret", () => {
    const ding = signedRequest({ kind: "dingtalk", url: "https://oapi.dingtalk.com/robot/send?access_token=abc", secret: "SEC123" }, "{}", 1_700_000_000_000);
    const u = new URL(ding.url);
    expect(u.searchParams.get("access_token")).toBe("abc");
    expect(u.searchParams.get("timestamp")).toBe("1700000000000");
    // HmacSHA256(key "SEC123", "1700000000000\nSEC123") in base64
    expect(u.searchParams.get("sign")).toBe("lkcPI1uoxBY1gUnCnnPH1Kkru0Hqjo7rFpA3haIVhEQ=");
    const fs = signedRequest({ kind: "feishu", url: "https://open.feishu.cn/open-apis/bot/v2/hook/x", secret: "s" }, '{"msg_type":"text"}', 1_700_000_000_000);
    expect(JSON.parse(fs.body)).toMatchObject({ timestamp: "1700000000", msg_type: "text" });
    expect(signedRequest({ kind: "slack", url: "https://hooks.slack.com/x", secret: "s" }, "{}", 0)).toEqual({ url: "https://hooks.slack.com/x", body: "{}" });
  });
});

describe("views", () => {
  it("firing first by severity, then pending, then resolved", () => {
    const base = { id: 1, ruleId: 1, cluster: "c", group: "g", ruleName: "r", conditionText: "x", evidence: "", lastValue: "", lastEvaluatedAtMs: 0n, snapshot: "{}", ackAtMs: null, ackBy: null, ackComment: null, silencedUntilMs: null, silencedBy: null, silenceComment: null, firedAtMs: null, resolvedAtMs: null };
    const mk = (id: number, phase: string, severity: string, sinceMs: number) => summaryOf({ ...base, id, phase, severity, sinceMs: BigInt(sinceMs) }, null);
    const list = [mk(1, "resolved", "critical", 5), mk(2, "pending", "critical", 4), mk(3, "firing", "info", 9), mk(4, "firing", "critical", 1), mk(5, "firing", "critical", 3)].sort(compareAlerts);
    expect(list.map((a) => a.id)).toEqual([5, 4, 3, 2, 1]);
  });

  it("the triage range: the alert's span is about half the chart, at least 10 minutes before it, up to 10 minutes after it (or now)", () => {
    // resolved after 5 min, looked at an hour later: 15 min before to 10 min after
    expect(triageRange({ sinceMs: T0, resolvedAtMs: T0 + 5 * MIN }, T0 + 60 * MIN)).toEqual({ from: T0 - 15 * MIN, to: T0 + 15 * MIN });
    // open for 2 min: at least 10 min before, so the span is not a sliver at the right edge of an hour
    expect(triageRange({ sinceMs: T0, resolvedAtMs: null }, T0 + 2 * MIN)).toEqual({ from: T0 - 10 * MIN, to: T0 + 2 * MIN });
    // open for 3 hours: 3 hours before
    expect(triageRange({ sinceMs: T0, resolvedAtMs: null }, T0 + 180 * MIN)).toEqual({ from: T0 - 180 * MIN, to: T0 + 180 * MIN });
  });
});

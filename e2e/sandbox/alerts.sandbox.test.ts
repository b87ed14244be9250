// Alerts end to end on the sandbox's "offline" scenario (time-scaled, real clock): the group consumes, its
// only client leaves while production goes on, the sampler's cycles see STOP, the rule fires after its
// "for" and a webhook reaches a local HTTP receiver; when the consumer comes back the alert resolves and
// the receiver gets the resolved notice. Reports the delay from the client leaving to the webhook.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "../../lib/data/db";
import { migrate } from "../../lib/data/migrate";
import type { PrismaClient } from "../../lib/generated/prisma/client";
import { RocketMQAdmin } from "../../lib/rocketmq/admin";
import { startSandbox, type Sandbox } from "../../lib/sandbox";
import { Sampler } from "../../lib/sampler/sampler";
import { AlertEngine, conditionJson, summaryOf } from "../../lib/services/alerts";
import type { ClusterEntry } from "../../lib/services/clusterRegistry";
import { Notifier } from "../../lib/services/notifications";
import { until } from "../testkit";

const GROUP = "offline-group";
const TIME_SCALE = 5;
const INTERVAL_MS = 1_000;
const FOR_MS = 2_000;

describe("alerts on the sandbox: offline group with a backlog", () => {
  let sb: Sandbox;
  let db: PrismaClient;
  let sampler: Sampler;
  let notifier: Notifier;
  let engine: AlertEngine;
  let server: http.Server;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-alerts-"));
  const hooks: { at: number; body: { event: string; alert: { id: number; group: string; evidence: string; lastValue: string } } }[] = [];
  let leftAt = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        hooks.push({ at: Date.now(), body: JSON.parse(text) as (typeof hooks)[number]["body"] });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;

    db = createPrisma(`file:${path.join(dir, "alerts.db")}`);
    await migrate(db);
    const t = BigInt(Date.now());
    await db.alertRule.create({
      data: { name: "Consumers gone with a backlog", enabled: true, clusterPattern: "*", groupPattern: "*", topicPattern: "*", condition: conditionJson({ kind: "status", statuses: ["STOP"] }), forMs: FOR_MS, severity: "critical", createdAtMs: t, updatedAtMs: t, updatedBy: "test" },
    });
    await db.notificationChannel.create({ data: { name: "receiver", kind: "webhook", url: hookUrl, enabled: true, minSeverity: "info", createdAtMs: t, updatedAtMs: t, updatedBy: "test" } });

    sb = await startSandbox({ scenario: "offline", seed: 7, timeScale: TIME_SCALE, namesrvPort: 0, brokerPorts: [0, 0], dataDir: path.join(dir, "sandbox") });
    const cluster: ClusterEntry = { name: "alerts-sandbox", nameServers: [sb.namesrvAddr], sandbox: true, admin: new RocketMQAdmin({ nameServers: [sb.namesrvAddr] }) };
    notifier = new Notifier({ db, pollMs: 100, publicUrl: "http://127.0.0.1:3000" });
    notifier.start();
    engine = new AlertEngine({ db, notifier });
    sampler = new Sampler({
      db,
      clusters: () => [cluster],
      intervalMs: INTERVAL_MS,
      fanOut: 4,
      retention: { rawMs: 3_600_000, bucketMs: 300_000, keepMs: 86_400_000 },
      observe: async (name, observations) => {
        await engine.evaluate(name, observations);
      },
    });
    sampler.start();
    // The scenario's client joins at once and leaves 15 s (simulated) after start; note when it left, to 50 ms.
    await until("the offline-group client to start", 30_000, async () => (sb.clientStates(GROUP).length > 0 ? true : undefined), 50);
    await until("the offline-group client to leave", 30_000, async () => (sb.clientStates(GROUP).length === 0 ? true : undefined), 50);
    leftAt = Date.now();
  }, 60_000);

  afterAll(async () => {
    await sampler?.stop();
    await notifier?.stop();
    await db?.$disconnect();
    await sb?.stop();
    server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fires STOP after its `for` and a webhook reaches the receiver", async () => {
    const hook = await until("a firing webhook", 60_000, async () => hooks.find((h) => h.body.event === "firing"), 50);
    expect(hook.body.alert.group).toBe(GROUP);
    expect(hook.body.alert.evidence).toMatch(/^status STOP: no consumer is online while [\d,]+ messages? wait/);
    const alert = (await db.alert.findFirst({ where: { group: GROUP } }))!;
    const summary = summaryOf(alert, null);
    expect(summary).toMatchObject({ phase: "firing", severity: "critical", snapshot: { status: "STOP", clientsOnline: 0 } });
    expect(BigInt(summary.snapshot.lag!)).toBeGreaterThan(0n);
    // fired no earlier than `for` after the condition was first seen
    expect(summary.firedAtMs! - summary.sinceMs).toBeGreaterThanOrEqual(FOR_MS);
    const delay = hook.at - leftAt;
    // it cannot arrive before the rule's `for` has passed, and one cycle + for + delivery is a few seconds
    expect(delay).toBeGreaterThanOrEqual(FOR_MS);
    console.log(
      `[measure] condition (client left) -> webhook delivered: ${delay} ms (sampler interval ${INTERVAL_MS} ms, for ${FOR_MS} ms; ` +
        `condition first seen ${summary.sinceMs - leftAt} ms after it began, fired ${summary.firedAtMs! - leftAt} ms, delivered ${hook.at - summary.firedAtMs!} ms after firing)`,
    );
    const delivery = (await db.delivery.findFirst({ where: { alertId: alert.id } }))!;
    expect(delivery).toMatchObject({ state: "delivered", attempts: 1, event: "firing" });
  });

  it("resolves when the consumer comes back, with a resolved webhook", async () => {
    sb.setGroupOnline(GROUP, true);
    const hook = await until("a resolved webhook", 60_000, async () => hooks.find((h) => h.body.event === "resolved"), 50);
    expect(hook.body.alert.group).toBe(GROUP);
    expect(hook.body.alert.lastValue).toMatch(/^status (OK|WARN|STALL|REWIND):/);
    const alert = (await db.alert.findFirst({ where: { group: GROUP }, orderBy: { id: "desc" } }))!;
    expect(alert.phase).toBe("resolved");
    expect(hooks.filter((h) => h.body.event === "firing")).toHaveLength(1);
    expect(sampler.state().lastReport?.clusters[0]?.observeMs).not.toBeNull();
  });
});

// The console's HTTP API against real RocketMQ clusters with Java clients: the group detail's
// per-queue figures equal mqadmin consumerProgress, and the ProcessQueue view shows the real
// client's pinned queue with the diagnosis on it. Needs the production build (npm's pretest).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupDetailSchema, groupListSchema, processQueuesSchema } from "../../lib/schemas";
import { sleep, until, versionsUnderTest } from "../testkit";
import { consumerProgress, createTopic, startCluster, startWorkload, type Cluster, type WorkloadHandle } from "./cluster.mjs";

const VERSIONS = versionsUnderTest();
const T = "TmConsoleTopic";

const ADMIN_PASSWORD = "admin-password-for-console-suite";
/** The session cookie of the signed-in administrator (the API refuses anonymous callers). */
let cookie = "";

async function signIn(origin: string): Promise<string> {
  const res = await fetch(`${origin}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { headers: { cookie } });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

describe.each(VERSIONS)("the console against real RocketMQ (version line %s)", (version) => {
  let cluster: Cluster;
  let console_: ChildProcess;
  let producer: WorkloadHandle;
  const port = version === "5" ? 3160 : 3161;
  const base = `http://127.0.0.1:${port}/api/clusters/real`;

  beforeAll(async () => {
    if (!fs.existsSync(".next/BUILD_ID")) throw new Error("the console is not built: run node scripts/setup.mjs --for test (npm test does)");
    // below the ephemeral port range (32768-60999), where an outgoing connection could hold a broker port
    cluster = await startCluster({ version, basePort: 26000 });
    await createTopic(cluster, T, 4);
    producer = startWorkload(cluster, "produce", { topic: T, rate: 40, durationMs: 240_000, name: "con-produce" });
    const consumers = [
      startWorkload(cluster, "consume-healthy", { topic: T, group: "con_ok", durationMs: 240_000, from: "first", name: "con-ok" }),
      startWorkload(cluster, "consume-stuck", { topic: T, group: "con_stuck", durationMs: 240_000, from: "first", stuckBroker: "broker-a", stuckQueue: 0, name: "con-stuck" }),
    ];
    fs.rmSync(`.tidemark/console-${version}`, { recursive: true, force: true }); // a fresh database: the first admin gets ADMIN_PASSWORD
    console_ = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, PORT: String(port), TIDEMARK_CLUSTERS: `real=${cluster.namesrvAddr}`, DATABASE_URL: `file:./.tidemark/console-${version}/tidemark.db`, TIDEMARK_ADMIN_PASSWORD: ADMIN_PASSWORD },
      stdio: "ignore",
    });
    await Promise.all([producer.ready(60_000), ...consumers.map((c) => c.ready(60_000))]);
    await until("the console to answer", 60_000, async () => ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok ? true : undefined), 500);
    expect((await fetch(`${base}/groups`)).status).toBe(401);
    cookie = await signIn(`http://127.0.0.1:${port}`);
  });

  afterAll(async () => {
    console_?.kill("SIGTERM");
    await cluster?.stop();
  });

  it("lists the real groups with their model and clients", async () => {
    const list = await until("both groups in the list", 60_000, async () => {
      const l = groupListSchema.parse(await getJson(`${base}/groups?sort=group&dir=asc`));
      return l.rows.some((r) => r.group === "con_ok" && r.onlineClients === 1) && l.rows.some((r) => r.group === "con_stuck") ? l : undefined;
    });
    const ok = list.rows.find((r) => r.group === "con_ok")!;
    expect(ok).toMatchObject({ messageModel: "CLUSTERING", consumeType: "CONSUME_PASSIVELY", topics: [T] });
    expect(list.failures).toEqual([]);
  });

  it("shows the real client's pinned queue and diagnoses it", async () => {
    const pq = await until("the pinned-queue diagnosis", 120_000, async () => {
      const v = processQueuesSchema.parse(await getJson(`${base}/groups/con_stuck/process-queues`));
      return v.badges.some((b) => b.kind === "pinned-by-slow-message") ? v : undefined;
    });
    const badge = pq.badges.find((b) => b.kind === "pinned-by-slow-message")!;
    expect(badge.queue).toEqual({ topic: T, brokerName: "broker-a", queueId: 0 });
    const row = pq.clients.flatMap((c) => c.queues).find((q) => q.topic === T && q.brokerName === "broker-a" && q.queueId === 0)!;
    expect(row.commitOffset).toBe(row.cachedMsgMinOffset);
    expect(row.cachedMsgCount).toBeGreaterThanOrEqual(1);
  });

  it("the group detail's per-queue figures equal mqadmin consumerProgress (producer quiesced)", async () => {
    await producer.stop();
    await sleep(8_000);
    for (const group of ["con_ok", "con_stuck"]) {
      await until(`${group} detail to match mqadmin`, 40_000, async () => {
        const detail = groupDetailSchema.parse(await getJson(`${base}/groups/${group}`));
        const theirs = await consumerProgress(cluster, group);
        const again = groupDetailSchema.parse(await getJson(`${base}/groups/${group}`));
        const figures = (d: typeof detail) => d.queues.map((q) => `${q.topic}|${q.brokerName}|${q.queueId}|${q.brokerOffset.value}|${q.committedOffset.value}|${q.lag.value}`).sort();
        if (JSON.stringify(figures(detail)) !== JSON.stringify(figures(again))) return undefined;
        expect(theirs.error).toBeNull();
        const mqadminFigures = theirs.rows.map((r) => `${r.topic}|${r.brokerName}|${r.queueId}|${r.brokerOffset}|${r.consumerOffset}|${r.diff ?? r.brokerOffset - r.consumerOffset}`).sort();
        expect(figures(detail)).toEqual(mqadminFigures);
        return true;
      });
    }
  });
});

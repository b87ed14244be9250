// Integration suite against a real RocketMQ cluster (namesrv + broker-a + broker-b) started from
// Maven Central jars by cluster.mjs. Runs once per version line: TIDEMARK_RMQ_VERSIONS=5,4 (default).
// Missing Java/Maven, a busy port or a full disk make it FAIL with the reason; it never skips.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Cluster,
  type ConsumedRecord,
  type ProgressRow,
  type SentRecord,
  type WorkloadHandle,
  CLUSTER_NAME,
  STATE_DIR,
  consumerProgress,
  createGroup,
  createTopic,
  explainBrokerRefusal,
  findStrayProcesses,
  getClusterInfo,
  mqadmin,
  parseClusterList,
  portsFor,
  startCluster,
  startWorkload,
  stateFileFor,
  topicList,
  topicStatus,
} from "./cluster.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(ROOT, "e2e/rocketmq/cluster.mjs");
/** Base port of the fake cluster that `down` stops: only its state file name, no port is bound. */
const FAKE_DOWN_BASE = 28876;
/** What a 5.3.3 / 4.9.x client prints when a broker refuses a send above 90 % disk use. */
const DISK_FULL_SEND_ERROR =
  "org.apache.rocketmq.client.exception.MQBrokerException: CODE: 14  DESC: service not available now. It may be caused by one of the " +
  "following reasons: the broker's disk is full [CL:  0.93 CQ:  0.93 INDEX:  0.93], messages are put to the slave, message store has " +
  "been shut down, etc. BROKER: 127.0.0.1:10911";

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const t0 = Date.now();
    execFile(cmd, args, { cwd: ROOT, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 60_000, killSignal: "SIGKILL" }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : null) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** A long-running node process; `marker` goes on its command line like a JVM's -Dtidemark.rmq.dir=<dir>. */
function dummy(marker?: string): ChildProcess {
  return spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", "--", ...(marker ? [marker] : [])], { stdio: "ignore" });
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/\) [ZX] /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

const VERSIONS = (process.env.TIDEMARK_RMQ_VERSIONS ?? "5,4")
  .split(",")
  .map((v) => v.trim())
  .filter(Boolean);

/** A base port whose 7 ports are all distinct from the default cluster's. */
const SPARE_BASE = 19876;

const mqKey = (r: { brokerName: string; queueId: number; offset: number }) => `${r.brokerName}/${r.queueId}/${r.offset}`;
const queueKey = (r: { brokerName: string; queueId: number }) => `${r.brokerName}/${r.queueId}`;

async function pollUntil<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Polls consumerProgress until `accept` returns true for the topic's rows; returns the rows. */
async function progressUntil(cluster: Cluster, group: string, topic: string, what: string, accept: (rows: ProgressRow[]) => boolean, timeoutMs = 60_000) {
  let lastRaw = "";
  try {
    return await pollUntil(
      what,
      async () => {
        const p = await consumerProgress(cluster, group);
        lastRaw = p.raw;
        const rows = p.rows.filter((r) => r.topic === topic);
        return accept(rows) ? rows : null;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\nlast consumerProgress -g ${group}:\n${lastRaw}`);
  }
}

/**
 * mqadmin topicList lists every topic and topicStatus -t shows each with `queuesPerBroker` queues on broker-a
 * and on broker-b; returns the topicStatus rows by topic.
 */
async function expectTopics(cluster: Cluster, topics: string[], queuesPerBroker: number) {
  const [list, ...statuses] = await Promise.all([topicList(cluster), ...topics.map((t) => topicStatus(cluster, t))]);
  expect(list.code, list.raw).toBe(0);
  expect(list.topics, list.raw).toEqual(expect.arrayContaining(topics));
  const byTopic = new Map<string, Awaited<ReturnType<typeof topicStatus>>["rows"]>();
  topics.forEach((t, i) => {
    const st = statuses[i]!;
    const perBroker = (b: string) => st.rows.filter((r) => r.brokerName === b).map((r) => r.queueId).sort((x, y) => x - y);
    const qids = Array.from({ length: queuesPerBroker }, (_, q) => q);
    expect({ topic: t, a: perBroker("broker-a"), b: perBroker("broker-b"), rows: st.rows.length }, st.raw).toEqual({ topic: t, a: qids, b: qids, rows: 2 * queuesPerBroker });
    byTopic.set(t, st.rows);
  });
  return byTopic;
}

function occupy(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(port, "127.0.0.1", () => resolve(srv));
  });
}

describe("environment checks (no JVM started)", () => {
  it("rejects with the port and its role when the namesrv port is taken", async () => {
    const { namesrv } = portsFor(SPARE_BASE);
    const srv = await occupy(namesrv);
    try {
      await expect(startCluster({ version: VERSIONS[0], basePort: SPARE_BASE, log: null })).rejects.toThrow(
        new RegExp(`port ${namesrv} \\(namesrv.*is already in use.*ss -ltnp 'sport = :${namesrv}'`, "s"),
      );
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it("rejects when a broker's HA port (listenPort+1) is taken", async () => {
    const haPort = portsFor(SPARE_BASE).brokers[1]!.listenPort + 1;
    const srv = await occupy(haPort);
    try {
      await expect(startCluster({ version: VERSIONS[0], basePort: SPARE_BASE, log: null })).rejects.toThrow(new RegExp(`port ${haPort} \\(broker-b \\(HA`));
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it("refuses to start on a nearly full disk", async () => {
    await expect(startCluster({ version: VERSIONS[0], basePort: SPARE_BASE, maxDiskUsePercent: 0.001, log: null })).rejects.toThrow(/disk nearly full.*refuse writes above 90 %/s);
  });

  it("fails with an install hint when java or mvn is missing", async () => {
    await expect(startCluster({ basePort: SPARE_BASE, java: "/nonexistent/java", log: null })).rejects.toThrow(
      "Java 17 and Maven are required: apt-get install -y openjdk-17-jdk-headless maven",
    );
    await expect(startCluster({ basePort: SPARE_BASE, mvn: "/nonexistent/mvn", log: null })).rejects.toThrow(/Maven.*not found.*Java 17 and Maven are required/s);
  });
});

describe("cluster.mjs down, setup and error translation (no JVM started)", () => {
  it("down stops exactly the recorded processes that carry the marker, deletes the dir and the state file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tidemark-rmq-vfake-${FAKE_DOWN_BASE}-`));
    fs.mkdirSync(path.join(dir, "broker-a", "store"), { recursive: true });
    fs.writeFileSync(path.join(dir, "broker-a", "store", "commitlog"), "x");
    const marker = `-Dtidemark.rmq.dir=${dir}`;
    const ours = dummy(marker); // a "broker" started by up
    const stray = dummy(marker); // not in the state file (a CLI workload): down finds it by its marker
    const unrelated = dummy(); // its pid is recorded, but it lacks the marker (a reused pid): never signalled
    const procs = [ours, stray, unrelated];
    const exited = procs.map((p) => new Promise<NodeJS.Signals | number | null>((r) => p.once("exit", (code, sig) => r(sig ?? code))));
    const stateFile = stateFileFor(FAKE_DOWN_BASE);
    try {
      for (const p of procs) expect(alive(p.pid!)).toBe(true);
      // the state file as startCluster writes it (the fields stopCluster and the CLI read)
      fs.mkdirSync(STATE_DIR, { recursive: true });
      const proc = (role: string, pid: number) => ({ role, pid, port: 0, home: path.join(dir, role), out: path.join(dir, `${role}.out`), log: "" });
      const state = {
        version: "5",
        serverVersion: "5.3.3",
        clientVersion: "5.3.3",
        clusterName: CLUSTER_NAME,
        basePort: FAKE_DOWN_BASE,
        namesrvAddr: `127.0.0.1:${FAKE_DOWN_BASE}`,
        dir,
        brokers: [],
        proxy: null,
        processes: [proc("namesrv", unrelated.pid!), proc("broker-a", ours.pid!)],
        startedBy: process.pid,
        startedAt: new Date().toISOString(),
      };
      fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);

      const res = await run(process.execPath, [CLI, "down", "--base-port", String(FAKE_DOWN_BASE)]);
      expect(res.code, res.stdout + res.stderr).toBe(0);
      expect(res.stdout).toContain(`stopped RocketMQ 5.3.3 on base port ${FAKE_DOWN_BASE} (pids ${unrelated.pid}, ${ours.pid})`);
      expect(await exited[0]).toBe("SIGTERM");
      expect(await exited[1]).toBe("SIGTERM");
      expect(alive(unrelated.pid!)).toBe(true);
      expect(fs.existsSync(dir)).toBe(false);
      expect(fs.existsSync(stateFile)).toBe(false);

      // a second down finds nothing to stop
      const again = await run(process.execPath, [CLI, "down", "--base-port", String(FAKE_DOWN_BASE)]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`nothing to stop: no cluster state for base port ${FAKE_DOWN_BASE}`);
    } finally {
      for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
      await Promise.all(exited);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(stateFile, { force: true });
    }
  });

  it("npm test's setup fails at once, with cluster.mjs's message, when java or mvn is missing", async () => {
    const setup = path.join(ROOT, "scripts/setup.mjs");
    for (const [name, value, re] of [
      ["TIDEMARK_JAVA", "/nonexistent/java", /`\/nonexistent\/java` was not found on PATH\. Java 17 and Maven are required: apt-get install -y openjdk-17-jdk-headless maven/],
      ["TIDEMARK_MVN", "/nonexistent/mvn", /`\/nonexistent\/mvn` \(Maven\) was not found on PATH\. Java 17 and Maven are required/],
    ] as const) {
      const res = await run(process.execPath, [setup, "--for", "test"], { env: { ...process.env, [name]: value }, timeoutMs: 30_000 });
      expect(res.code, res.stdout + res.stderr).toBe(1);
      expect(res.stderr).toMatch(re);
      expect(res.stderr).toContain("npm test runs real RocketMQ clusters (e2e/rocketmq)");
      // before npm install, prisma generate and next build
      expect(res.stdout).not.toContain("[setup] $");
      expect(res.ms).toBeLessThan(15_000);
    }
  });

  it("translates a broker's CODE: 14 disk-full refusal into the disk message (mqadmin output, workload exit)", async () => {
    const msg = explainBrokerRefusal(`some output\n${DISK_FULL_SEND_ERROR}\nmore`, os.tmpdir());
    expect(msg).toMatch(/^disk full\? A broker refused a write with CODE: 14 "service not available": RocketMQ brokers refuse writes above 90 % disk use/);
    expect(msg).toMatch(new RegExp(`The filesystem of ${os.tmpdir()} is now [\\d.]+ % used \\(\\d+ MiB free\\)\\. Free some space \\(df -h ${os.tmpdir()}\\), or point TIDEMARK_RMQ_TMPDIR`));
    expect(msg).toContain(`The broker said: ${DISK_FULL_SEND_ERROR}`);
    expect(explainBrokerRefusal("CODE: 17  DESC: No topic route info in name server for the topic: T", os.tmpdir())).toBeNull();
    expect(explainBrokerRefusal("CODE: 14  DESC: service not available now, maybe disk full, CL: 0.95", null)).toContain("df -h");

    // a workload whose sends were refused exits 3 (Workload.java); its exit says why. A fake `java` writes the report.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-rmq-vfake-workload-"));
    try {
      const fakeJava = path.join(dir, "java");
      fs.writeFileSync(
        fakeJava,
        `#!${process.execPath}\nconst fs = require("fs");\nconst a = process.argv;\nconst report = a[a.indexOf("--report") + 1];\n` +
          `fs.writeFileSync(report, JSON.stringify({ type: "ready", ts: Date.now() }) + "\\n" + JSON.stringify({ type: "send-error", topic: "T", key: "k-0", seq: 0, error: ${JSON.stringify(DISK_FULL_SEND_ERROR)}, ts: Date.now() }) + "\\n");\n` +
          `process.exit(3);\n`,
        { mode: 0o755 },
      );
      const fake = { version: "5" as const, namesrvAddr: "127.0.0.1:1", brokers: [], dir, java: fakeJava, clientCp: dir };
      const w = startWorkload(fake, "produce", { topic: "T", durationMs: 1000 });
      const exit = await w.wait(20_000);
      expect(exit.code).toBe(3);
      expect(exit.error).toMatch(/^disk full\? A broker refused a write with CODE: 14/);
      expect(exit.error).toContain("BROKER: 127.0.0.1:10911");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(VERSIONS)("RocketMQ line %s: namesrv + two brokers", (version) => {
  let cluster: Cluster;
  const started: WorkloadHandle[] = [];
  const workload = (...args: Parameters<typeof startWorkload>) => {
    const w = startWorkload(...args);
    started.push(w);
    return w;
  };

  beforeAll(async () => {
    cluster = await startCluster({ version });
    console.log(
      `[rocketmq ${cluster.serverVersion}] both brokers registered ${(cluster.startupMs / 1000).toFixed(1)} s after startCluster() ` +
        `(${(cluster.jvmStartupMs / 1000).toFixed(1)} s after the namesrv JVM launch)`,
    );
  });

  afterAll(async () => {
    await Promise.all(started.map((w) => w.stop().catch(() => undefined)));
    await cluster?.stop();
  });

  it("registers broker-a and broker-b (NameServer 106 and mqadmin clusterList)", async () => {
    expect(cluster.startupMs).toBeLessThan(60_000 + 60_000); // includes a possible first Maven build
    expect(cluster.jvmStartupMs).toBeLessThan(60_000);
    const info = await getClusterInfo(cluster.namesrvAddr);
    expect(info.clusters.DefaultCluster?.sort()).toEqual(["broker-a", "broker-b"]);

    // every row complete: clusterList prints blank columns when a broker's runtime info times out
    const expectedVersion = `V${cluster.serverVersion.replace(/\./g, "_")}`;
    let out = "";
    const rows = await pollUntil(
      "clusterList to show both brokers with their version",
      async () => {
        const res = await mqadmin(cluster, ["clusterList"]);
        out = res.stdout + res.stderr;
        const rs = parseClusterList(res.stdout);
        return res.code === 0 && rs.length === 2 && rs.every((r) => r.version === expectedVersion) ? rs : null;
      },
      30_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${out}`);
    });
    expect(rows.map((r) => [r.cluster, r.brokerName, r.brokerId, r.addr]).sort()).toEqual([
      ["DefaultCluster", "broker-a", 0, cluster.brokers[0]!.addr],
      ["DefaultCluster", "broker-b", 0, cluster.brokers[1]!.addr],
    ]);
  });

  it("a healthy consumer catches up on all 8 queues of both brokers and consumes every sent message", async () => {
    const topic = `TM_HEALTHY_${version}`;
    const group = `GM_HEALTHY_${version}`;
    const route = await createTopic(cluster, topic, 4);
    expect(route.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums]).sort()).toEqual([
      ["broker-a", 4, 4],
      ["broker-b", 4, 4],
    ]);
    await createGroup(cluster, group);
    const before = (await expectTopics(cluster, [topic], 4)).get(topic)!;
    expect(before.every((r) => r.maxOffset === 0)).toBe(true);

    const consumer = workload(cluster, "consume-healthy", { topic, group, durationMs: 180_000 });
    await consumer.ready();
    const producer = workload(cluster, "produce", { topic, rate: 40, durationMs: 4000 });
    expect(await producer.wait()).toEqual({ code: 0, signal: null });
    const sent: SentRecord[] = producer.sent();
    expect(sent.length).toBeGreaterThanOrEqual(100);
    expect(new Set(sent.map(queueKey)).size).toBe(8);

    const rows = await progressUntil(cluster, group, topic, "diff 0 on all 8 queues", (rs) => rs.length === 8 && rs.every((r) => r.diff === 0 && r.consumerOffset === r.brokerOffset));
    expect(new Set(rows.map((r) => r.brokerName))).toEqual(new Set(["broker-a", "broker-b"]));
    expect(rows.reduce((s, r) => s + r.brokerOffset, 0)).toBe(sent.length);
    // topicStatus: the brokers' max offsets add up to what was sent
    const after = await topicStatus(cluster, topic);
    expect(after.rows.reduce((s, r) => s + r.maxOffset, 0), after.raw).toBe(sent.length);

    const consumed = new Set(consumer.consumed().map(mqKey));
    const missing = sent.filter((s) => !consumed.has(mqKey(s)));
    expect(missing, `sent but not consumed: ${missing.slice(0, 5).map(mqKey).join(", ")}`).toEqual([]);
    const consumedKeys = new Set(consumer.consumed().map((c: ConsumedRecord) => c.key));
    expect(sent.every((s) => consumedKeys.has(s.key))).toBe(true);

    // SIGTERM: clean shutdown, offsets stay committed on the brokers while the group is offline
    const exit = await consumer.stop();
    expect([0, 143]).toContain(exit.code);
    expect(consumer.records().some((r) => r.type === "stopped")).toBe(true);
    await progressUntil(cluster, group, topic, "offsets persisted after shutdown", (rs) => rs.length === 8 && rs.every((r) => r.consumerOffset === r.brokerOffset), 30_000);
  });

  it("a stuck message pins exactly one queue's committed offset while the other queues catch up", async () => {
    const topic = `TM_STUCK_${version}`;
    const group = `GM_STUCK_${version}`;
    await createTopic(cluster, topic, 4);
    await createGroup(cluster, group);
    await expectTopics(cluster, [topic], 4);
    const consumer = workload(cluster, "consume-stuck", { topic, group, stuckBroker: "broker-a", stuckQueue: 0, stuckOffset: 3, durationMs: 180_000 });
    await consumer.ready();
    const producer = workload(cluster, "produce", { topic, rate: 40, durationMs: 4000 });
    expect((await producer.wait()).code).toBe(0);
    const sent = producer.sent();

    const stuck = await pollUntil("the stuck event", async () => consumer.records().find((r) => r.type === "stuck"), 30_000, 200);
    expect(stuck).toMatchObject({ brokerName: "broker-a", queueId: 0, offset: 3 });

    const rows = await progressUntil(
      cluster,
      group,
      topic,
      "broker-a/0 pinned at offset 3 and the 7 other queues at diff 0",
      (rs) =>
        rs.length === 8 &&
        rs.every((r) => (r.brokerName === "broker-a" && r.queueId === 0 ? r.consumerOffset === 3 && r.brokerOffset > 3 : r.diff === 0)),
    );
    const lagging = rows.filter((r) => (r.diff ?? 0) > 0);
    expect(lagging.map(queueKey)).toEqual(["broker-a/0"]);
    expect(lagging[0]!.diff).toBe(lagging[0]!.brokerOffset - 3);

    // the messages after the stuck one on the same queue were consumed: only the commit is pinned
    const consumed = consumer.consumed();
    expect(consumed.some((c) => c.brokerName === "broker-a" && c.queueId === 0 && c.offset > 3)).toBe(true);
    expect(consumed.some((c) => c.brokerName === "broker-a" && c.queueId === 0 && c.offset === 3)).toBe(false);
    const consumedKeys = new Set(consumed.map(mqKey));
    expect(sent.filter((s) => !consumedKeys.has(mqKey(s))).map(mqKey)).toEqual(["broker-a/0/3"]);

    // shutting down keeps the pinned offset
    await consumer.stop();
    await progressUntil(cluster, group, topic, "pinned offset persisted after shutdown", (rs) => rs.some((r) => r.brokerName === "broker-a" && r.queueId === 0 && r.consumerOffset === 3), 30_000);
  });

  it("broadcast, orderly, litepull, slow and offline-backlog scenarios report what they consumed", async () => {
    const topic = `TM_MIX_${version}`;
    const offTopic = `TM_OFF_${version}`;
    const g = (s: string) => `GM_${s}_${version}`;
    await Promise.all([createTopic(cluster, topic, 4), createTopic(cluster, offTopic, 2)]);
    await expectTopics(cluster, [topic], 4);
    await expectTopics(cluster, [offTopic], 2);
    await Promise.all(["BC", "ORD", "LP", "SLOW", "OFF"].map((s) => createGroup(cluster, g(s), { broadcast: s === "BC" })));

    const bc = workload(cluster, "broadcast", { topic, group: g("BC"), clients: 2, durationMs: 180_000 });
    const ord = workload(cluster, "orderly", { topic, group: g("ORD"), durationMs: 180_000 });
    const lp = workload(cluster, "litepull", { topic, group: g("LP"), durationMs: 180_000 });
    const slow = workload(cluster, "consume-slow", { topic, group: g("SLOW"), sleepMs: 250, durationMs: 180_000 });
    const off = workload(cluster, "offline-backlog", { topic: offTopic, group: g("OFF"), rate: 20, consumeMs: 5000, durationMs: 10_000 });
    const bcReady = await bc.ready();
    expect(bcReady.clientIds).toHaveLength(2);
    await Promise.all([ord.ready(), lp.ready(), slow.ready()]);

    const producer = workload(cluster, "produce", { topic, rate: 40, durationMs: 4000 });
    expect((await producer.wait()).code).toBe(0);
    const sent = producer.sent();
    const sentKeys = sent.map(mqKey);
    const allConsumed = (recs: ConsumedRecord[]) => {
      const got = new Set(recs.map(mqKey));
      return sentKeys.every((k) => got.has(k));
    };

    // slow consumer: a backlog remains right after production
    const slowRows = await progressUntil(cluster, g("SLOW"), topic, "the slow group to have committed something", (rs) => rs.length === 8 && rs.some((r) => r.consumerOffset > 0));
    expect(slowRows.reduce((s, r) => s + (r.diff ?? 0), 0)).toBeGreaterThan(0);
    expect(slow.consumed().length).toBeLessThan(sent.length);

    // broadcasting: each of the two clients gets every message
    await pollUntil("both broadcast clients to consume everything", async () => {
      const byClient = new Map<string, ConsumedRecord[]>();
      for (const c of bc.consumed()) byClient.set(c.clientId, [...(byClient.get(c.clientId) ?? []), c]);
      return byClient.size === 2 && [...byClient.values()].every(allConsumed);
    });

    // orderly: everything, and per queue in offset order
    await pollUntil("orderly to consume everything", async () => allConsumed(ord.consumed()));
    const lastOffset = new Map<string, number>();
    for (const c of ord.consumed()) {
      const prev = lastOffset.get(queueKey(c)) ?? -1;
      expect(c.offset, `orderly out of order on ${queueKey(c)}`).toBeGreaterThan(prev);
      lastOffset.set(queueKey(c), c.offset);
    }

    // lite pull with manual commitSync(): everything, and the commits reach the brokers
    await pollUntil("litepull to consume everything", async () => allConsumed(lp.consumed()));
    await progressUntil(cluster, g("LP"), topic, "litepull commits at diff 0", (rs) => rs.length === 8 && rs.every((r) => r.diff === 0));

    // offline-backlog: consumed for 5 s, shut down (offsets persisted), producer kept going
    expect((await off.wait()).code).toBe(0);
    const offRecs = off.records();
    expect(offRecs.some((r) => r.type === "consumer-stopped")).toBe(true);
    const offSent = off.sent();
    const offConsumed = new Set(off.consumed().map(mqKey));
    const offRows = await progressUntil(cluster, g("OFF"), offTopic, "the offline group's offsets", (rs) => rs.length === 4);
    expect(offRows.reduce((s, r) => s + r.brokerOffset, 0)).toBe(offSent.length);
    expect(offRows.reduce((s, r) => s + r.consumerOffset, 0)).toBe(offConsumed.size);
    expect(offRows.reduce((s, r) => s + (r.diff ?? 0), 0)).toBe(offSent.length - offConsumed.size);
    expect(offSent.length - offConsumed.size).toBeGreaterThan(20);

    await Promise.all([bc, ord, lp, slow].map((w) => w.stop()));
    for (const w of [bc, ord, lp, slow]) expect(w.records().some((r) => r.type === "stopped"), w.name).toBe(true);
  });

  it("stop() leaves no process, temp dir or state file behind", async () => {
    const { dir } = cluster;
    const pids = cluster.processes.map((p) => p.pid);
    await cluster.stop();
    expect(fs.existsSync(dir)).toBe(false);
    expect(findStrayProcesses(dir)).toEqual([]);
    for (const pid of pids) expect(fs.existsSync(`/proc/${pid}/cmdline`) && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir)).toBe(false);
    expect(fs.existsSync(stateFileFor(cluster.basePort))).toBe(false);
  });
});

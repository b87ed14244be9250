/** The sandbox on the real clock (time scale), its clean shutdown, and the CLI. */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RocketMQAdmin } from "../rocketmq/admin";
import { SCENARIO_TOPIC as T, startSandbox } from "./index";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function handles(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) if (/TCP|Timeout|Pipe/.test(r)) out[r] = (out[r] ?? 0) + 1;
  return out;
}

describe("real time", () => {
  it("timeScale 20 makes 5 s commits happen every 0.25 s while store times stay wall-clock; stop() leaves no handles", async () => {
    const baseline = handles();
    const started = Date.now();
    const sb = await startSandbox({ scenario: "healthy", timeScale: 20, tickMs: 20 });
    const admin = new RocketMQAdmin({ nameServers: [sb.namesrvAddr] });
    try {
      const committed = () => sb.queueStates("healthy-group").filter((q) => q.mq.topic === T).reduce((s, q) => s + q.committed, 0);
      const c0 = committed();
      await sleep(1_200); // 24 s simulated: the first commit after 10 s, then every 5 s
      const c1 = committed();
      expect(c1).toBeGreaterThan(c0);
      const progress = await admin.getConsumeProgress("healthy-group");
      for (const q of progress.queues.filter((x) => x.mq.topic === T && x.lastTimestamp > 0n)) {
        expect(Number(q.lastTimestamp)).toBeGreaterThanOrEqual(started - 3_700_000);
        expect(Number(q.lastTimestamp)).toBeLessThanOrEqual(Date.now());
      }
      const recent = sb.consumed({ group: "healthy-group", topic: T }).filter((r) => r.storeTimestamp >= started);
      expect(recent.length).toBeGreaterThan(0);
      for (const r of recent) expect(r.storeTimestamp).toBeLessThanOrEqual(r.consumedAt);
      // Simulated time ran ~20x faster than the wall clock.
      expect(sb.simNow() - sb.now()).toBeGreaterThan(10_000);
    } finally {
      admin.close();
      await sb.stop();
    }
    await sleep(50);
    // Nothing of ours is left: no server, socket or timer beyond what was there before.
    for (const [kind, n] of Object.entries(handles())) expect(n, kind).toBeLessThanOrEqual(baseline[kind] ?? 0);
  });

  it("npm run sandbox: the CLI prints the NameServer address and stops on SIGTERM", async () => {
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
    const child = spawn(process.execPath, ["--import", "tsx", "lib/sandbox/cli.ts", "--scenario", "pinned", "--namesrv-port", "0", "--broker-ports", "0,0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const addr = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no NameServer line:\n${out}`)), 20_000);
      child.stdout.on("data", () => {
        const m = /^NameServer (127\.0\.0\.1:\d+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const admin = new RocketMQAdmin({ nameServers: [addr] });
    try {
      expect((await admin.getMasterBrokers()).map((b) => b.brokerName)).toEqual(["broker-a", "broker-b"]);
    } finally {
      admin.close();
    }
    const code = await new Promise<number | null>((resolve) => {
      child.once("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
  }, 30_000);
});

// Re-consumption exposure on the sandbox (manual clock): between two 5 s commits a push consumer has
// consumed messages the broker does not know about yet. The ProcessQueue view's exposure per queue must
// equal the sandbox client's in-memory commit offset minus the sandbox broker's committed offset.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox, type ScenarioSpec } from "../../lib/sandbox";

const T = "TmExposure";
const GROUP = "exposure-push";
const CLUSTER = "exposure-sandbox";
const spec: ScenarioSpec = {
  name: "exposure",
  description: "a push group consuming steadily",
  topics: [{ name: T, queuesPerBroker: 2, rate: 200, keyPrefix: "x", tags: ["a"] }],
  groups: [{ name: GROUP, topics: [T], kind: "push", clients: 1, threads: 4, consumeMs: { median: 2, sigma: 0.1 }, startLag: 0, description: "", intended: "OK" }],
};

describe("re-consumption exposure on the sandbox", () => {
  let sb: Sandbox;
  let view: typeof import("../../lib/services/groups").getProcessQueuesView;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-exposure-"));

  beforeAll(async () => {
    sb = await startSandbox({ scenario: spec, seed: 11, clock: "manual", namesrvPort: 0, brokerPorts: [0, 0], dataDir: path.join(dir, "sandbox") });
    const { registerSandboxCluster } = await import("../../lib/services/clusterRegistry");
    registerSandboxCluster(CLUSTER, sb.namesrvAddr);
    view = (await import("../../lib/services/groups")).getProcessQueuesView;
  }, 60_000);

  afterAll(async () => {
    await sb?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("equals the client's in-memory commit offset minus the broker's committed offset, queue by queue", async () => {
    // run past a few commits, then 3 s into the next 5 s commit interval: consumed, not yet committed
    await sb.advance(20_000);
    await sb.advance(3_000);
    const v = await view(CLUSTER, GROUP);
    const client = sb.clientStates(GROUP)[0]!;
    const broker = new Map(sb.queueStates(GROUP).map((q) => [`${q.mq.brokerName}/${q.mq.queueId}`, q.committed]));
    const rows = v.clients.flatMap((c) => c.queues).filter((q) => q.topic === T);
    expect(rows).toHaveLength(4);
    let expected = 0n;
    for (const row of rows) {
      const memory = client.queues.find((q) => q.mq.topic === T && q.mq.brokerName === row.brokerName && q.mq.queueId === row.queueId)!.commitOffset;
      const committed = broker.get(`${row.brokerName}/${row.queueId}`)!;
      const truth = BigInt(Math.max(0, memory - committed));
      expect([row.brokerName, row.queueId, row.brokerCommitted, row.exposure]).toEqual([row.brokerName, row.queueId, String(committed), String(truth)]);
      expected += truth;
    }
    // consumed since the last commit: the exposure is real (0 would make the comparison above trivial)
    expect(expected).toBeGreaterThan(0n);
    expect(v.exposure).toMatchObject({ value: String(expected), partial: false, reason: null });
    expect(v.exposure.explanation).toContain("if the consumers crashed now they would be delivered again");
  });
});

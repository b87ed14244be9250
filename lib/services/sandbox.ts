import path from "node:path";
import { startSandbox, type Sandbox } from "@/lib/sandbox";
import type { ScenarioName } from "@/lib/sandbox";
import { ApiError } from "@/lib/server/errors";
import { hasConfiguredClusters, registerSandboxCluster } from "./clusterRegistry";

export const SANDBOX_CLUSTER = "sandbox";

const holder = globalThis as typeof globalThis & { __tidemarkSandbox?: Promise<Sandbox | undefined> };

/**
 * With no cluster configured (and TIDEMARK_SANDBOX not "off"), starts the built-in sandbox cluster
 * on loopback and registers it as the cluster "sandbox". Once per process.
 */
export function startEmbeddedSandbox(env: Record<string, string | undefined> = process.env): Promise<Sandbox | undefined> {
  holder.__tidemarkSandbox ??= (async () => {
    if (hasConfiguredClusters() || env.TIDEMARK_SANDBOX === "off") return undefined;
    const started = Date.now();
    const sandbox = await startSandbox({
      scenario: (env.TIDEMARK_SANDBOX_SCENARIO ?? "demo") as ScenarioName,
      namesrvPort: Number(env.TIDEMARK_SANDBOX_PORT ?? 0),
      brokerPorts: [0, 0],
      groups: env.TIDEMARK_SANDBOX_GROUPS ? Number(env.TIDEMARK_SANDBOX_GROUPS) : undefined,
      queues: env.TIDEMARK_SANDBOX_QUEUES ? Number(env.TIDEMARK_SANDBOX_QUEUES) : undefined,
      dataDir: path.resolve(/* turbopackIgnore: true */ process.cwd(), env.TIDEMARK_SANDBOX_DATA ?? "data/sandbox"),
    });
    registerSandboxCluster(SANDBOX_CLUSTER, sandbox.namesrvAddr, [sandbox.proxyAddr]);
    console.log(`[tidemark] no cluster configured: started the sandbox cluster (scenario ${sandbox.scenario.name}) at ${sandbox.namesrvAddr} in ${Date.now() - started} ms`);
    return sandbox;
  })();
  return holder.__tidemarkSandbox;
}

/** Test control (TIDEMARK_SANDBOX_CONTROL=1 only): make a sandbox broker unreachable or reachable again. */
export async function setSandboxBrokerReachable(broker: string, reachable: boolean): Promise<{ broker: string; reachable: boolean }> {
  if (process.env.TIDEMARK_SANDBOX_CONTROL !== "1") throw new ApiError("not_found", "Not found");
  const sandbox = await holder.__tidemarkSandbox;
  if (!sandbox) throw new ApiError("not_found", "The sandbox is not running");
  if (!sandbox.brokers.some((b) => b.name === broker)) throw new ApiError("not_found", `The sandbox has no broker ${broker}`);
  sandbox.setBrokerReachable(broker, reachable, "refuse");
  return { broker, reachable };
}

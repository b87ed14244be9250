/**
 * Runs the sandbox cluster alone and prints the NameServer address.
 *
 *   npx tsx lib/sandbox/cli.ts [--scenario demo] [--seed 1] [--time-scale 1] [--namesrv-port 9876]
 *                              [--broker-ports 10911,10921] [--data-dir .sandbox] [--groups N] [--queues M]
 *
 * Stops cleanly (offsets persisted) on SIGINT / SIGTERM.
 */
import { SCENARIO_NAMES, startSandbox, type ScenarioName } from "./index";

function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf("=");
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) out.set(a.slice(2), "true");
      else {
        out.set(a.slice(2), v);
        i++;
      }
    }
  }
  return out;
}

function num(args: Map<string, string>, name: string): number | undefined {
  const v = args.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has("help")) {
    console.log(`usage: sandbox [--scenario ${SCENARIO_NAMES.join("|")}] [--seed N] [--time-scale X] [--namesrv-port P] [--broker-ports P1,P2] [--data-dir DIR] [--groups N] [--queues M]`);
    return;
  }
  const scenario = (args.get("scenario") ?? "demo") as ScenarioName;
  const brokerPorts = args.get("broker-ports")?.split(",").map((p) => Number(p));
  const sandbox = await startSandbox({
    scenario,
    seed: num(args, "seed") ?? 1,
    timeScale: num(args, "time-scale") ?? 1,
    namesrvPort: num(args, "namesrv-port") ?? 9876,
    brokerPorts: brokerPorts ?? [10911, 10921],
    dataDir: args.get("data-dir"),
    groups: num(args, "groups"),
    queues: num(args, "queues"),
  });
  console.log(`sandbox scenario "${sandbox.scenario.name}" (seed ${sandbox.seed}): ${sandbox.scenario.description}`);
  for (const b of sandbox.brokers) console.log(`  ${b.name}  ${b.addr}`);
  for (const g of sandbox.scenarioGroups().slice(0, 20)) console.log(`  group ${g.name.padEnd(22)} ${g.kind.padEnd(9)} ${g.intended.padEnd(7)} ${g.description}`);
  console.log(`NameServer ${sandbox.namesrvAddr}`);
  console.log(`TIDEMARK_CLUSTERS="sandbox=${sandbox.namesrvAddr}"`);
  // The sandbox's own handles are unref'd; keep the process alive until a signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = () => {
    clearInterval(keepAlive);
    void sandbox.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

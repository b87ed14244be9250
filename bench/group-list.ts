/**
 * Group-list API latency with thousands of sandbox groups, through the real HTTP server.
 * Prints figures; never passes or fails on time.
 *
 *   npx tsx bench/group-list.ts [--groups 5000] [--queues 16] [--requests 200]
 * Needs the production build (node scripts/setup.mjs --for start). Starts the console on
 * 127.0.0.1:3170 with the sandbox's `large` scenario, signs in as the first admin (sign-in stays on,
 * as in production: every request pays for its session check) and measures with that session.
 */
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const groups = arg("groups", "5000");
const queues = arg("queues", "16");
const requests = Number(arg("requests", "200"));
const port = 3170;
const base = `http://127.0.0.1:${port}`;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const password = "bench-admin-password-1";
let cookie = "";

/**
 * One GET on a fresh connection (like curl). A kept-alive socket can be closed by the server's 5 s
 * keep-alive timer at the moment a request is written on it when the server's event loop was busy
 * (a sampler cycle), which fetch reports as ECONNRESET; a fresh connection measures the same wait.
 */
function timed(url: string): Promise<{ ms: number; body: unknown }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if ((res.statusCode ?? 0) >= 400) reject(new Error(`${url}: ${res.statusCode} ${JSON.stringify(body)}`));
        else resolve({ ms: performance.now() - t, body });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

async function main() {
  fs.rmSync(".tidemark/bench", { recursive: true, force: true });
  fs.mkdirSync(".tidemark/bench", { recursive: true });
  const started = Date.now();
  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      TIDEMARK_CLUSTERS: "",
      TIDEMARK_SANDBOX_SCENARIO: "large",
      TIDEMARK_SANDBOX_GROUPS: groups,
      TIDEMARK_SANDBOX_QUEUES: queues,
      TIDEMARK_SANDBOX_DATA: ".tidemark/bench/sandbox",
      DATABASE_URL: "file:./.tidemark/bench/tidemark.db",
      TIDEMARK_AUTH: "on",
      TIDEMARK_ADMIN_PASSWORD: password,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The server's own output goes to a file: a crash or a slow cycle is then explained, not guessed.
  const log = fs.createWriteStream(".tidemark/bench/console.log");
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  try {
    for (;;) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        await sleep(100);
      }
    }
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ username: "admin", password }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const first = await timed(`${base}/api/clusters/sandbox/groups?pageSize=50`);
    console.log(`console + sandbox (${groups} groups x ${queues} queues) up; first group page ${first.ms.toFixed(0)} ms, ${((Date.now() - started) / 1000).toFixed(1)} s after start`);
    // Let the background sweep cover every group once, then measure steady state.
    let sweep = { covered: 0, lastCompletedAt: null as number | null };
    const sweepStart = Date.now();
    while (sweep.lastCompletedAt === null) {
      await sleep(500);
      sweep = ((await timed(`${base}/api/clusters/sandbox/groups?pageSize=1`)).body as { sweep: typeof sweep }).sweep;
    }
    console.log(`first background sweep of all groups took ${((Date.now() - sweepStart) / 1000).toFixed(1)} s (${sweep.covered} groups)`);
    const scenarios: Array<[string, string]> = [
      ["sort by lag, page 1", "sort=lag&dir=desc&pageSize=50"],
      ["search", "search=group-01&pageSize=50"],
      ["only lagging, page 3", "lagging=1&page=3&pageSize=50"],
      ["sort by name, page 40", "sort=group&dir=asc&page=40&pageSize=50"],
    ];
    for (const [name, qs] of scenarios) {
      const times: number[] = [];
      for (let i = 0; i < requests / scenarios.length; i++) times.push((await timed(`${base}/api/clusters/sandbox/groups?${qs}`)).ms);
      times.sort((a, b) => a - b);
      console.log(`${name.padEnd(24)} n=${times.length} p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  max ${times.at(-1)!.toFixed(1)} ms`);
    }
    // Page rows older than 10 s are re-read live before the list answers: the worst regular case.
    const stale: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(11_000);
      stale.push((await timed(`${base}/api/clusters/sandbox/groups?sort=lag&dir=desc&pageSize=50`)).ms);
    }
    console.log(`sort by lag, page rows stale (live re-read of 50 groups): ${stale.map((t) => `${t.toFixed(0)} ms`).join(", ")}`);
    // Time for a browser to show the first rows of the list.
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const context = await browser.newContext();
      const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
      await context.addCookies([{ name, value, url: base }]);
      const page = await context.newPage();
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await page.goto(`${base}/groups`);
        await page.locator("[data-testid^='group-row-']").first().waitFor();
        console.log(`groups page: first rows visible ${(performance.now() - t).toFixed(0)} ms after navigation`);
      }
    } finally {
      await browser.close();
    }
    const detail = await timed(`${base}/api/clusters/sandbox/groups/${encodeURIComponent(((first.body as { rows: Array<{ group: string }> }).rows[0]!).group)}`);
    console.log(`group detail (first row) ${detail.ms.toFixed(0)} ms`);
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

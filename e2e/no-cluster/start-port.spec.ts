// `npm start` when the console's port is taken: scripts/start.mjs (and the prestart step, scripts/setup.mjs
// --for start, before its install and build) exit non-zero with a clear message. Neither needs the
// production build: the port is checked before `next start`. No browser is used.
import { execFile } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";

const ROOT = path.resolve(__dirname, "../..");

/** Runs a script with exactly `env` (the minimal environment: PATH, PORT, HOST, ...). */
function run(script: string, args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const t0 = Date.now();
    execFile(process.execPath, [path.join(ROOT, script), ...args], { cwd: ROOT, env: env as NodeJS.ProcessEnv, timeout: 30_000, killSignal: "SIGKILL" }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : null) : 0, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Listens on a free loopback port, as another program holding the console's port would. */
async function occupied<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const srv = net.createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => resolve());
  });
  try {
    return await fn((srv.address() as net.AddressInfo).port);
  } finally {
    await new Promise((r) => srv.close(r));
  }
}

const busyMessage = (port: number) => `[tidemark] 127.0.0.1:${port} is already in use. Stop what holds it (ss -ltnp 'sport = :${port}') or choose another port: PORT=3001 npm start`;

test("scripts/start.mjs exits non-zero and names the port when PORT is taken", async () => {
  await occupied(async (port) => {
    const res = await run("scripts/start.mjs", [], { PATH: process.env.PATH, PORT: String(port), HOST: "127.0.0.1" });
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(res.stderr).toContain(busyMessage(port));
    expect(res.stdout).toBe(""); // next start was never run
  });
});

test("scripts/start.mjs rejects a PORT that is not a port number", async () => {
  const res = await run("scripts/start.mjs", [], { PATH: process.env.PATH, PORT: "30x0", HOST: "127.0.0.1" });
  expect(res.code).toBe(1);
  expect(res.stderr).toContain("[tidemark] PORT=30x0 is not a TCP port");
});

test("npm start's setup step checks the port before installing and building (and never asks for Java)", async () => {
  await occupied(async (port) => {
    const env = { PATH: process.env.PATH, PORT: String(port), HOST: "127.0.0.1", TIDEMARK_JAVA: "/nonexistent/java", TIDEMARK_MVN: "/nonexistent/mvn" };
    const res = await run("scripts/setup.mjs", ["--for", "start"], env);
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(res.stderr).toContain(busyMessage(port));
    expect(res.stdout + res.stderr).not.toMatch(/\[setup\] \$|Java|Maven/);
    expect(res.ms).toBeLessThan(15_000);
  });
  // a free port passes the check (exit 0 without starting the server)
  const free = await occupied(async (port) => port);
  const ok = await run("scripts/start.mjs", ["--check-port"], { PATH: process.env.PATH, PORT: String(free), HOST: "127.0.0.1" });
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout + ok.stderr).toBe("");
});

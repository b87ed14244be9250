#!/usr/bin/env node
// Serves the production build on HOST:PORT (default 127.0.0.1:3000) after checking the port is free.
// `node scripts/start.mjs --check-port` only checks the port (scripts/setup.mjs runs it before the
// slow install and build of `npm start`). Node builtins only: node_modules may not exist yet.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const host = process.env.HOST ?? "127.0.0.1";
const portText = process.env.PORT ?? "3000";
const port = Number(portText);

function portFree(p, h) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (err) => resolve(err));
    server.listen(p, h, () => server.close(() => resolve(null)));
  });
}

if (!/^\d+$/.test(portText.trim()) || port < 1 || port > 65535) {
  console.error(`\n[tidemark] PORT=${portText} is not a TCP port: use a number from 1 to 65535, e.g. PORT=3001 npm start\n`);
  process.exit(1);
}
const busy = await portFree(port, host);
if (busy) {
  const reason = busy.code === "EADDRINUSE" ? "is already in use" : `cannot be opened (${busy.code ?? busy.message})`;
  console.error(`\n[tidemark] ${host}:${port} ${reason}. Stop what holds it (ss -ltnp 'sport = :${port}') or choose another port: PORT=3001 npm start\n`);
  process.exit(1);
}
if (process.argv.includes("--check-port")) process.exit(0);

const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const child = spawn(process.execPath, [next, "start", "--hostname", host, "--port", String(port)], {
  cwd: root,
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

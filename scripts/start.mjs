#!/usr/bin/env node
// Serves the production build on HOST:PORT (default 127.0.0.1:3000) after checking the port is free.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);

function portFree(p, h) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (err) => resolve(err));
    server.listen(p, h, () => server.close(() => resolve(null)));
  });
}

const busy = await portFree(port, host);
if (busy) {
  const reason = busy.code === "EADDRINUSE" ? "is already in use" : `cannot be opened (${busy.code ?? busy.message})`;
  console.error(`\n[tidemark] ${host}:${port} ${reason}. Stop what holds it (ss -ltnp 'sport = :${port}') or choose another port: PORT=3001 npm start\n`);
  process.exit(1);
}

const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const child = spawn(process.execPath, [next, "start", "--hostname", host, "--port", String(port)], {
  cwd: root,
  stdio: "inherit",
  env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

#!/usr/bin/env node
// Makes a fresh clone runnable: dependencies, Prisma client, production build, and (for tests)
// the system Chromium. Runs before `npm start` and `npm test` (npm's prestart/pretest) and
// skips every step that is already up to date. Before the slow steps it checks what would make the
// command fail later: the console's port (start) or Java 17+ and Maven (test). Node builtins only
// (and e2e/rocketmq/cluster.mjs, also builtins only): node_modules may not exist yet.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const purpose = process.argv.includes("--for") ? process.argv[process.argv.indexOf("--for") + 1] : "start";
const log = (msg) => console.log(`[setup] ${msg}`);

function fail(msg) {
  console.error(`\n[setup] ${msg}\n`);
  process.exit(1);
}

function run(cmd, args, env = {}) {
  log(`$ ${cmd} ${args.join(" ")}`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (res.error) fail(`${cmd} could not be started: ${res.error.message}`);
  if (res.status !== 0) fail(`${cmd} ${args.join(" ")} failed with exit code ${res.status}`);
}

function hashFiles(entries) {
  const hash = crypto.createHash("sha256");
  const walk = (rel) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) {
        if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
        walk(path.join(rel, name));
      }
    } else if (!/\.test\.tsx?$/.test(rel)) {
      hash.update(rel).update("\0").update(fs.readFileSync(abs)).update("\0");
    }
  };
  entries.forEach(walk);
  return hash.digest("hex");
}

function upToDate(stampFile, hash) {
  try {
    return fs.readFileSync(stampFile, "utf8") === hash;
  } catch {
    return false;
  }
}

// 1. Node itself.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: Tidemark needs Node 20.19 or newer.`);

// 1b. Checks that fail in a second instead of after the install and build.
if (purpose === "start") {
  // the console's port (HOST:PORT, as scripts/start.mjs uses it): start.mjs prints the reason itself
  const res = spawnSync(process.execPath, [path.join(root, "scripts", "start.mjs"), "--check-port"], { cwd: root, stdio: "inherit" });
  if (res.status !== 0) process.exit(res.status ?? 1);
} else if (purpose === "test") {
  // the real-RocketMQ suite (npm run test:rocketmq) needs Java 17+ and Maven; without them it would
  // fail only after typecheck, lint, unit and sandbox tests. Same check and message as cluster.mjs.
  const { checkTools } = await import("../e2e/rocketmq/cluster.mjs");
  try {
    const tools = checkTools();
    log(`Java ${tools.javaMajor} (${tools.java}) and Maven (${tools.mvn}) found`);
  } catch (err) {
    fail(`npm test runs real RocketMQ clusters (e2e/rocketmq): ${err instanceof Error ? err.message : String(err)}`);
  }
}

// 2. npm dependencies (npm ci when the lockfile changed since the last install).
const installed = path.join(root, "node_modules", ".package-lock.json");
const depsHash = hashFiles(["package.json", "package-lock.json"]);
const depsStamp = path.join(root, "node_modules", ".tidemark-deps");
if (!fs.existsSync(installed) || !upToDate(depsStamp, depsHash)) {
  // npm ci rejects lockfiles written with omit-lockfile-registry-resolved (platform-optional packages
  // are left out of them), so install from the lockfile with npm install.
  run("npm", ["install", "--no-audit", "--no-fund"], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" });
  fs.writeFileSync(depsStamp, depsHash);
} else {
  log("dependencies up to date");
}

// 3. Prisma client (generated offline: engineType "client", no engine download).
const prismaHash = hashFiles(["prisma/schema.prisma", "package-lock.json"]);
const prismaStamp = path.join(root, "lib", "generated", ".tidemark-prisma");
if (!upToDate(prismaStamp, prismaHash)) {
  run("npx", ["prisma", "generate"], { DATABASE_URL: process.env.DATABASE_URL ?? "file:./data/tidemark.db" });
  fs.writeFileSync(prismaStamp, prismaHash);
} else {
  log("Prisma client up to date");
}

// 4. Production build of the console.
const buildHash = hashFiles(["app", "components", "lib", "public", "prisma", "next.config.js", "tsconfig.json", "package-lock.json"]);
const buildStamp = path.join(root, ".next", ".tidemark-build");
if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")) || !upToDate(buildStamp, buildHash)) {
  run("npx", ["next", "build"], { NEXT_TELEMETRY_DISABLED: "1" });
  fs.writeFileSync(buildStamp, buildHash);
} else {
  log("production build up to date");
}

// 5. Tests drive Debian's Chromium (never a downloaded browser).
if (purpose === "test") {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    if (isRoot && fs.existsSync("/usr/bin/apt-get")) {
      log("installing Debian's chromium for the browser tests");
      run("apt-get", ["update", "-qq"]);
      run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
    } else {
      fail(`The browser tests need Chromium at ${chromium}: run 'sudo apt-get install -y chromium' or set CHROMIUM_PATH.`);
    }
  }
}
log("ready");

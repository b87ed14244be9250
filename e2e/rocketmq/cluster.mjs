#!/usr/bin/env node
// Tidemark: a real Apache RocketMQ cluster (1 NameServer + 2 brokers) on 127.0.0.1 for
// integration tests and local development. Plain Node ESM, builtins only.
//
// CLI:
//   node e2e/rocketmq/cluster.mjs up [--version 5|4] [--base-port N] [--set key=value ...] [--proxy]
//   node e2e/rocketmq/cluster.mjs down [--base-port N | --all]
//   node e2e/rocketmq/cluster.mjs status [--base-port N]
//   node e2e/rocketmq/cluster.mjs mqadmin [--version 5|4] [--base-port N] [--] <mqadmin args...>
//   node e2e/rocketmq/cluster.mjs workload [--base-port N] [--] <workload args...>
//   node e2e/rocketmq/cluster.mjs build [--version 5|4|all]
//
// Module: see cluster.d.mts for the exported API (startCluster, mqadmin, startWorkload, ...).

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const STATE_DIR = path.join(HERE, '.state');
const TARGET_DIR = path.join(HERE, 'target');
const BUILD_SCHEMA = 3; // bump when the build command or outputs change

export const CLUSTER_NAME = 'DefaultCluster';
export const DEFAULT_BASE_PORT = 9876;
/** broker listenPort = basePort + offset (defaults: 10911 and 10921) */
const BROKER_OFFSETS = [
  { name: 'broker-a', offset: 1035 },
  { name: 'broker-b', offset: 1045 },
];
/** the optional 5.x proxy (startCluster({ proxy: true })): remoting and gRPC ports = basePort + offset */
const PROXY_OFFSETS = { remoting: 1050, grpc: 1051 };
const MAX_PORT_OFFSET = 1051;

/** Scenarios of tidemark.workload.GrpcWorkload (rocketmq-client-java through the proxy). */
export const GRPC_SCENARIOS = Object.freeze(['simple', 'grpc-push', 'grpc-produce']);

/**
 * The two pinned version lines. rocketmq-broker and rocketmq-namesrv 4.9.8 were never
 * published to Maven Central (client, tools, common, store 4.9.8 were), so the 4.x line
 * runs 4.9.7 servers with 4.9.8 client/tools/workload.
 */
export const VERSIONS = Object.freeze({
  5: Object.freeze({ line: '5', out: 'v5', client: '5.3.3', server: '5.3.3' }),
  4: Object.freeze({ line: '4', out: 'v4', client: '4.9.8', server: '4.9.7' }),
});

const JDK17_FLAGS = [
  '--add-opens', 'java.base/java.nio=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens', 'java.base/java.lang=ALL-UNNAMED',
  '--add-opens', 'java.base/java.util=ALL-UNNAMED',
  '--add-exports', 'java.base/sun.nio.ch=ALL-UNNAMED',
];
const NAMESRV_JVM = ['-Xms128m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
const BROKER_JVM = ['-Xms256m', '-Xmx512m', '-XX:MaxDirectMemorySize=256m', '-XX:+UseG1GC', '-XX:TieredStopAtLevel=1'];
/**
 * Brokers of a proxy cluster: POP makes many more broker threads write messages (pop checkpoints, acks,
 * revive, timer), each with its own direct encoder buffer of maxMessageSize + 64 KiB (4 MiB). With 256 MiB
 * the PopReviveService threads failed with OutOfMemoryError "Cannot reserve 4259840 bytes of direct buffer
 * memory" and expired POP messages were never redelivered.
 */
const BROKER_JVM_POP = BROKER_JVM.map((a) => (a.startsWith('-XX:MaxDirectMemorySize=') ? '-XX:MaxDirectMemorySize=1g' : a));
const PROXY_JVM = ['-Xms128m', '-Xmx384m', '-XX:MaxDirectMemorySize=128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
const CLIENT_JVM = ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

export class ClusterError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.name = 'ClusterError';
    this.code = code;
  }
}

const INSTALL_HINT = 'Java 17 and Maven are required: apt-get install -y openjdk-17-jdk-headless maven';

// ---------------------------------------------------------------------------- small utils

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function defaultLog(msg) {
  process.stderr.write(`[rocketmq] ${msg}\n`);
}

/** @param {unknown} v */
export function resolveVersion(v) {
  const s = String(v ?? process.env.TIDEMARK_RMQ_VERSION ?? '5').trim().replace(/^v/i, '');
  for (const spec of Object.values(VERSIONS)) {
    if (s === spec.line || s === spec.client || s === spec.server || s.startsWith(`${spec.line}.`)) {
      if (s.includes('.') && s !== spec.client && s !== spec.server) {
        throw new ClusterError('E_VERSION', `RocketMQ ${s} is not pinned here; use ${spec.line} (${describeVersion(spec)})`);
      }
      return spec;
    }
  }
  throw new ClusterError('E_VERSION', `unknown RocketMQ version "${s}": use 5 (5.3.3) or 4 (4.9.7 servers, 4.9.8 client/tools)`);
}

function describeVersion(spec) {
  return spec.client === spec.server ? spec.server : `${spec.server} servers, ${spec.client} client/tools`;
}

/** @param {number} basePort */
export function portsFor(basePort = DEFAULT_BASE_PORT) {
  const base = Number(basePort);
  if (!Number.isInteger(base) || base < 1024 || base + MAX_PORT_OFFSET > 65535) {
    throw new ClusterError('E_PORT', `--base-port must be an integer in 1024..${65535 - MAX_PORT_OFFSET}, got ${basePort}`);
  }
  return {
    basePort: base,
    namesrv: base,
    brokers: BROKER_OFFSETS.map((b) => ({ name: b.name, listenPort: base + b.offset })),
    /** only bound when the cluster is started with the proxy */
    proxy: { remotingPort: base + PROXY_OFFSETS.remoting, grpcPort: base + PROXY_OFFSETS.grpc },
  };
}

/** Every TCP port the cluster binds, with the role that binds it (proxy ports only with { proxy: true }). */
export function portRoles(basePort = DEFAULT_BASE_PORT, { proxy = false } = {}) {
  const p = portsFor(basePort);
  const roles = [{ port: p.namesrv, role: 'namesrv (listenPort)' }];
  for (const b of p.brokers) {
    roles.push({ port: b.listenPort, role: `${b.name} (listenPort)` });
    roles.push({ port: b.listenPort - 2, role: `${b.name} (fast/VIP channel, listenPort-2)` });
    roles.push({ port: b.listenPort + 1, role: `${b.name} (HA, listenPort+1)` });
  }
  if (proxy) {
    roles.push({ port: p.proxy.remotingPort, role: 'proxy (remotingListenPort)' });
    roles.push({ port: p.proxy.grpcPort, role: 'proxy (grpcServerPort)' });
  }
  return roles;
}

function tailFile(file, lines = 40) {
  try {
    const st = fs.statSync(file);
    const len = Math.min(st.size, 64 * 1024);
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, st.size - len);
    fs.closeSync(fd);
    // drop logback's own status chatter (5.x prints ~100 "|-INFO in ..." lines at JVM start)
    const all = buf
      .toString('utf8')
      .split('\n')
      .filter((l) => !/^\d\d:\d\d:\d\d,\d{3} \|-(INFO|WARN) in /.test(l));
    if (all.length && all[all.length - 1] === '') all.pop();
    return all.slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function describeTail(label, file, lines = 30) {
  const t = tailFile(file, lines);
  return t ? `--- ${label}: ${file} (last ${lines} lines)\n${t}` : `--- ${label}: ${file} (empty or missing)`;
}

function findOnPath(cmd) {
  if (cmd.includes('/')) {
    try {
      fs.accessSync(cmd, fs.constants.X_OK);
      return cmd;
    } catch {
      return null;
    }
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // keep looking
    }
  }
  return null;
}

function defaultJava() {
  if (process.env.TIDEMARK_JAVA) return process.env.TIDEMARK_JAVA;
  const jh = process.env.JAVA_HOME;
  if (jh) {
    const p = path.join(jh, 'bin', 'java');
    if (fs.existsSync(p)) return p;
  }
  return 'java';
}

function defaultMvn() {
  return process.env.TIDEMARK_MVN || 'mvn';
}

// ---------------------------------------------------------------------------- environment checks

const toolCache = new Map();

/**
 * Fails with an actionable message if java (>= 17) or mvn is missing.
 * @returns {{ java: string, mvn: string, javaMajor: number }}
 */
export function checkTools({ java = defaultJava(), mvn = defaultMvn() } = {}) {
  const key = `${java}\0${mvn}`;
  if (toolCache.has(key)) return toolCache.get(key);
  const javaPath = findOnPath(java);
  if (!javaPath) {
    throw new ClusterError('E_TOOLS', `\`${java}\` was not found on PATH. ${INSTALL_HINT}`);
  }
  const r = spawnSync(javaPath, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) {
    throw new ClusterError('E_TOOLS', `\`${javaPath} -version\` failed (${r.error?.message ?? `exit ${r.status}`}). ${INSTALL_HINT}`);
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  let major = m ? Number(m[1]) : 0;
  if (major === 1 && m?.[2]) major = Number(m[2]);
  if (major < 17) {
    throw new ClusterError('E_TOOLS', `found Java ${major || '(unknown version)'} at ${javaPath}. ${INSTALL_HINT}`);
  }
  const mvnPath = findOnPath(mvn);
  if (!mvnPath) {
    throw new ClusterError('E_TOOLS', `\`${mvn}\` (Maven) was not found on PATH. ${INSTALL_HINT}`);
  }
  const res = { java: javaPath, mvn: mvnPath, javaMajor: major };
  toolCache.set(key, res);
  return res;
}

/** Used % (as df counts it: of the space available to non-root users) and MiB free of the filesystem holding `dir`. */
function diskUsage(dir) {
  const st = fs.statfsSync(dir);
  const used = st.blocks - st.bfree;
  return { usedPercent: (100 * used) / (used + st.bavail || 1), freeMiB: (st.bavail * st.bsize) / 2 ** 20 };
}

/**
 * A broker's refusal of a write while its disk is full: the broker answers CODE: 14 (SERVICE_NOT_AVAILABLE)
 * "service not available now. It may be caused by one of the following reasons: the broker's disk is full
 * [CL: ..], messages are put to the slave, message store has been shut down, etc." (the client prints
 * `MQBrokerException: CODE: 14  DESC: service not available now. ...`).
 */
const DISK_REFUSAL_RE = /CODE:\s*14\b[^\n]*service not available|service not available now[^\n]*disk is full/i;

/**
 * Translates a broker's CODE: 14 "service not available" refusal found in `text` (mqadmin output, a
 * workload's send-error) into the disk message, with the current use of the filesystem of `dir`
 * (the cluster's temp dir); null when `text` holds no such refusal.
 */
export function explainBrokerRefusal(text, dir) {
  const m = DISK_REFUSAL_RE.exec(text ?? '');
  if (!m) return null;
  const start = text.lastIndexOf('\n', m.index) + 1;
  const end = text.indexOf('\n', m.index);
  const said = text.slice(start, end < 0 ? undefined : end).trim().slice(0, 400);
  let usage = '';
  try {
    if (dir && fs.existsSync(dir)) {
      const u = diskUsage(dir);
      usage = ` The filesystem of ${dir} is now ${u.usedPercent.toFixed(1)} % used (${u.freeMiB.toFixed(0)} MiB free).`;
    }
  } catch {
    // no usage figure
  }
  return (
    `disk full? A broker refused a write with CODE: 14 "service not available": RocketMQ brokers refuse writes above 90 % disk use ` +
    `(a broker that is shutting down answers the same).${usage} Free some space (df -h ${dir ?? os.tmpdir()}), or point ` +
    `TIDEMARK_RMQ_TMPDIR at another filesystem. The broker said: ${said}`
  );
}

/** Refuses to start when the filesystem holding `dir` is >= maxPercent full (RocketMQ refuses writes above 90 %). */
export function checkDisk(dir, maxPercent = Number(process.env.TIDEMARK_RMQ_MAX_DISK_PCT ?? 85)) {
  const { usedPercent: pct, freeMiB } = diskUsage(dir);
  if (pct >= maxPercent) {
    throw new ClusterError(
      'E_DISK',
      `disk nearly full: the filesystem of ${dir} is ${pct.toFixed(1)} % used (${freeMiB.toFixed(0)} MiB free). ` +
        `RocketMQ brokers refuse writes above 90 % disk use ("CODE: 14 service not available"), so this script refuses ` +
        `to start at >= ${maxPercent} %. Free some space (df -h ${dir}), or point TIDEMARK_RMQ_TMPDIR at another filesystem.`,
    );
  }
  if (freeMiB < 512) {
    throw new ClusterError('E_DISK', `only ${freeMiB.toFixed(0)} MiB free on the filesystem of ${dir}; the cluster needs about 512 MiB. Free some space or set TIDEMARK_RMQ_TMPDIR.`);
  }
  return { usedPercent: pct, freeMiB };
}

function probeListen(port, host) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', (err) => resolve(/** @type {NodeJS.ErrnoException} */ (err).code ?? 'ERROR'));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(null)));
  });
}

/** Rejects with a message naming the port, its role and how to find the owner. */
export async function checkPorts(basePort = DEFAULT_BASE_PORT, { proxy = false } = {}) {
  for (const { port, role } of portRoles(basePort, { proxy })) {
    for (const host of ['0.0.0.0', '127.0.0.1', '::']) {
      const code = await probeListen(port, host);
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new ClusterError(
          'E_PORT',
          `port ${port} (${role}) is already in use${code === 'EACCES' ? ' or not permitted' : ''} ` +
            `(probed ${host}:${port}). Find the owner with: ss -ltnp 'sport = :${port}' ` +
            `— stop it, or run the cluster on other ports with --base-port N (startCluster({ basePort })).`,
        );
      }
      // EAFNOSUPPORT / EADDRNOTAVAIL for '::' without IPv6: ignore
    }
  }
}

// ---------------------------------------------------------------------------- build

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

function buildKey(spec) {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify({ BUILD_SCHEMA, client: spec.client, server: spec.server, out: spec.out }));
  for (const f of [path.join(HERE, 'pom.xml'), ...listFiles(path.join(HERE, 'src'))]) {
    h.update(`\0${path.relative(HERE, f)}\0`);
    h.update(fs.readFileSync(f));
  }
  return h.digest('hex');
}

/** Paths of one version line's build output. */
export function buildPaths(version) {
  const spec = resolveVersion(version);
  const out = path.join(TARGET_DIR, spec.out);
  return {
    out,
    classes: path.join(out, 'classes'),
    clientCpFile: path.join(out, 'cp-client.txt'),
    serverCpFile: path.join(out, 'cp-server.txt'),
    /** rocketmq-client-java only (GrpcWorkload runs on classes + this) */
    grpcCpFile: path.join(out, 'cp-grpc.txt'),
    /** rocketmq-proxy and its dependencies; 5.x line only */
    proxyCpFile: spec.line === '5' ? path.join(out, 'cp-proxy.txt') : null,
    stampFile: path.join(out, 'stamp.json'),
  };
}

function readCp(file) {
  const cp = fs.readFileSync(file, 'utf8').trim();
  if (!cp) throw new Error(`empty classpath in ${file}`);
  return cp;
}

function upToDate(spec, bp, key) {
  try {
    const stamp = JSON.parse(fs.readFileSync(bp.stampFile, 'utf8'));
    if (stamp.key !== key) return false;
    if (!fs.existsSync(path.join(bp.classes, 'tidemark', 'workload', 'Workload.class'))) return false;
    for (const f of [bp.clientCpFile, bp.serverCpFile, bp.grpcCpFile, bp.proxyCpFile].filter(Boolean)) {
      for (const jar of readCp(f).split(path.delimiter)) {
        if (!fs.existsSync(jar)) return false; // ~/.m2 was cleaned
      }
    }
    return true;
  } catch {
    return false;
  }
}

function runMvn(mvn, args, log) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(mvn, args, { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MAVEN_OPTS: process.env.MAVEN_OPTS ?? '-Xmx512m' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => reject(new ClusterError('E_TOOLS', `cannot run ${mvn}: ${err.message}. ${INSTALL_HINT}`)));
    child.on('close', (code) => {
      const clean = output.replace(/\x1b\[[0-9;]*m/g, '').trim();
      if (code === 0) {
        log?.(`mvn ${args.filter((a) => !a.startsWith('-D') && !a.startsWith('-f')).join(' ')} ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        resolve(clean);
      } else {
        const tail = clean.split('\n').slice(-40).join('\n');
        const offline = /Could not (resolve|transfer)|Unknown host|Connection refused|Network is unreachable/i.test(clean);
        reject(
          new ClusterError(
            'E_BUILD',
            `Maven build failed (exit ${code}): ${mvn} ${args.join(' ')}\n${tail}` +
              (offline ? '\nMaven could not download artifacts: this needs Maven Central (https://repo.maven.apache.org) or a warm ~/.m2.' : ''),
          ),
        );
      }
    });
  });
}

const buildLocks = new Map();

/**
 * Builds (or reuses) the classpaths and workload classes of a version line.
 * Skipped when target/<v>/stamp.json matches the pom, sources and versions.
 * @returns {Promise<{ clientCp: string, serverCp: string, built: boolean }>}
 */
export async function ensureBuilt(version, { mvn, java, log = defaultLog, force = false } = {}) {
  const spec = resolveVersion(version);
  const tools = checkTools({ java, mvn });
  const bp = buildPaths(spec.line);
  const key = buildKey(spec);
  const result = () => ({
    clientCp: [bp.classes, readCp(bp.clientCpFile)].join(path.delimiter),
    serverCp: readCp(bp.serverCpFile),
    grpcCp: [bp.classes, readCp(bp.grpcCpFile)].join(path.delimiter),
    proxyCp: bp.proxyCpFile ? readCp(bp.proxyCpFile) : null,
    built: false,
  });
  if (!force && upToDate(spec, bp, key)) return result();
  if (buildLocks.has(spec.out)) {
    await buildLocks.get(spec.out);
    return result();
  }
  const work = (async () => {
    // cross-process lock: another test file or CLI may be building the same line
    const lockDir = `${bp.out}.lock`;
    fs.mkdirSync(TARGET_DIR, { recursive: true });
    const lockDeadline = Date.now() + 10 * 60_000;
    for (;;) {
      try {
        fs.mkdirSync(lockDir);
        break;
      } catch (err) {
        if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
        const age = Date.now() - fs.statSync(lockDir).mtimeMs;
        if (age > 10 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true });
        if (Date.now() > lockDeadline) throw new ClusterError('E_BUILD', `timed out waiting for the build lock ${lockDir}; remove it if no build is running`);
        await sleep(500);
      }
    }
    try {
      if (!force && upToDate(spec, bp, key)) return;
      log?.(`building RocketMQ ${describeVersion(spec)} classpaths and the workload (Maven; first run downloads jars into ~/.m2)...`);
      fs.rmSync(bp.out, { recursive: true, force: true });
      fs.mkdirSync(bp.out, { recursive: true });
      const common = ['-q', '-B', '-Dstyle.color=never', '-f', path.join(HERE, 'pom.xml'), `-Drocketmq.version=${spec.client}`, `-Drocketmq.server.version=${spec.server}`, `-Dtm.out=${spec.out}`];
      // rocketmq-client-java is a compile dependency of the workload (GrpcWorkload) but stays off the
      // remoting classpath: its shaded jar carries unrelocated classes (apache.rocketmq.v2, zstd, lz4).
      await runMvn(tools.mvn, [...common, 'compile', 'dependency:build-classpath', '-DexcludeArtifactIds=rocketmq-client-java', `-Dmdep.outputFile=${bp.clientCpFile}`], log);
      await runMvn(tools.mvn, [...common, 'dependency:build-classpath', '-DincludeArtifactIds=rocketmq-client-java', `-Dmdep.outputFile=${bp.grpcCpFile}`], log);
      await runMvn(tools.mvn, [...common, '-Dtm.role=server', 'dependency:build-classpath', `-Dmdep.outputFile=${bp.serverCpFile}`], log);
      if (bp.proxyCpFile) await runMvn(tools.mvn, [...common, '-Dtm.role=proxy', 'dependency:build-classpath', `-Dmdep.outputFile=${bp.proxyCpFile}`], log);
      fs.writeFileSync(bp.stampFile, JSON.stringify({ key, client: spec.client, server: spec.server, builtAt: new Date().toISOString() }, null, 2));
    } finally {
      fs.rmSync(lockDir, { recursive: true, force: true });
    }
  })();
  buildLocks.set(spec.out, work);
  try {
    await work;
  } finally {
    buildLocks.delete(spec.out);
  }
  return { ...result(), built: true };
}

// ---------------------------------------------------------------------------- remoting (raw TCP)

/** Quotes bare integer object keys ({0:"a"} -> {"0":"a"}) outside strings, as fastjson writes them. */
function quoteBareKeys(text) {
  let out = '';
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') {
      inStr = true;
      out += c;
      continue;
    }
    if (c === '{' || c === ',') {
      out += c;
      const m = /^(\s*)(-?\d+)(\s*):/.exec(text.slice(i + 1, i + 40));
      if (m) {
        out += `${m[1]}"${m[2]}"${m[3]}:`;
        i += m[0].length;
      }
      continue;
    }
    out += c;
  }
  return out;
}

export function parseLenientJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(quoteBareKeys(text));
  }
}

let opaqueSeq = 1;

/**
 * One RocketMQ remoting request over a fresh TCP connection (JSON header).
 * @returns {Promise<{ code: number, remark: string | null, extFields: Record<string, string>, body: Buffer }>}
 */
export function remotingRequest(addr, code, extFields = {}, { timeoutMs = 3000, body = null } = {}) {
  const [host, portStr] = addr.split(':');
  const opaque = opaqueSeq++ & 0x7fffffff;
  const header = Buffer.from(
    JSON.stringify({
      code,
      extFields: Object.fromEntries(Object.entries(extFields).map(([k, v]) => [k, String(v)])),
      flag: 0,
      language: 'JAVA',
      opaque,
      serializeTypeCurrentRPC: 'JSON',
      version: 479,
    }),
  );
  const bodyBuf = body ? Buffer.from(body) : Buffer.alloc(0);
  const frame = Buffer.alloc(8);
  frame.writeInt32BE(4 + header.length + bodyBuf.length, 0);
  frame.writeInt32BE(header.length & 0xffffff, 4);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port: Number(portStr) });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`remoting request ${code} to ${addr} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (err, res) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(res);
    };
    sock.on('connect', () => sock.write(Buffer.concat([frame, header, bodyBuf])));
    sock.on('error', (err) => done(err));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4) {
        const total = buf.readInt32BE(0);
        if (buf.length < 4 + total) return;
        const hdr = buf.readInt32BE(4);
        const serType = (hdr >>> 24) & 0xff;
        const hlen = hdr & 0xffffff;
        const hbytes = buf.subarray(8, 8 + hlen);
        const rbody = buf.subarray(8 + hlen, 4 + total);
        buf = buf.subarray(4 + total);
        if (serType !== 0) {
          done(new Error(`remoting: ${addr} answered with serialize type ${serType} (only JSON is supported here)`));
          return;
        }
        let h;
        try {
          h = JSON.parse(hbytes.toString('utf8'));
        } catch (err) {
          done(err);
          return;
        }
        if (h.opaque !== opaque || !(h.flag & 1)) continue; // a request from the server, not our answer
        done(null, { code: h.code, remark: h.remark ?? null, extFields: h.extFields ?? {}, body: Buffer.from(rbody) });
        return;
      }
    });
  });
}

/** NameServer request 106 (GET_BROKER_CLUSTER_INFO). */
export async function getClusterInfo(namesrvAddr, opts) {
  const r = await remotingRequest(namesrvAddr, 106, {}, opts);
  if (r.code !== 0) throw new Error(`GET_BROKER_CLUSTER_INFO failed: code ${r.code} ${r.remark ?? ''}`);
  const info = r.body.length ? parseLenientJson(r.body.toString('utf8')) : {};
  const brokers = {};
  for (const [name, bd] of Object.entries(info.brokerAddrTable ?? {})) {
    brokers[name] = { cluster: bd.cluster, brokerName: bd.brokerName ?? name, brokerAddrs: bd.brokerAddrs ?? {} };
  }
  return { brokers, clusters: info.clusterAddrTable ?? {} };
}

/** NameServer request 105 (GET_ROUTEINFO_BY_TOPIC); null when the topic is unknown. */
export async function getTopicRoute(namesrvAddr, topic, opts) {
  const r = await remotingRequest(namesrvAddr, 105, { topic, acceptStandardJsonOnly: 'true' }, opts);
  if (r.code === 17) return null;
  if (r.code !== 0) throw new Error(`GET_ROUTEINFO_BY_TOPIC(${topic}) failed: code ${r.code} ${r.remark ?? ''}`);
  return parseLenientJson(r.body.toString('utf8'));
}

// ---------------------------------------------------------------------------- processes

function procCmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}

function procState(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

/** True if pid is alive (not a zombie) and, when a marker is given, its command line contains it. */
export function isOurProcess(pid, marker) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ESRCH') return false;
  }
  const state = procState(pid);
  if (state === 'Z' || state === 'X') return false;
  if (!marker) return true;
  const cmd = procCmdline(pid);
  return cmd === null ? fs.existsSync('/proc') === false : cmd.includes(marker);
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, wait up to graceMs, then SIGKILL; resolves when every pid is gone. */
export async function stopPids(pids, marker, { graceMs = 20_000, log } = {}) {
  const live = pids.filter((p) => isOurProcess(p, marker));
  for (const p of live) signal(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (live.some((p) => isOurProcess(p, marker)) && Date.now() < deadline) await sleep(100);
  const stubborn = live.filter((p) => isOurProcess(p, marker));
  if (stubborn.length) {
    log?.(`pids ${stubborn.join(', ')} did not exit within ${graceMs} ms of SIGTERM: sending SIGKILL`);
    for (const p of stubborn) signal(p, 'SIGKILL');
    const killDeadline = Date.now() + 10_000;
    while (stubborn.some((p) => isOurProcess(p, marker)) && Date.now() < killDeadline) await sleep(100);
  }
  const left = live.filter((p) => isOurProcess(p, marker));
  if (left.length) throw new ClusterError('E_STOP', `pids ${left.join(', ')} are still running after SIGKILL`);
}

// Emergency cleanup for clusters started by this module (not by the CLI `up`): a crashed or
// interrupted test must not leak JVMs. Synchronous, so it also works from 'exit'.
const liveResources = new Set();
let handlersInstalled = false;

function emergencyCleanup() {
  for (const res of [...liveResources]) {
    for (const pid of res.pids()) if (isOurProcess(pid, res.marker)) signal(pid, 'SIGKILL');
    if (res.dir) {
      const deadline = Date.now() + 3000;
      while (res.pids().some((p) => isOurProcess(p, res.marker)) && Date.now() < deadline) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
      fs.rmSync(res.dir, { recursive: true, force: true });
    }
    if (res.stateFile) fs.rmSync(res.stateFile, { force: true });
    liveResources.delete(res);
  }
}

function onSignal(sig) {
  emergencyCleanup();
  uninstallHandlers();
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}
const onSigint = () => onSignal('SIGINT');
const onSigterm = () => onSignal('SIGTERM');
const onSighup = () => onSignal('SIGHUP');

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', emergencyCleanup);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('SIGHUP', onSighup);
}

function uninstallHandlers() {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off('exit', emergencyCleanup);
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
  process.off('SIGHUP', onSighup);
}

function track(res) {
  liveResources.add(res);
  installHandlers();
  return () => {
    liveResources.delete(res);
    if (liveResources.size === 0) uninstallHandlers();
  };
}

// ---------------------------------------------------------------------------- state files

export function stateFileFor(basePort = DEFAULT_BASE_PORT) {
  return path.join(STATE_DIR, `${basePort}.json`);
}

export function readState(basePort) {
  try {
    return JSON.parse(fs.readFileSync(stateFileFor(basePort), 'utf8'));
  } catch {
    return null;
  }
}

export function listStates() {
  try {
    return fs
      .readdirSync(STATE_DIR)
      .filter((f) => /^\d+\.json$/.test(f))
      .map((f) => readState(Number(f.replace('.json', ''))))
      .filter(Boolean);
  } catch {
    return [];
  }
}

function statePids(state) {
  return (state.processes ?? []).map((p) => p.pid);
}

function stateAlive(state) {
  return statePids(state).some((p) => isOurProcess(p, state.dir));
}

// ---------------------------------------------------------------------------- config files

function logbackXml(file) {
  // Only 4.x reads ${rocketmq.home.dir}/conf/logback_*.xml (5.x ships its config in the jars);
  // without it the 4.x namesrv and broker exit at once with a JoranException.
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>\${user.home}/logs/rocketmqlogs/${file}</file>
    <encoder><pattern>%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
`;
}

/** Creates a home dir (user.home and rocketmq.home.dir of one JVM). */
function makeHome(dir) {
  fs.mkdirSync(path.join(dir, 'conf'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'logs', 'rocketmqlogs'), { recursive: true });
  for (const [name, file] of [['namesrv', 'namesrv.log'], ['broker', 'broker.log'], ['tools', 'tools.log']]) {
    fs.writeFileSync(path.join(dir, 'conf', `logback_${name}.xml`), logbackXml(file));
  }
  return dir;
}

function brokerConf(spec, { name, listenPort, namesrvAddr, storeDir, extra }) {
  const conf = {
    brokerClusterName: CLUSTER_NAME,
    brokerName: name,
    brokerId: 0,
    brokerRole: 'ASYNC_MASTER',
    flushDiskType: 'ASYNC_FLUSH',
    namesrvAddr,
    brokerIP1: '127.0.0.1',
    listenPort,
    storePathRootDir: storeDir,
    storePathCommitLog: path.join(storeDir, 'commitlog'),
    autoCreateTopicEnable: true,
    autoCreateSubscriptionGroup: true,
    mappedFileSizeCommitLog: 16 * 1024 * 1024,
    mappedFileSizeConsumeQueue: 60_000, // 3000 entries of 20 bytes
    maxHashSlotNum: 10_000,
    maxIndexNum: 40_000,
    flushConsumerOffsetInterval: 1000,
    fileReservedTime: 1,
    ...(spec.line === '5' ? { timerWheelEnable: false, mappedFileSizeTimerLog: 16 * 1024 * 1024 } : {}),
    ...(extra ?? {}),
  };
  return `${Object.entries(conf)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

// ---------------------------------------------------------------------------- start / stop

function spawnJvm(java, args, logFile, home) {
  const fd = fs.openSync(logFile, 'a');
  try {
    const env = { ...process.env, ROCKETMQ_HOME: home };
    delete env.NAMESRV_ADDR;
    delete env.JAVA_TOOL_OPTIONS;
    return spawn(java, args, { cwd: home, env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * rmq-proxy.json of the optional proxy: cluster mode beside the brokers, loopback ports derived from
 * the base port. minInvisibleTimeMillsForRecv is lowered from 10 s to 1 s so tests can use short
 * invisible durations (the proxy rejects a receive below it with INVALID_ARGUMENT / ILLEGAL_INVISIBLE_TIME).
 */
function proxyConf({ namesrvAddr, remotingPort, grpcPort, extra }) {
  return {
    rocketMQClusterName: CLUSTER_NAME,
    proxyClusterName: 'TidemarkProxy',
    proxyName: 'proxy-0',
    proxyMode: 'cluster',
    namesrvAddr,
    localServeAddr: '127.0.0.1',
    grpcServerPort: grpcPort,
    remotingListenPort: remotingPort,
    minInvisibleTimeMillsForRecv: 1000,
    ...(extra ?? {}),
  };
}

/** Resolves true when a TCP connection to host:port is accepted. */
function tcpProbe(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * Starts a NameServer and two brokers (broker-a, broker-b) and waits until both brokers
 * are registered with the NameServer (request 106). With { proxy: true } (line 5 only) it also
 * starts a rocketmq-proxy in cluster mode and waits until its gRPC and remoting ports answer.
 */
export async function startCluster(options = {}) {
  const t0 = Date.now();
  const log = options.log === undefined ? defaultLog : options.log ?? (() => {});
  const spec = resolveVersion(options.version);
  const ports = portsFor(options.basePort ?? DEFAULT_BASE_PORT);
  const withProxy = options.proxy === true;
  if (withProxy && spec.line !== '5') {
    throw new ClusterError('E_VERSION', `the RocketMQ proxy exists only for version line 5 (rocketmq-proxy ${VERSIONS[5].server}); got version line ${spec.line}`);
  }
  const registerCleanup = options.registerCleanup ?? true;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const tools = checkTools({ java: options.java, mvn: options.mvn });

  // an earlier run on these ports?
  const stateFile = stateFileFor(ports.basePort);
  const old = readState(ports.basePort);
  if (old) {
    if (stateAlive(old)) {
      throw new ClusterError(
        'E_RUNNING',
        `a RocketMQ cluster started by this script is already running on base port ${ports.basePort} ` +
          `(version ${old.version}, namesrv ${old.namesrvAddr}, pids ${statePids(old).join(', ')}, state ${stateFile}). ` +
          `Stop it with: node e2e/rocketmq/cluster.mjs down --base-port ${ports.basePort}`,
      );
    }
    log(`removing stale state of an earlier run (${stateFile}, dir ${old.dir})`);
    if (old.dir && path.basename(old.dir).startsWith('tidemark-rmq-')) fs.rmSync(old.dir, { recursive: true, force: true });
    fs.rmSync(stateFile, { force: true });
  }

  await checkPorts(ports.basePort, { proxy: withProxy });
  const tmpRoot = options.tmpRoot ?? process.env.TIDEMARK_RMQ_TMPDIR ?? os.tmpdir();
  fs.mkdirSync(tmpRoot, { recursive: true });
  checkDisk(tmpRoot, options.maxDiskUsePercent);

  const { serverCp, clientCp, grpcCp, proxyCp } = await ensureBuilt(spec.line, { java: tools.java, mvn: tools.mvn, log });

  const dir = fs.mkdtempSync(path.join(tmpRoot, `tidemark-rmq-v${spec.line}-${ports.basePort}-`));
  const namesrvAddr = `127.0.0.1:${ports.namesrv}`;
  /** @type {{ role: string, pid: number, port: number, home: string, out: string, log: string, child: import('node:child_process').ChildProcess }[]} */
  const procs = [];
  const marker = `-Dtidemark.rmq.dir=${dir}`;
  const untrack = registerCleanup ? track({ pids: () => procs.map((p) => p.pid), marker: dir, dir, stateFile }) : () => {};

  let exitWatch = null;
  const exited = new Promise((_, reject) => {
    exitWatch = (p) => (code, sig) => {
      const tails = [describeTail(`${p.role} stdout/stderr`, p.out, 40), describeTail(`${p.role} log`, p.log, 30)].join('\n');
      reject(new ClusterError('E_JVM_EXIT', `${p.role} JVM (pid ${p.pid}) exited during startup with ${sig ?? `code ${code}`}.\n${tails}`));
    };
  });
  exited.catch(() => {});

  const launch = (role, home, logName, mainClass, jvm, args, port, cp = serverCp) => {
    makeHome(home);
    const out = path.join(dir, `${role}.out`);
    const child = spawnJvm(tools.java, [...jvm, ...JDK17_FLAGS, ...(options.extraJvmArgs ?? []), `-Duser.home=${home}`, `-Drocketmq.home.dir=${home}`, marker, '-cp', cp, mainClass, ...args], out, home);
    const p = { role, pid: /** @type {number} */ (child.pid), port, home, out, log: path.join(home, 'logs', 'rocketmqlogs', logName), child };
    if (!child.pid) throw new ClusterError('E_JVM_EXIT', `could not start ${role}: ${tools.java}`);
    child.once('exit', exitWatch(p));
    child.unref();
    procs.push(p);
    return p;
  };

  const fail = async (err) => {
    for (const p of procs) p.child.removeAllListeners('exit');
    await stopPids(procs.map((p) => p.pid), dir, { graceMs: 3000 }).catch(() => {});
    if (!process.env.TIDEMARK_RMQ_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir} (TIDEMARK_RMQ_KEEP)`);
    untrack();
    throw err;
  };

  const withExit = (promise) => Promise.race([promise, exited]);

  let brokersStartedAt = 0;
  const tJvm = Date.now();
  try {
    log(`starting RocketMQ ${describeVersion(spec)}: namesrv ${namesrvAddr}, ${ports.brokers.map((b) => `${b.name} 127.0.0.1:${b.listenPort}`).join(', ')} (dir ${dir})`);
    const nsHome = path.join(dir, 'namesrv');
    makeHome(nsHome);
    const nsConf = path.join(nsHome, 'namesrv.conf');
    fs.writeFileSync(nsConf, `listenPort=${ports.namesrv}\n`);
    launch('namesrv', nsHome, 'namesrv.log', 'org.apache.rocketmq.namesrv.NamesrvStartup', NAMESRV_JVM, ['-c', nsConf], ports.namesrv);

    const deadline = tJvm + timeoutMs;
    const waitFor = async (what, check) => {
      let lastErr = null;
      for (;;) {
        try {
          const v = await withExit(check());
          if (v) return v;
        } catch (err) {
          if (err instanceof ClusterError) throw err;
          lastErr = err;
        }
        if (Date.now() > deadline) {
          const tails = procs.map((p) => [describeTail(`${p.role} stdout/stderr`, p.out, 20), describeTail(`${p.role} log`, p.log, 20)].join('\n')).join('\n');
          throw new ClusterError('E_TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${lastErr.message})` : ''}.\n${tails}`);
        }
        await withExit(sleep(200));
      }
    };

    await waitFor('the NameServer to answer', async () => {
      await getClusterInfo(namesrvAddr, { timeoutMs: 1000 });
      return true;
    });
    log(`namesrv answering after ${((Date.now() - tJvm) / 1000).toFixed(1)} s`);

    brokersStartedAt = Date.now();
    // POP (every gRPC consumer through the proxy) needs the timer wheel: with timerWheelEnable=false
    // a 5.3.3 broker answers each pop "pop message is forbidden because timerWheelEnable is false".
    const extraConf = withProxy ? { timerWheelEnable: true, ...(options.brokerConf ?? {}) } : options.brokerConf;
    for (const b of ports.brokers) {
      const home = path.join(dir, b.name);
      makeHome(home);
      const storeDir = path.join(home, 'store');
      const confFile = path.join(home, 'broker.conf');
      fs.writeFileSync(confFile, brokerConf(spec, { name: b.name, listenPort: b.listenPort, namesrvAddr, storeDir, extra: extraConf }));
      launch(b.name, home, 'broker.log', 'org.apache.rocketmq.broker.BrokerStartup', withProxy ? BROKER_JVM_POP : BROKER_JVM, ['-c', confFile], b.listenPort);
    }

    await waitFor('both brokers to register with the NameServer', async () => {
      const info = await getClusterInfo(namesrvAddr, { timeoutMs: 1000 });
      const members = info.clusters[CLUSTER_NAME] ?? [];
      return ports.brokers.every((b) => members.includes(b.name) && info.brokers[b.name]?.brokerAddrs?.['0'] === `127.0.0.1:${b.listenPort}`);
    });
    log(`both brokers registered with the NameServer after ${((Date.now() - tJvm) / 1000).toFixed(1)} s`);
    // registered is not quite serving: right after registration a broker may still fail admin
    // calls (mqadmin clusterList then prints blanks), so each broker must answer one directly.
    await waitFor('both brokers to answer GET_BROKER_RUNTIME_INFO', async () => {
      const answers = await Promise.all(ports.brokers.map((b) => remotingRequest(`127.0.0.1:${b.listenPort}`, 28, {}, { timeoutMs: 2000 })));
      return answers.every((r) => r.code === 0 && r.body.length > 0);
    });
    if (withProxy) {
      if (!proxyCp) throw new ClusterError('E_BUILD', `no proxy classpath for version line ${spec.line}`);
      const tProxy = Date.now();
      const home = path.join(dir, 'proxy');
      makeHome(home);
      const confFile = path.join(home, 'conf', 'rmq-proxy.json');
      const conf = proxyConf({ namesrvAddr, remotingPort: ports.proxy.remotingPort, grpcPort: ports.proxy.grpcPort, extra: options.proxyConf });
      fs.writeFileSync(confFile, `${JSON.stringify(conf, null, 2)}\n`);
      const p = launch('proxy', home, 'proxy.log', 'org.apache.rocketmq.proxy.ProxyStartup', PROXY_JVM, ['-pc', confFile, '-pm', 'cluster', '-n', namesrvAddr], ports.proxy.grpcPort, proxyCp);
      // ProxyStartup prints "rocketmq-proxy startup successfully" once both servers are started; the
      // remoting port must also answer a request (any reply code) and the gRPC port accept connections.
      await waitFor('the proxy to start (gRPC and remoting ports)', async () => {
        if (!tailFile(p.out, 200).includes('rocketmq-proxy startup successfully')) return false;
        const r = await remotingRequest(`127.0.0.1:${ports.proxy.remotingPort}`, 105, { topic: 'TBW102', acceptStandardJsonOnly: 'true' }, { timeoutMs: 2000 });
        return typeof r.code === 'number' && (await tcpProbe('127.0.0.1', ports.proxy.grpcPort));
      });
      log(`proxy answering after ${((Date.now() - tProxy) / 1000).toFixed(1)} s: gRPC 127.0.0.1:${ports.proxy.grpcPort}, remoting 127.0.0.1:${ports.proxy.remotingPort}`);
    }
  } catch (err) {
    return fail(err);
  }

  for (const p of procs) p.child.removeAllListeners('exit');
  const elapsedMs = Date.now() - t0;
  const state = {
    version: spec.line,
    serverVersion: spec.server,
    clientVersion: spec.client,
    clusterName: CLUSTER_NAME,
    basePort: ports.basePort,
    namesrvAddr,
    dir,
    brokers: ports.brokers.map((b) => ({ name: b.name, addr: `127.0.0.1:${b.listenPort}` })),
    proxy: withProxy ? { grpcAddr: `127.0.0.1:${ports.proxy.grpcPort}`, remotingAddr: `127.0.0.1:${ports.proxy.remotingPort}` } : null,
    processes: procs.map(({ role, pid, port, home, out, log: l }) => ({ role, pid, port, home, out, log: l })),
    startedBy: process.pid,
    startedAt: new Date(t0).toISOString(),
    startupMs: elapsedMs,
    jvmStartupMs: Date.now() - tJvm,
    brokerStartupMs: Date.now() - brokersStartedAt,
  };
  fs.mkdirSync(STATE_DIR, { recursive: true });
  fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  log(
    `both brokers registered ${(elapsedMs / 1000).toFixed(1)} s after start ` +
      `(${(state.jvmStartupMs / 1000).toFixed(1)} s after the namesrv JVM was launched, ${(state.brokerStartupMs / 1000).toFixed(1)} s after the broker JVMs)`,
  );

  const workloads = new Set();
  let stopping = null;
  const cluster = {
    ...state,
    clientCp,
    serverCp,
    grpcCp,
    proxyCp,
    java: tools.java,
    workloads,
    /** Stops workloads, brokers, then the NameServer; deletes the temp dir and state file. */
    stop({ graceMs = 20_000 } = {}) {
      stopping ??= (async () => {
        await Promise.all([...workloads].map((w) => w.stop().catch(() => {})));
        await stopCluster(state, { graceMs, log });
        untrack();
      })();
      return stopping;
    },
  };
  return cluster;
}

/** Stops the processes of a state (proxy, then brokers, then the namesrv), removes its dir and state file. */
export async function stopCluster(state, { graceMs = 20_000, log = defaultLog } = {}) {
  const procs = state.processes ?? [];
  const proxies = procs.filter((p) => p.role === 'proxy').map((p) => p.pid);
  const brokers = procs.filter((p) => p.role !== 'namesrv' && p.role !== 'proxy').map((p) => p.pid);
  const others = procs.filter((p) => p.role === 'namesrv').map((p) => p.pid);
  // workloads started from the CLI are not tracked; anything else carrying the marker is ours too
  let t = Date.now();
  if (proxies.length) {
    await stopPids(proxies, state.dir, { graceMs, log });
    log?.(`proxy stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
  }
  await stopPids(brokers, state.dir, { graceMs, log });
  log?.(`brokers stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  await stopPids(others, state.dir, { graceMs, log });
  log?.(`namesrv stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const stray = findStrayProcesses(state.dir);
  if (stray.length) {
    log?.(`stopping stray processes of ${state.dir}: ${stray.join(', ')}`);
    await stopPids(stray, state.dir, { graceMs: 5000, log });
  }
  if (state.dir && path.basename(state.dir).startsWith('tidemark-rmq-')) fs.rmSync(state.dir, { recursive: true, force: true });
  fs.rmSync(stateFileFor(state.basePort), { force: true });
}

/** Live processes carrying this cluster's marker (-Dtidemark.rmq.dir=<dir>): JVMs, workloads, mqadmin. */
export function findStrayProcesses(dir) {
  if (!dir || !fs.existsSync('/proc')) return [];
  const out = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    const cmd = procCmdline(Number(e));
    if (cmd && cmd.includes(`-Dtidemark.rmq.dir=${dir}`) && isOurProcess(Number(e), dir)) out.push(Number(e));
  }
  return out;
}

/** A cluster handle for a running cluster started elsewhere (e.g. by `cluster.mjs up`). */
export async function attachCluster(basePort = DEFAULT_BASE_PORT) {
  const state = readState(basePort);
  if (!state || !stateAlive(state)) {
    throw new ClusterError('E_NOT_RUNNING', `no running cluster on base port ${basePort} (state file ${stateFileFor(basePort)}). Start one with: npm run rocketmq:up`);
  }
  const { clientCp, serverCp, grpcCp, proxyCp } = await ensureBuilt(state.version, { log: null });
  return { ...state, proxy: state.proxy ?? null, clientCp, serverCp, grpcCp, proxyCp, java: checkTools().java, workloads: new Set(), stop: () => stopCluster(state) };
}

// ---------------------------------------------------------------------------- mqadmin

function runJava(java, args, { cwd, timeoutMs = 120_000, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(java, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${err.message}` });
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code: code ?? (sig === 'SIGKILL' ? 137 : 1), stdout, stderr: sig === 'SIGKILL' ? `${stderr}\n(killed after ${timeoutMs} ms)` : stderr });
    });
  });
}

/**
 * Runs org.apache.rocketmq.tools.command.MQAdminStartup (the cluster's client/tools version),
 * adding `-n <namesrv>` unless args already give one. It goes through tidemark.workload.Admin,
 * which calls MQAdminStartup.main0 and exits when the command returns (saves ~3 s per call).
 */
export async function mqadmin(cluster, args, { timeoutMs = 120_000, version } = {}) {
  const spec = resolveVersion(version ?? cluster?.version);
  const tools = checkTools();
  const { clientCp } = cluster?.clientCp ? { clientCp: cluster.clientCp } : await ensureBuilt(spec.line, { log: null });
  const home = cluster?.dir ? path.join(cluster.dir, 'mqadmin') : path.join(TARGET_DIR, spec.out, 'mqadmin-home');
  makeHome(home);
  const full = [...args];
  if (cluster?.namesrvAddr && !full.some((a) => a === '-n' || a.startsWith('--namesrvAddr'))) full.push('-n', cluster.namesrvAddr);
  const env = { ...process.env, ROCKETMQ_HOME: home };
  delete env.JAVA_TOOL_OPTIONS;
  const marker = cluster?.dir ? [`-Dtidemark.rmq.dir=${cluster.dir}`] : [];
  return runJava(tools.java, [...CLIENT_JVM, ...JDK17_FLAGS, `-Duser.home=${home}`, `-Drocketmq.home.dir=${home}`, ...marker, '-cp', clientCp, 'tidemark.workload.Admin', ...full], {
    cwd: home,
    timeoutMs,
    env,
  });
}

function adminFailed(res) {
  return res.code !== 0 || /Exception|CODE: \d+|command failed/i.test(res.stdout + res.stderr);
}

/** Runs an idempotent mqadmin update until every broker reports success (3 attempts). */
async function adminRetry(what, successRe, cluster, args) {
  let res = null;
  for (let attempt = 1; attempt <= 3; attempt++) {
    res = await mqadmin(cluster, args);
    const okCount = (res.stdout.match(successRe) ?? []).length;
    if (!adminFailed(res) && okCount >= cluster.brokers.length) return res;
    await sleep(1000);
  }
  throw adminError(what, res, cluster?.dir);
}

function adminError(what, res, dir) {
  const out = res.stdout + res.stderr;
  const disk = explainBrokerRefusal(out, dir);
  return new ClusterError('E_MQADMIN', `mqadmin ${what} failed (exit ${res.code}):${disk ? ` ${disk}` : ''}\n${out.trim().split('\n').slice(0, 40).join('\n')}`);
}

/**
 * mqadmin updateTopic -c DefaultCluster -t topic -r q -w q (q queues on EACH broker), then waits
 * until the NameServer route shows the topic on every broker.
 */
export async function createTopic(cluster, topic, queuesPerBroker = 4, { order = false, timeoutMs = 20_000 } = {}) {
  const q = String(queuesPerBroker);
  await adminRetry(`updateTopic ${topic}`, /create topic to .* success/g, cluster, ['updateTopic', '-c', cluster.clusterName ?? CLUSTER_NAME, '-t', topic, '-r', q, '-w', q, ...(order ? ['-o', 'true'] : [])]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const route = await getTopicRoute(cluster.namesrvAddr, topic).catch(() => null);
    const qds = route?.queueDatas ?? [];
    if (cluster.brokers.every((b) => qds.some((d) => d.brokerName === b.name && d.writeQueueNums === Number(q) && d.readQueueNums === Number(q)))) return route;
    if (Date.now() > deadline) throw new ClusterError('E_TIMEOUT', `topic ${topic} did not appear on every broker in the NameServer route within ${timeoutMs} ms: ${JSON.stringify(route)}`);
    await sleep(200);
  }
}

/**
 * mqadmin updateSubGroup -c DefaultCluster -g group (on every broker).
 * broadcast: true adds `-d true` (consumeBroadcastEnable). An explicitly created group defaults to
 * false, and then the brokers refuse BROADCASTING pulls with "CODE: 16 ... can not consume by
 * broadcast way" (auto-created groups allow it).
 */
export async function createGroup(cluster, group, { broadcast = false, extraArgs = [] } = {}) {
  await adminRetry(`updateSubGroup ${group}`, /create subscription group to .* success/g, cluster, ['updateSubGroup', '-c', cluster.clusterName ?? CLUSTER_NAME, '-g', group, ...(broadcast ? ['-d', 'true'] : []), ...extraArgs]);
}

/** Parses `mqadmin clusterList` output (rows: cluster, brokerName, brokerId, addr, version or null). */
export function parseClusterList(stdout) {
  const rows = [];
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const cols = t.split(/\s+/);
    if (cols.length < 4 || !/^\d+$/.test(cols[2]) || !/:\d+$/.test(cols[3])) continue;
    // the version is blank when mqadmin could not get the broker's runtime info
    rows.push({ cluster: cols[0], brokerName: cols[1], brokerId: Number(cols[2]), addr: cols[3], version: /^V\d/.test(cols[4] ?? '') ? cols[4] : null });
  }
  return rows;
}

/**
 * Parses `mqadmin consumerProgress -g G` output (4.9.x and 5.3.x layouts: 5.x adds #Inflight and,
 * with -s, #ClientID). Columns come from the header line, so unknown extra columns are tolerated.
 */
export function parseConsumerProgress(stdout) {
  const lines = stdout.split('\n');
  const hi = lines.findIndex((l) => /^#Topic\s/.test(l.trim()));
  const result = { rows: [], diffTotal: null, consumeTps: null, headers: [], error: null };
  const codeMatch = /CODE:\s*(\d+)\s+DESC:\s*([^\n]*)/.exec(stdout);
  if (hi < 0) {
    result.error = codeMatch ? `CODE: ${codeMatch[1]} DESC: ${codeMatch[2].trim()}` : stdout.trim().split('\n').slice(-3).join(' ') || 'no output';
    return result;
  }
  const headers = lines[hi].trim().split(/\s+(?=#)/).map((h) => h.replace(/^#/, '').trim());
  result.headers = headers;
  const idx = (re) => headers.findIndex((h) => re.test(h));
  const iTopic = idx(/^Topic$/i);
  const iBroker = idx(/^Broker\s*Name$/i);
  const iQid = idx(/^QID$/i);
  const iBOff = idx(/^Broker\s*Offset$/i);
  const iCOff = idx(/^Consumer\s*Offset$/i);
  const iClient = idx(/^Client\s*IP$/i);
  const iClientId = idx(/^ClientID$/i);
  const iDiff = idx(/^Diff$/i);
  const iInflight = idx(/^Inflight$/i);
  const iLast = idx(/^Last\s*Time$/i);
  for (const raw of lines.slice(hi + 1)) {
    const line = raw.trim();
    if (!line) continue;
    const tps = /^Consume TPS:\s*([\d.]+)/i.exec(line);
    if (tps) {
      result.consumeTps = Number(tps[1]);
      continue;
    }
    const dt = /^(?:Consume )?Diff Total:\s*(-?\d+)/i.exec(line);
    if (dt) {
      result.diffTotal = Number(dt[1]);
      continue;
    }
    const toks = line.split(/\s+/);
    // every column before LastTime is one token; LastTime ("yyyy-MM-dd HH:mm:ss" or N/A) is the rest
    const fixed = iLast >= 0 ? iLast : headers.length;
    if (toks.length < fixed) continue;
    const num = (i) => (i >= 0 && /^-?\d+$/.test(toks[i]) ? Number(toks[i]) : null);
    if (num(iQid) === null || num(iBOff) === null || num(iCOff) === null) continue;
    result.rows.push({
      topic: toks[iTopic],
      brokerName: toks[iBroker],
      queueId: num(iQid),
      brokerOffset: num(iBOff),
      consumerOffset: num(iCOff),
      clientIP: iClient >= 0 ? toks[iClient] : null,
      clientId: iClientId >= 0 ? toks[iClientId] : null,
      diff: num(iDiff),
      inflight: num(iInflight),
      lastTime: iLast >= 0 ? toks.slice(iLast).join(' ') : null,
    });
  }
  if (result.diffTotal === null && result.rows.length) result.diffTotal = result.rows.reduce((s, r) => s + (r.diff ?? 0), 0);
  return result;
}

/** mqadmin consumerProgress -g group [-t topic], parsed. */
export async function consumerProgress(cluster, group, topic) {
  const res = await mqadmin(cluster, ['consumerProgress', '-g', group, ...(topic ? ['-t', topic] : [])]);
  return { ...parseConsumerProgress(res.stdout), raw: res.stdout + res.stderr, code: res.code };
}

/**
 * Parses `mqadmin topicStatus -t T` output: one row per queue (#Broker Name #QID #Min Offset #Max Offset
 * #Last Updated, the same in 4.9.8 and 5.3.3). No rows (and an exception in the output) for an unknown topic.
 */
export function parseTopicStatus(stdout) {
  const rows = [];
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+(-?\d+)\s+(-?\d+)\s*(.*)$/.exec(line.trim());
    if (!m || m[1].startsWith('#')) continue;
    rows.push({ brokerName: m[1], queueId: Number(m[2]), minOffset: Number(m[3]), maxOffset: Number(m[4]), lastUpdated: m[5].trim() || null });
  }
  return rows;
}

/** mqadmin topicStatus -t topic, parsed. */
export async function topicStatus(cluster, topic) {
  const res = await mqadmin(cluster, ['topicStatus', '-t', topic]);
  return { rows: parseTopicStatus(res.stdout), raw: res.stdout + res.stderr, code: res.code };
}

/** mqadmin topicList: the topic names the NameServer knows (clusters and broker names are listed too). */
export async function topicList(cluster) {
  const res = await mqadmin(cluster, ['topicList']);
  const topics = res.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[%|\w.-]+$/.test(l));
  return { topics, raw: res.stdout + res.stderr, code: res.code };
}

// ---------------------------------------------------------------------------- workload

const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Reads a JSON-lines report (the last, possibly partial, line is skipped if it does not parse). */
export function readReport(file) {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // partial line being written
    }
  }
  return out;
}

let workloadSeq = 0;

/**
 * Why a workload exited non-zero: the counts of its report's send-error / error records and the first
 * error, or the disk message when they (or the tail of its log) hold a broker's CODE: 14 refusal.
 * Null when nothing explains it.
 */
function workloadFailure(report, logFile, dir) {
  const bad = readReport(report).filter((r) => ['send-error', 'error', 'receive-error', 'ack-error'].includes(r.type) && r.error);
  const text = bad.length ? bad.map((r) => `${r.type}: ${r.error}`).join('\n') : tailFile(logFile, 40);
  const disk = explainBrokerRefusal(text, dir) ?? explainBrokerRefusal(tailFile(logFile, 200), dir);
  if (disk) return disk;
  if (!bad.length) return null;
  const counts = new Map();
  for (const r of bad) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return `${[...counts].map(([t, n]) => `${n} ${t}`).join(', ')}; first: ${String(bad[0].error).split('\n')[0].slice(0, 400)}`;
}

/**
 * Starts the Java workload (tidemark.workload.Workload) for a scenario against the cluster.
 * Options are passed as --kebab-case flags (durationMs -> --duration-ms).
 */
export function startWorkload(cluster, scenario, opts = {}) {
  const { name: nameOpt, report: reportOpt, extraArgs = [], jvmArgs = [], ...flags } = opts;
  if (!flags.topic) throw new ClusterError('E_WORKLOAD', 'startWorkload: topic is required');
  const grpc = GRPC_SCENARIOS.includes(scenario);
  if (grpc && !cluster.proxy?.grpcAddr) {
    throw new ClusterError('E_WORKLOAD', `scenario ${scenario} uses the 5.x gRPC client through the proxy: start the cluster with startCluster({ version: '5', proxy: true })`);
  }
  if (grpc && !cluster.grpcCp) throw new ClusterError('E_WORKLOAD', `scenario ${scenario}: the cluster handle has no gRPC classpath (grpcCp)`);
  const name = nameOpt ?? `${scenario}-${process.pid}-${++workloadSeq}`;
  const base = cluster.dir ? path.join(cluster.dir, 'workloads') : path.join(os.tmpdir(), 'tidemark-rmq-workloads');
  fs.mkdirSync(base, { recursive: true });
  const report = reportOpt ?? path.join(base, `${name}.jsonl`);
  const logFile = path.join(base, `${name}.log`);
  const home = path.join(base, `${name}-home`);
  fs.mkdirSync(home, { recursive: true });
  const args = [...(grpc ? ['--endpoints', cluster.proxy.grpcAddr] : ['--namesrv', cluster.namesrvAddr]), '--scenario', scenario, '--report', report];
  flags.durationMs ??= 60_000;
  for (const [k, v] of Object.entries(flags)) {
    if (v === undefined || v === null) continue;
    args.push(`--${kebab(k)}`, String(v));
  }
  args.push(...extraArgs);
  const java = cluster.java ?? checkTools().java;
  const marker = cluster.dir ? `-Dtidemark.rmq.dir=${cluster.dir}` : '-Dtidemark.rmq.workload=1';
  const fd = fs.openSync(logFile, 'a');
  const env = { ...process.env };
  delete env.JAVA_TOOL_OPTIONS;
  const mainClass = grpc ? 'tidemark.workload.GrpcWorkload' : 'tidemark.workload.Workload';
  const child = spawn(java, [...CLIENT_JVM, ...jvmArgs, `-Duser.home=${home}`, marker, '-cp', grpc ? cluster.grpcCp : cluster.clientCp, mainClass, ...args], {
    cwd: home,
    env,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const pid = /** @type {number} */ (child.pid);
  let exitInfo = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, sig) => {
      exitInfo = { code, signal: sig };
      // 2 = failed to start, 3 = send errors or other errors (143 is a SIGTERM stop)
      if (code !== 0 && code !== null && code !== 143) {
        const error = workloadFailure(report, logFile, cluster.dir);
        if (error) exitInfo.error = error;
      }
      resolve(exitInfo);
    });
    child.once('error', (err) => {
      exitInfo = { code: 127, signal: null, error: err.message };
      resolve(exitInfo);
    });
  });
  const untrack = track({ pids: () => (exitInfo ? [] : [pid]), marker: null, dir: null, stateFile: null });
  exitPromise.then(() => untrack());

  const handle = {
    name,
    scenario,
    pid,
    report,
    log: logFile,
    args,
    get exit() {
      return exitInfo;
    },
    records: () => readReport(report),
    sent: () => readReport(report).filter((r) => r.type === 'sent'),
    consumed: () => readReport(report).filter((r) => r.type === 'consumed'),
    ofType: (type) => readReport(report).filter((r) => r.type === type),
    /** Resolves with the "ready" record once every client has started. */
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = readReport(report).find((x) => x.type === 'ready');
        if (r) return r;
        if (exitInfo) throw new ClusterError('E_WORKLOAD', `workload ${name} exited (${JSON.stringify(exitInfo)}) before it was ready.\n${describeTail('workload log', logFile, 40)}`);
        if (Date.now() > deadline) throw new ClusterError('E_TIMEOUT', `workload ${name} not ready after ${timeoutMs} ms.\n${describeTail('workload log', logFile, 40)}`);
        await sleep(100);
      }
    },
    /** Waits for the workload to end by itself (after --duration-ms). */
    async wait(timeoutMs) {
      const limit = timeoutMs ?? Number(flags.durationMs) + 60_000;
      let timer;
      const res = await Promise.race([exitPromise, new Promise((r) => (timer = setTimeout(() => r(null), limit)))]);
      clearTimeout(timer);
      if (!res) throw new ClusterError('E_TIMEOUT', `workload ${name} still running after ${limit} ms.\n${describeTail('workload log', logFile, 20)}`);
      return res;
    },
    /** SIGTERM (clean shutdown, offsets persisted), SIGKILL after graceMs. */
    async stop(graceMs = 20_000) {
      if (exitInfo) return exitInfo;
      child.kill('SIGTERM');
      let timer;
      const res = await Promise.race([exitPromise, new Promise((r) => (timer = setTimeout(() => r(null), graceMs)))]);
      clearTimeout(timer);
      if (res) return res;
      child.kill('SIGKILL');
      return exitPromise;
    },
  };
  cluster.workloads?.add(handle);
  exitPromise.then(() => cluster.workloads?.delete(handle));
  return handle;
}

// ---------------------------------------------------------------------------- CLI

function parseCliArgs(argv, known) {
  const opts = {};
  const rest = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (m && known.includes(m[1])) {
      const flag = m[1];
      if (['all', 'help', 'proxy'].includes(flag)) {
        opts[flag] = true;
        continue;
      }
      const v = m[2] ?? argv[++i];
      if (v === undefined) throw new ClusterError('E_USAGE', `missing value for --${flag}`);
      if (flag === 'set') (opts.set ??= []).push(v);
      else opts[flag] = v;
      continue;
    }
    rest.push(...argv.slice(i));
    break;
  }
  return { opts, rest };
}

const USAGE = `usage:
  node e2e/rocketmq/cluster.mjs up [--version 5|4] [--base-port N] [--set brokerKey=value ...] [--timeout-ms N] [--proxy]
  node e2e/rocketmq/cluster.mjs down [--base-port N | --all]          (default: base port 9876 only)
  node e2e/rocketmq/cluster.mjs status [--base-port N]
  node e2e/rocketmq/cluster.mjs mqadmin [--version 5|4] [--base-port N] [--] <mqadmin args>   (-n is added)
  node e2e/rocketmq/cluster.mjs workload [--base-port N] [--] --scenario S --topic T [...]      (--namesrv is added)
  node e2e/rocketmq/cluster.mjs build [--version 5|4|all]
versions: 5 = RocketMQ 5.3.3; 4 = 4.9.7 namesrv/broker + 4.9.8 client/tools
ports (base B, default 9876): namesrv B; broker-a B+1035 (also -2, +1); broker-b B+1045 (also -2, +1);
  with --proxy (line 5 only): proxy remoting B+1050, proxy gRPC B+1051
gRPC workload scenarios (need --proxy): ${GRPC_SCENARIOS.join(', ')}`;

/** --base-port N, else the default base port's cluster, else the only recorded one. */
function pickState(opts, { required = true } = {}) {
  if (opts['base-port']) {
    const s = readState(portsFor(opts['base-port']).basePort);
    if (!s && required) throw new ClusterError('E_NOT_RUNNING', `no cluster state for base port ${opts['base-port']} (${stateFileFor(opts['base-port'])})`);
    return s;
  }
  const def = readState(DEFAULT_BASE_PORT);
  if (def) return def;
  const all = listStates();
  if (all.length === 1) return all[0];
  if (all.length > 1) throw new ClusterError('E_USAGE', `several clusters are recorded (base ports ${all.map((s) => s.basePort).join(', ')}): pass --base-port N`);
  if (required) throw new ClusterError('E_NOT_RUNNING', `no cluster is running (no state file in ${STATE_DIR}). Start one with: npm run rocketmq:up`);
  return null;
}

async function cli(argv) {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'up': {
      const { opts, rest: extra } = parseCliArgs(rest, ['version', 'base-port', 'set', 'timeout-ms', 'proxy', 'help']);
      if (opts.help) return console.log(USAGE);
      if (extra.length) throw new ClusterError('E_USAGE', `unexpected arguments: ${extra.join(' ')}\n${USAGE}`);
      const brokerConfExtra = {};
      for (const kv of opts.set ?? []) {
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new ClusterError('E_USAGE', `--set expects key=value, got ${kv}`);
        brokerConfExtra[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
      const c = await startCluster({
        version: opts.version,
        basePort: opts['base-port'] ? Number(opts['base-port']) : undefined,
        timeoutMs: opts['timeout-ms'] ? Number(opts['timeout-ms']) : undefined,
        brokerConf: brokerConfExtra,
        proxy: opts.proxy === true,
        registerCleanup: false,
      });
      console.log(`NAMESRV=${c.namesrvAddr}`);
      console.log(
        `RocketMQ ${c.serverVersion === c.clientVersion ? c.serverVersion : `${c.serverVersion} (client/tools ${c.clientVersion})`} cluster ${c.clusterName} is up: ` +
          `both brokers registered ${(c.startupMs / 1000).toFixed(1)} s after start. namesrv ${c.namesrvAddr}, ${c.brokers.map((b) => `${b.name} ${b.addr}`).join(', ')}`,
      );
      if (c.proxy) console.log(`PROXY_GRPC=${c.proxy.grpcAddr} PROXY_REMOTING=${c.proxy.remotingAddr}`);
      console.log(`dir ${c.dir} (logs: <dir>/<role>.out and <dir>/<role>/logs/rocketmqlogs/); state ${stateFileFor(c.basePort)}`);
      console.log(`stop with: npm run rocketmq:down${c.basePort === DEFAULT_BASE_PORT ? '' : ` -- --base-port ${c.basePort}`}`);
      return;
    }
    case 'down': {
      const { opts } = parseCliArgs(rest, ['base-port', 'all', 'help']);
      if (opts.help) return console.log(USAGE);
      // without --base-port only the default base port is stopped, never another recorded cluster
      const base = opts['base-port'] ? portsFor(opts['base-port']).basePort : DEFAULT_BASE_PORT;
      const states = opts.all ? listStates() : [readState(base)].filter(Boolean);
      if (!states.length) {
        const others = listStates().map((s) => s.basePort);
        console.log(`nothing to stop: no cluster state for base port ${base}${others.length ? ` (recorded: base ports ${others.join(', ')}; use --base-port N or --all)` : ''}`);
        return;
      }
      for (const s of states) {
        const t = Date.now();
        await stopCluster(s);
        console.log(`stopped RocketMQ ${s.serverVersion} on base port ${s.basePort} (pids ${statePids(s).join(', ')}) in ${((Date.now() - t) / 1000).toFixed(1)} s; removed ${s.dir}`);
      }
      return;
    }
    case 'status': {
      const { opts } = parseCliArgs(rest, ['base-port']);
      const states = opts['base-port'] ? [pickState(opts)] : listStates();
      if (!states.length) return console.log('no cluster is recorded');
      for (const s of states) {
        const procs = s.processes.map((p) => `${p.role}:${p.pid}${isOurProcess(p.pid, s.dir) ? '' : '(dead)'}`).join(' ');
        let reg = '';
        try {
          const info = await getClusterInfo(s.namesrvAddr, { timeoutMs: 2000 });
          reg = `registered: ${(info.clusters[CLUSTER_NAME] ?? []).join(', ') || 'none'}`;
        } catch (err) {
          reg = `namesrv not answering (${/** @type {Error} */ (err).message})`;
        }
        console.log(`NAMESRV=${s.namesrvAddr} version ${s.version} (${s.serverVersion}) base ${s.basePort} ${procs}; ${reg}; dir ${s.dir}`);
      }
      return;
    }
    case 'mqadmin': {
      const { opts, rest: args } = parseCliArgs(rest, ['version', 'base-port']);
      const state = pickState(opts, { required: false });
      const res = await mqadmin(state ? { ...state, clientCp: undefined } : null, args, { version: opts.version ?? state?.version });
      process.stdout.write(res.stdout);
      process.stderr.write(res.stderr);
      process.exitCode = res.code;
      return;
    }
    case 'workload': {
      const { opts, rest: args } = parseCliArgs(rest, ['base-port']);
      const c = await attachCluster(opts['base-port'] ? Number(opts['base-port']) : pickState({}).basePort);
      const java = checkTools().java;
      const si = args.indexOf('--scenario');
      const grpc = si >= 0 && GRPC_SCENARIOS.includes(args[si + 1]);
      if (grpc && !c.proxy) throw new ClusterError('E_USAGE', `scenario ${args[si + 1]} needs the proxy: start the cluster with up --version 5 --proxy`);
      const full = grpc
        ? args.includes('--endpoints') ? args : ['--endpoints', c.proxy.grpcAddr, ...args]
        : args.includes('--namesrv') ? args : ['--namesrv', c.namesrvAddr, ...args];
      const child = spawn(java, [...CLIENT_JVM, `-Duser.home=${path.join(c.dir, 'workloads', 'cli-home')}`, `-Dtidemark.rmq.dir=${c.dir}`, '-cp', grpc ? c.grpcCp : c.clientCp, grpc ? 'tidemark.workload.GrpcWorkload' : 'tidemark.workload.Workload', ...full], { stdio: 'inherit' });
      const fwd = (sig) => child.kill(sig);
      process.on('SIGINT', fwd);
      process.on('SIGTERM', fwd);
      const code = await new Promise((r) => child.on('exit', (c2, s) => r(c2 ?? (s ? 128 + (os.constants.signals[s] ?? 0) : 1))));
      process.exitCode = code;
      return;
    }
    case 'build': {
      const { opts } = parseCliArgs(rest, ['version']);
      const lines = !opts.version || opts.version === 'all' ? ['5', '4'] : [resolveVersion(opts.version).line];
      for (const l of lines) {
        const r = await ensureBuilt(l, { force: true });
        console.log(`built ${describeVersion(VERSIONS[l])}: ${buildPaths(l).out}${r.built ? '' : ' (up to date)'}`);
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      throw new ClusterError('E_USAGE', `unknown command "${cmd}"\n${USAGE}`);
  }
}

const isMain = (() => {
  try {
    return process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  cli(process.argv.slice(2)).catch((err) => {
    const msg = err instanceof ClusterError ? err.message : (err?.stack ?? String(err));
    process.stderr.write(`error: ${msg}\n`);
    process.exit(1);
  });
}

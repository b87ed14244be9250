import { z } from "zod";

/**
 * Server configuration, read from the environment once per process.
 *
 * TIDEMARK_CLUSTERS   name=host:port;host:port,other=host:port
 *                     One entry per RocketMQ cluster; several NameServer addresses per cluster
 *                     are separated by ';' (as in RocketMQ's own namesrvAddr).
 * TIDEMARK_PROXIES    name=host:port;host:port,...
 *                     Remoting addresses of a cluster's 5.x proxies (the name is one of
 *                     TIDEMARK_CLUSTERS). Proxies do not register with the NameServer; without
 *                     them, groups of gRPC clients (Simple / Push via the proxy) look offline.
 * DATABASE_URL        the console's own database (default file:./data/tidemark.db)
 * PORT, HOST          where the console listens (default 3000 on 127.0.0.1)
 */

export interface ClusterConfig {
  readonly name: string;
  readonly nameServers: readonly string[];
  /** Remoting addresses of the cluster's 5.x proxies (TIDEMARK_PROXIES); empty when none. */
  readonly proxies: readonly string[];
}

export interface ServerConfig {
  readonly clusters: readonly ClusterConfig[];
  readonly databaseUrl: string;
  readonly port: number;
  readonly host: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const CLUSTER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])$/;

/** Parses one NameServer address ("host:port"); throws ConfigError naming the variable. */
export function parseAddress(raw: string, where: string, what = "NameServer"): string {
  const address = raw.trim();
  const colon = address.lastIndexOf(":");
  const host = colon > 0 ? address.slice(0, colon) : "";
  const portText = colon > 0 ? address.slice(colon + 1) : "";
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!HOST.test(host) || !(port >= 1 && port <= 65535)) {
    throw new ConfigError(`${where}: "${raw}" is not a ${what} address; expected host:port, e.g. 127.0.0.1:9876, e.g. 127.0.0.1:9876`);
  }
  return `${host}:${port}`;
}

/** Parses TIDEMARK_CLUSTERS. An empty or missing value means no cluster is configured. */
export function parseClusters(raw: string | undefined): ClusterConfig[] {
  if (raw === undefined || raw.trim() === "") return [];
  const clusters: ClusterConfig[] = [];
  for (const entry of raw.split(",")) {
    if (entry.trim() === "") continue;
    const eq = entry.indexOf("=");
    if (eq < 0) {
      throw new ConfigError(`TIDEMARK_CLUSTERS: "${entry.trim()}" has no name; write name=host:port[;host:port]`);
    }
    const name = entry.slice(0, eq).trim();
    if (!CLUSTER_NAME.test(name)) {
      throw new ConfigError(`TIDEMARK_CLUSTERS: cluster name "${name}" may use only letters, digits, '_', '.', '-' (1-64 chars)`);
    }
    if (clusters.some((c) => c.name === name)) {
      throw new ConfigError(`TIDEMARK_CLUSTERS: cluster "${name}" is listed twice`);
    }
    const nameServers = entry
      .slice(eq + 1)
      .split(";")
      .filter((a) => a.trim() !== "")
      .map((a) => parseAddress(a, `TIDEMARK_CLUSTERS (cluster ${name})`));
    if (nameServers.length === 0) {
      throw new ConfigError(`TIDEMARK_CLUSTERS: cluster "${name}" has no NameServer address`);
    }
    clusters.push({ name, nameServers: [...new Set(nameServers)], proxies: [] });
  }
  return clusters;
}

/** Parses TIDEMARK_PROXIES onto the parsed clusters; every name must be a configured cluster. */
export function parseProxies(raw: string | undefined, clusters: readonly ClusterConfig[]): ClusterConfig[] {
  const proxies = new Map<string, string[]>();
  for (const entry of (raw ?? "").split(",")) {
    if (entry.trim() === "") continue;
    const eq = entry.indexOf("=");
    if (eq < 0) throw new ConfigError(`TIDEMARK_PROXIES: "${entry.trim()}" has no cluster name; write cluster=host:port[;host:port]`);
    const name = entry.slice(0, eq).trim();
    if (!clusters.some((c) => c.name === name)) {
      throw new ConfigError(`TIDEMARK_PROXIES: "${name}" is not a cluster of TIDEMARK_CLUSTERS (${clusters.map((c) => c.name).join(", ") || "none configured"})`);
    }
    if (proxies.has(name)) throw new ConfigError(`TIDEMARK_PROXIES: cluster "${name}" is listed twice`);
    const addresses = entry
      .slice(eq + 1)
      .split(";")
      .filter((a) => a.trim() !== "")
      .map((a) => parseAddress(a, `TIDEMARK_PROXIES (cluster ${name})`, "proxy"));
    if (addresses.length === 0) throw new ConfigError(`TIDEMARK_PROXIES: cluster "${name}" has no proxy address`);
    proxies.set(name, [...new Set(addresses)]);
  }
  return clusters.map((c) => ({ ...c, proxies: proxies.get(c.name) ?? [] }));
}

const envSchema = z.object({
  TIDEMARK_CLUSTERS: z.string().optional(),
  TIDEMARK_PROXIES: z.string().optional(),
  DATABASE_URL: z.string().min(1).default("file:./data/tidemark.db"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
});

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`);
  }
  return {
    clusters: parseProxies(parsed.data.TIDEMARK_PROXIES, parseClusters(parsed.data.TIDEMARK_CLUSTERS)),
    databaseUrl: parsed.data.DATABASE_URL,
    port: parsed.data.PORT,
    host: parsed.data.HOST,
  };
}

let cached: ServerConfig | undefined;

/** The process-wide configuration (parsed on first use). */
export function getConfig(): ServerConfig {
  cached ??= loadConfig();
  return cached;
}

import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Lag history: the only place that reads or writes LagSeries / LagSample / ClusterSample.
 * Rows are plain values (bigint offsets, epoch-ms bigint times); the services turn them into series.
 */

export interface TopicSampleInput {
  readonly topic: string;
  readonly retry: boolean;
  readonly lag: bigint | null;
  readonly committedSum: bigint | null;
  readonly brokerSum: bigint | null;
  readonly lagTimeMs: bigint | null;
  readonly lagTimeExact: boolean;
  readonly partial: boolean;
  readonly offsets: Uint8Array<ArrayBuffer> | null;
}

export interface GroupSampleInput {
  readonly group: string;
  /** When the group's progress was read. */
  readonly atMs: bigint;
  readonly onlineClients: number | null;
  readonly topics: readonly TopicSampleInput[];
}

export interface CycleInput {
  readonly cluster: string;
  readonly cycleMs: bigint;
  readonly durationMs: number;
  readonly groups: readonly GroupSampleInput[];
  /** Groups whose progress could not be read this cycle (no rows: a gap in their history). */
  readonly groupsFailed: number;
}

export interface SampleRow {
  readonly group: string;
  readonly topic: string;
  readonly retry: boolean;
  readonly atMs: bigint;
  readonly cycleMs: bigint;
  readonly bucketMs: number;
  readonly lag: bigint | null;
  readonly lagMax: bigint | null;
  readonly committedSum: bigint | null;
  readonly brokerSum: bigint | null;
  readonly lagTimeMs: bigint | null;
  readonly lagTimeExact: boolean;
  readonly onlineClients: number | null;
  readonly partial: boolean;
  readonly offsets: Uint8Array | null;
}

export interface ClusterSampleRow {
  readonly cycleMs: bigint;
  readonly bucketMs: number;
  readonly totalLag: bigint;
  readonly groups: number;
  readonly groupsLagging: number;
  readonly groupsFailed: number;
  readonly durationMs: number;
}

/** series key -> id, per client (series are never deleted while the process runs, except by pruning). */
const seriesIds = new WeakMap<PrismaClient, Map<string, number>>();
const seriesKey = (cluster: string, group: string, topic: string) => `${cluster}\u0000${group}\u0000${topic}`;

async function resolveSeries(client: PrismaClient, cluster: string, wanted: readonly { group: string; topic: string; retry: boolean }[]): Promise<Map<string, number>> {
  let cache = seriesIds.get(client);
  if (!cache) seriesIds.set(client, (cache = new Map()));
  const missing = wanted.filter((w) => !cache.has(seriesKey(cluster, w.group, w.topic)));
  if (missing.length > 0) {
    const groups = [...new Set(missing.map((m) => m.group))];
    const load = async () => {
      for (let i = 0; i < groups.length; i += 500) {
        const rows = await client.lagSeries.findMany({ where: { cluster, group: { in: groups.slice(i, i + 500) } }, select: { id: true, group: true, topic: true } });
        for (const r of rows) cache.set(seriesKey(cluster, r.group, r.topic), r.id);
      }
    };
    await load();
    const create = missing.filter((m) => !cache.has(seriesKey(cluster, m.group, m.topic)));
    if (create.length > 0) {
      const unique = new Map(create.map((c) => [seriesKey(cluster, c.group, c.topic), c]));
      await client.lagSeries.createMany({ data: [...unique.values()].map((c) => ({ cluster, group: c.group, topic: c.topic, retry: c.retry })) });
      await load();
    }
  }
  return cache;
}

/** Writes one cycle of one cluster: every group's topic rows and the cluster total, in one transaction. */
export async function saveCycle(client: PrismaClient, cycle: CycleInput): Promise<{ rows: number }> {
  const wanted = cycle.groups.flatMap((g) => g.topics.map((t) => ({ group: g.group, topic: t.topic, retry: t.retry })));
  const ids = await resolveSeries(client, cycle.cluster, wanted);
  const data = cycle.groups.flatMap((g) =>
    g.topics.map((t) => ({
      seriesId: ids.get(seriesKey(cycle.cluster, g.group, t.topic))!,
      atMs: g.atMs,
      cycleMs: cycle.cycleMs,
      lag: t.lag,
      committedSum: t.committedSum,
      brokerSum: t.brokerSum,
      lagTimeMs: t.lagTimeMs,
      lagTimeExact: t.lagTimeExact,
      onlineClients: g.onlineClients,
      partial: t.partial,
      offsets: t.offsets,
    })),
  );
  let totalLag = 0n;
  let lagging = 0;
  for (const g of cycle.groups) {
    let groupLag = 0n;
    for (const t of g.topics) if (!t.retry && t.lag !== null) groupLag += t.lag;
    totalLag += groupLag;
    if (groupLag > 0n) lagging++;
  }
  const BATCH = 2_000;
  await client.$transaction(async (tx) => {
    for (let i = 0; i < data.length; i += BATCH) await tx.lagSample.createMany({ data: data.slice(i, i + BATCH) });
    await tx.clusterSample.create({
      data: {
        cluster: cycle.cluster,
        cycleMs: cycle.cycleMs,
        totalLag,
        groups: cycle.groups.length,
        groupsLagging: lagging,
        groupsFailed: cycle.groupsFailed,
        durationMs: Math.round(cycle.durationMs),
      },
    });
  });
  return { rows: data.length + 1 };
}

const sampleSelect = {
  atMs: true,
  cycleMs: true,
  bucketMs: true,
  lag: true,
  lagMax: true,
  committedSum: true,
  brokerSum: true,
  lagTimeMs: true,
  lagTimeExact: true,
  onlineClients: true,
  partial: true,
  offsets: true,
} as const;

/** Every sample (raw and downsampled) of a group's series with fromMs <= atMs <= toMs, by time. */
export async function getGroupSamples(client: PrismaClient, cluster: string, group: string, fromMs: bigint, toMs: bigint): Promise<SampleRow[]> {
  const series = await client.lagSeries.findMany({ where: { cluster, group }, select: { id: true, topic: true, retry: true } });
  if (series.length === 0) return [];
  const byId = new Map(series.map((s) => [s.id, s]));
  const rows = await client.lagSample.findMany({
    where: { seriesId: { in: series.map((s) => s.id) }, atMs: { gte: fromMs, lte: toMs } },
    select: { ...sampleSelect, seriesId: true },
    orderBy: [{ atMs: "asc" }, { seriesId: "asc" }],
  });
  return rows.map((r) => {
    const s = byId.get(r.seriesId)!;
    return { ...r, group, topic: s.topic, retry: s.retry, offsets: r.offsets };
  });
}

/** Business-topic samples of several groups (no offsets), for sparklines. */
export async function getGroupsLag(
  client: PrismaClient,
  cluster: string,
  groups: readonly string[],
  fromMs: bigint,
  toMs: bigint,
): Promise<{ group: string; atMs: bigint; lag: bigint | null; partial: boolean }[]> {
  if (groups.length === 0) return [];
  const series = await client.lagSeries.findMany({ where: { cluster, group: { in: [...groups] }, retry: false }, select: { id: true, group: true } });
  if (series.length === 0) return [];
  const groupOf = new Map(series.map((s) => [s.id, s.group]));
  const rows = await client.lagSample.findMany({
    where: { seriesId: { in: series.map((s) => s.id) }, atMs: { gte: fromMs, lte: toMs } },
    select: { seriesId: true, atMs: true, lag: true, lagMax: true, partial: true },
    orderBy: { atMs: "asc" },
  });
  return rows.map((r) => ({ group: groupOf.get(r.seriesId)!, atMs: r.atMs, lag: r.lag, partial: r.partial }));
}

export async function getClusterSamples(client: PrismaClient, cluster: string, fromMs: bigint, toMs: bigint): Promise<ClusterSampleRow[]> {
  return client.clusterSample.findMany({
    where: { cluster, cycleMs: { gte: fromMs, lte: toMs } },
    select: { cycleMs: true, bucketMs: true, totalLag: true, groups: true, groupsLagging: true, groupsFailed: true, durationMs: true },
    orderBy: { cycleMs: "asc" },
  });
}

export interface TopGroup {
  group: string;
  atMs: bigint;
  lag: bigint | null;
  lagTimeMs: bigint | null;
  /** Every topic's lag time is exact (false: an upper-bound estimate somewhere). */
  lagTimeExact: boolean;
  onlineClients: number | null;
}

/** The groups of the cluster's last raw cycle, most lagging first (business-topic lag summed per group). */
export async function getLastCycleTopGroups(
  client: PrismaClient,
  cluster: string,
  limit: number,
): Promise<{ cycleMs: bigint; groups: TopGroup[] } | null> {
  const last = await client.clusterSample.findFirst({ where: { cluster, bucketMs: 0 }, orderBy: { cycleMs: "desc" }, select: { cycleMs: true } });
  if (!last) return null;
  const rows = await client.lagSample.findMany({
    where: { bucketMs: 0, atMs: { gte: last.cycleMs }, cycleMs: last.cycleMs, series: { cluster, retry: false } },
    select: { atMs: true, lag: true, lagTimeMs: true, lagTimeExact: true, onlineClients: true, series: { select: { group: true } } },
  });
  const byGroup = new Map<string, TopGroup>();
  for (const r of rows) {
    const exact = r.lagTimeExact || r.lag === 0n;
    const g = byGroup.get(r.series.group);
    if (!g) byGroup.set(r.series.group, { group: r.series.group, atMs: r.atMs, lag: r.lag, lagTimeMs: r.lagTimeMs, lagTimeExact: exact, onlineClients: r.onlineClients });
    else {
      g.lag = g.lag === null || r.lag === null ? (g.lag ?? r.lag) : g.lag + r.lag;
      if (r.lagTimeMs !== null && (g.lagTimeMs === null || r.lagTimeMs > g.lagTimeMs)) g.lagTimeMs = r.lagTimeMs;
      g.lagTimeExact &&= exact;
    }
  }
  const groups = [...byGroup.values()]
    .filter((g) => g.lag !== null && g.lag > 0n)
    .sort((a, b) => (a.lag! < b.lag! ? 1 : a.lag! > b.lag! ? -1 : a.group.localeCompare(b.group)))
    .slice(0, limit);
  return { cycleMs: last.cycleMs, groups };
}

/**
 * Replaces raw samples older than `beforeMs` by one row per series and bucket: the bucket's last sample
 * (its offsets, for rates across buckets) with the bucket's max lag in `lagMax`. Cluster samples alike
 * (last cycle's totals). `beforeMs` is rounded down to a bucket boundary so only whole buckets are folded.
 */
export async function downsampleBefore(client: PrismaClient, beforeMs: bigint, bucketMs: number): Promise<{ folded: number; written: number }> {
  const b = BigInt(bucketMs);
  const cutoff = (beforeMs / b) * b;
  return client.$transaction(async (tx) => {
    const written = await tx.$executeRawUnsafe(
      `INSERT INTO "LagSample" ("seriesId", "atMs", "cycleMs", "bucketMs", "lag", "lagMax", "committedSum", "brokerSum", "lagTimeMs", "lagTimeExact", "onlineClients", "partial", "offsets")
       SELECT "seriesId", "atMs", "cycleMs", ?, "lag", "bucketMax", "committedSum", "brokerSum", "lagTimeMs", "lagTimeExact", "onlineClients", "partial", "offsets" FROM (
         SELECT *, row_number() OVER w AS "rn", max(coalesce("lagMax", "lag")) OVER (PARTITION BY "seriesId", "atMs" / ?) AS "bucketMax"
         FROM "LagSample" WHERE "bucketMs" = 0 AND "atMs" < ?
         WINDOW w AS (PARTITION BY "seriesId", "atMs" / ? ORDER BY "atMs" DESC)
       ) WHERE "rn" = 1`,
      bucketMs,
      b,
      cutoff,
      b,
    );
    const folded = await tx.$executeRawUnsafe(`DELETE FROM "LagSample" WHERE "bucketMs" = 0 AND "atMs" < ?`, cutoff);
    await tx.$executeRawUnsafe(
      `INSERT INTO "ClusterSample" ("cluster", "cycleMs", "bucketMs", "totalLag", "groups", "groupsLagging", "groupsFailed", "durationMs")
       SELECT "cluster", "cycleMs", ?, "totalLag", "groups", "groupsLagging", "groupsFailed", "durationMs" FROM (
         SELECT *, row_number() OVER (PARTITION BY "cluster", "cycleMs" / ? ORDER BY "cycleMs" DESC) AS "rn"
         FROM "ClusterSample" WHERE "bucketMs" = 0 AND "cycleMs" < ?
       ) WHERE "rn" = 1`,
      bucketMs,
      b,
      cutoff,
    );
    await tx.$executeRawUnsafe(`DELETE FROM "ClusterSample" WHERE "bucketMs" = 0 AND "cycleMs" < ?`, cutoff);
    return { folded, written };
  });
}

/** Deletes every sample older than `beforeMs`, and series left without samples. */
export async function pruneBefore(client: PrismaClient, beforeMs: bigint): Promise<{ samples: number; series: number }> {
  const samples = await client.lagSample.deleteMany({ where: { atMs: { lt: beforeMs } } });
  await client.clusterSample.deleteMany({ where: { cycleMs: { lt: beforeMs } } });
  const series = await client.$executeRawUnsafe(`DELETE FROM "LagSeries" WHERE NOT EXISTS (SELECT 1 FROM "LagSample" s WHERE s."seriesId" = "LagSeries"."id")`);
  if (series > 0) seriesIds.delete(client);
  return { samples: samples.count, series };
}

/** Database file size (SQLite pages in use and free), for the sampler's figures. */
export async function databaseSize(client: PrismaClient): Promise<{ bytes: number; freeBytes: number }> {
  const [pc] = await client.$queryRawUnsafe<{ page_count: bigint | number }[]>("PRAGMA page_count");
  const [ps] = await client.$queryRawUnsafe<{ page_size: bigint | number }[]>("PRAGMA page_size");
  const [fl] = await client.$queryRawUnsafe<{ freelist_count: bigint | number }[]>("PRAGMA freelist_count");
  const size = Number(ps?.page_size ?? 0);
  return { bytes: Number(pc?.page_count ?? 0) * size, freeBytes: Number(fl?.freelist_count ?? 0) * size };
}

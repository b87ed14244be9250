import type { GroupObservation } from "@/lib/domain/alerts";
import { isSystemGroup } from "@/lib/domain/names";
import { evaluateGroupStatus } from "@/lib/domain/status";
import { saveCycle, downsampleBefore, pruneBefore, type GroupSampleInput } from "@/lib/data/history";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { mapSettled } from "@/lib/rocketmq/concurrency";
import type { ClusterEntry } from "@/lib/services/clusterRegistry";
import { getCatalog, refreshGroup, sweepBySampler, type GroupSnapshot } from "@/lib/services/groupCache";
import { etaOfSamples, etaWindowMs } from "@/lib/services/historySeries";
import { readStoreTimes } from "@/lib/services/storeTimes";
import { groupSampleRows, readingLags } from "./rows";

export interface RetentionOptions {
  /** Raw samples are kept this long, then folded into buckets. */
  readonly rawMs: number;
  readonly bucketMs: number;
  /** Everything older is deleted. */
  readonly keepMs: number;
}

export interface SamplerOptions {
  readonly db: PrismaClient;
  readonly clusters: () => readonly ClusterEntry[];
  readonly intervalMs: number;
  /** Groups read at once per cluster. */
  readonly fanOut: number;
  readonly retention: RetentionOptions;
  /** Lagging queues per group whose exact store time is read each cycle (cached per offset). */
  readonly storeTimeReads?: number;
  /** How often downsampling and pruning run (default 10 min). */
  readonly maintenanceEveryMs?: number;
  readonly includeSystemGroups?: boolean;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
  /**
   * Called after each cluster's samples are saved with what the cycle saw of every group it could read
   * (alert evaluation). Its time is reported; its failure is logged and never stops the sampler.
   */
  readonly observe?: (cluster: string, observations: readonly GroupObservation[], cycleMs: number) => Promise<void>;
}

export interface ClusterCycleReport {
  readonly cluster: string;
  readonly groups: number;
  readonly failed: number;
  readonly rows: number;
  readonly error: string | null;
  /** Alert evaluation for this cluster: building the observations (status, ETA) plus `observe`; null without an observer. */
  readonly observeMs: number | null;
}

export interface CycleReport {
  readonly cycleMs: number;
  readonly durationMs: number;
  /** Process CPU time (user + system) spent while the cycle ran. */
  readonly cpuMs: number;
  readonly rows: number;
  readonly clusters: readonly ClusterCycleReport[];
}

export interface SamplerStats {
  running: boolean;
  started: boolean;
  intervalMs: number;
  cycles: number;
  skippedCycles: number;
  lastCycleAt: number | null;
  lastCycleMs: number | null;
  lastError: string | null;
  lastReport: CycleReport | null;
  lastMaintenanceAt: number | null;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Reads the consume progress of every group of every cluster each interval and stores it (lib/data).
 * One cycle at a time: a tick that finds the previous cycle still running is skipped and counted, never
 * stacked. Downsampling and pruning run after a cycle, at most every `maintenanceEveryMs`.
 */
export class Sampler {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<CycleReport> | undefined;
  private readonly now: () => number;
  private readonly stats: SamplerStats;

  constructor(private readonly options: SamplerOptions) {
    this.now = options.now ?? Date.now;
    this.stats = {
      running: false,
      started: false,
      intervalMs: options.intervalMs,
      cycles: 0,
      skippedCycles: 0,
      lastCycleAt: null,
      lastCycleMs: null,
      lastError: null,
      lastReport: null,
      lastMaintenanceAt: null,
    };
  }

  state(): Readonly<SamplerStats> {
    return { ...this.stats };
  }

  start(): void {
    if (this.timer) return;
    this.stats.started = true;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref?.();
    this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stats.started = false;
    await this.current?.catch(() => undefined);
  }

  /** Timer entry: runs a cycle unless one is still running (then the tick is skipped and counted). */
  tick(): void {
    if (this.current) {
      this.stats.skippedCycles++;
      this.options.log?.(`[sampler] cycle skipped: the previous one is still running (${this.stats.skippedCycles} skipped so far)`);
      return;
    }
    this.runCycle().catch(() => undefined);
  }

  /** Runs one cycle now (or joins the running one). */
  runCycle(): Promise<CycleReport> {
    if (this.current) return this.current;
    const run = this.cycle().finally(() => {
      this.current = undefined;
      this.stats.running = false;
    });
    this.current = run;
    this.stats.running = true;
    return run;
  }

  private async cycle(): Promise<CycleReport> {
    const cycleMs = this.now();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const clusters: ClusterCycleReport[] = [];
    for (const cluster of this.options.clusters()) {
      sweepBySampler(cluster, { running: true });
      const report = await this.sampleCluster(cluster, cycleMs);
      clusters.push(report);
      sweepBySampler(cluster, { running: false, lastCompletedAt: this.now() });
    }
    const durationMs = performance.now() - t0;
    await this.maintain();
    const cpu = process.cpuUsage(cpu0);
    const report: CycleReport = {
      cycleMs,
      durationMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rows: clusters.reduce((s, c) => s + c.rows, 0),
      clusters,
    };
    this.stats.cycles++;
    this.stats.lastCycleAt = cycleMs;
    this.stats.lastCycleMs = durationMs;
    this.stats.lastReport = report;
    const errors = clusters.filter((c) => c.error !== null);
    this.stats.lastError = errors.length > 0 ? errors.map((c) => `${c.cluster}: ${c.error}`).join("; ") : null;
    return report;
  }

  private async sampleCluster(cluster: ClusterEntry, cycleMs: number): Promise<ClusterCycleReport> {
    const t0 = performance.now();
    let names: string[];
    try {
      const { list } = await getCatalog(cluster);
      names = list.groups.map((g) => g.groupName).filter((g) => this.options.includeSystemGroups || !isSystemGroup(g));
    } catch (err) {
      return { cluster: cluster.name, groups: 0, failed: 0, rows: 0, error: `the group list could not be read: ${messageOf(err)}`, observeMs: null };
    }
    const reads = this.options.storeTimeReads ?? 4;
    const observations: GroupObservation[] = [];
    let buildMs = 0;
    const results = await mapSettled(names, this.options.fanOut, async (group): Promise<GroupSampleInput | undefined> => {
      const snapshot = await refreshGroup(cluster, group);
      if (!snapshot.progress) return undefined;
      const broadcasting = snapshot.clients?.messageModel === "BROADCASTING";
      const storeTimes =
        reads > 0 && !broadcasting ? await readStoreTimes(cluster, readingLags(snapshot.progress, snapshot.clients), snapshot.progress.brokers, reads).catch(() => undefined) : undefined;
      // an injected clock (tests on a simulated cluster) dates the read; otherwise the read's own completion time
      const readAtMs = this.options.now ? this.now() : snapshot.fetchedAt;
      const input = groupSampleRows({ group, readAtMs, progress: snapshot.progress, clients: snapshot.clients, storeTimes });
      if (this.options.observe && input.topics.length > 0) {
        const b0 = performance.now();
        observations.push(this.observation(cluster.name, snapshot, input, readAtMs));
        buildMs += performance.now() - b0;
      }
      return input;
    });
    const groups: GroupSampleInput[] = [];
    let failed = 0;
    for (const r of results) {
      if (r.status === "fulfilled" && r.value) {
        if (r.value.topics.length > 0) groups.push(r.value);
      } else failed++;
    }
    let saved: Omit<ClusterCycleReport, "observeMs">;
    try {
      const { rows } = await saveCycle(this.options.db, { cluster: cluster.name, cycleMs: BigInt(cycleMs), durationMs: performance.now() - t0, groups, groupsFailed: failed });
      saved = { cluster: cluster.name, groups: names.length, failed, rows, error: failed > 0 ? `${failed} of ${names.length} groups could not be read` : null };
    } catch (err) {
      saved = { cluster: cluster.name, groups: names.length, failed, rows: 0, error: `samples could not be saved: ${messageOf(err)}` };
    }
    if (!this.options.observe) return { ...saved, observeMs: null };
    const o0 = performance.now();
    try {
      await this.options.observe(cluster.name, observations, cycleMs);
    } catch (err) {
      this.options.log?.(`[sampler] alert evaluation for ${cluster.name} failed: ${messageOf(err)}`);
    }
    return { ...saved, observeMs: buildMs + performance.now() - o0 };
  }

  /** What this cycle saw of a group: status over the snapshot's window, ETA, per-topic lag, clients. */
  private observation(cluster: string, snapshot: GroupSnapshot, input: GroupSampleInput, readAtMs: number): GroupObservation {
    const status = evaluateGroupStatus(snapshot.samples);
    const windowMs = etaWindowMs(this.options.intervalMs);
    const eta = etaOfSamples(
      snapshot.samples.filter((x) => Number(x.atMs) >= snapshot.fetchedAt - windowMs - this.options.intervalMs),
      this.options.intervalMs,
      windowMs,
    );
    return {
      cluster,
      group: input.group,
      atMs: readAtMs,
      clientsOnline: input.onlineClients,
      status: { code: status.status, reason: status.reason },
      eta: { state: eta.state, seconds: eta.etaMs === null ? null : eta.etaMs / 1000 },
      topics: input.topics
        .filter((t) => !t.retry)
        .map((t) => ({ topic: t.topic, lag: t.partial ? null : t.lag, lagSeconds: t.lagTimeMs === null ? null : Number(t.lagTimeMs) / 1000 })),
    };
  }

  /** Folds raw samples older than the raw retention into buckets and deletes what is past retention. */
  async maintain(force = false): Promise<{ folded: number; written: number; pruned: number } | undefined> {
    const now = this.now();
    const every = this.options.maintenanceEveryMs ?? 10 * 60_000;
    if (!force && this.stats.lastMaintenanceAt !== null && now - this.stats.lastMaintenanceAt < every) return undefined;
    this.stats.lastMaintenanceAt = now;
    const { rawMs, bucketMs, keepMs } = this.options.retention;
    try {
      const d = await downsampleBefore(this.options.db, BigInt(now - rawMs), bucketMs);
      const p = await pruneBefore(this.options.db, BigInt(now - keepMs));
      return { folded: d.folded, written: d.written, pruned: p.samples };
    } catch (err) {
      this.options.log?.(`[sampler] downsampling/pruning failed: ${messageOf(err)}`);
      return undefined;
    }
  }
}

import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Rewinds and their queues: the only place that reads or writes Rewind / RewindQueue.
 * JSON columns (topics, params, preview, brokers) are stored as text; bigints inside them as strings.
 */

export type RewindState = "previewed" | "applying" | "verifying" | "done" | "expired";
export type RewindOutcomeValue = "applied" | "partial" | "failed" | "overwritten";
export type QueueOutcomeValue = "planned" | "pending" | "applied" | "overwritten" | "failed" | "unchanged" | "unconfirmed";

export interface RewindQueueRecord {
  readonly id: number;
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
  readonly previewed: bigint | null;
  readonly before: bigint | null;
  readonly target: bigint;
  readonly minOffset: bigint;
  readonly maxOffset: bigint;
  readonly after: bigint | null;
  readonly method: string | null;
  readonly outcome: QueueOutcomeValue;
  readonly detail: string;
}

export interface RewindRecord {
  readonly id: number;
  readonly createdAtMs: bigint;
  readonly actor: string;
  readonly cluster: string;
  readonly group: string;
  readonly topics: string[];
  readonly mode: string;
  readonly params: string;
  readonly state: RewindState;
  readonly outcome: RewindOutcomeValue | null;
  readonly preview: string;
  readonly brokers: string;
  readonly appliedAtMs: bigint | null;
  readonly appliedBy: string | null;
  readonly reason: string | null;
  readonly finishedAtMs: bigint | null;
  readonly undoOfId: number | null;
}

export interface NewRewind {
  readonly createdAtMs: bigint;
  readonly actor: string;
  readonly cluster: string;
  readonly group: string;
  readonly topics: readonly string[];
  readonly mode: string;
  readonly params: string;
  readonly preview: string;
  readonly undoOfId?: number | null;
  readonly queues: ReadonlyArray<{
    topic: string;
    brokerName: string;
    queueId: number;
    previewed: bigint | null;
    target: bigint;
    minOffset: bigint;
    maxOffset: bigint;
    outcome: QueueOutcomeValue;
  }>;
}

type Row = Awaited<ReturnType<PrismaClient["rewind"]["findFirstOrThrow"]>>;

function toRecord(r: Row): RewindRecord {
  return {
    id: r.id,
    createdAtMs: r.createdAtMs,
    actor: r.actor,
    cluster: r.cluster,
    group: r.group,
    topics: JSON.parse(r.topics) as string[],
    mode: r.mode,
    params: r.params,
    state: r.state as RewindState,
    outcome: (r.outcome as RewindOutcomeValue | null) ?? null,
    preview: r.preview,
    brokers: r.brokers,
    appliedAtMs: r.appliedAtMs,
    appliedBy: r.appliedBy,
    reason: r.reason,
    finishedAtMs: r.finishedAtMs,
    undoOfId: r.undoOfId,
  };
}

export async function createRewind(db: PrismaClient, input: NewRewind): Promise<number> {
  const row = await db.rewind.create({
    data: {
      createdAtMs: input.createdAtMs,
      actor: input.actor,
      cluster: input.cluster,
      group: input.group,
      topics: JSON.stringify(input.topics),
      mode: input.mode,
      params: input.params,
      state: "previewed",
      preview: input.preview,
      undoOfId: input.undoOfId ?? null,
      queues: { create: input.queues.map((q) => ({ ...q })) },
    },
    select: { id: true },
  });
  return row.id;
}

export async function getRewind(db: PrismaClient, id: number): Promise<{ rewind: RewindRecord; queues: RewindQueueRecord[] } | null> {
  const row = await db.rewind.findUnique({ where: { id }, include: { queues: { orderBy: [{ topic: "asc" }, { brokerName: "asc" }, { queueId: "asc" }] } } });
  if (!row) return null;
  const { queues, ...rest } = row;
  return { rewind: toRecord(rest), queues: queues.map((q) => ({ ...q, outcome: q.outcome as QueueOutcomeValue })) };
}

/**
 * Moves a rewind from `from` to a new state atomically (compare-and-set): false when another request
 * got there first, so one preview is applied at most once.
 */
export async function transitionRewind(
  db: PrismaClient,
  id: number,
  from: RewindState,
  data: { state: RewindState; appliedAtMs?: bigint; appliedBy?: string; reason?: string; outcome?: RewindOutcomeValue | null; finishedAtMs?: bigint; brokers?: string },
): Promise<boolean> {
  const r = await db.rewind.updateMany({ where: { id, state: from }, data });
  return r.count === 1;
}

export async function updateRewind(db: PrismaClient, id: number, data: { brokers?: string; state?: RewindState; outcome?: RewindOutcomeValue | null; finishedAtMs?: bigint }): Promise<void> {
  await db.rewind.update({ where: { id }, data });
}

export interface QueueUpdate {
  readonly id: number;
  readonly before?: bigint | null;
  readonly target?: bigint;
  readonly minOffset?: bigint;
  readonly maxOffset?: bigint;
  readonly after?: bigint | null;
  readonly method?: string | null;
  readonly outcome?: QueueOutcomeValue;
  readonly detail?: string;
}

export async function updateRewindQueues(db: PrismaClient, updates: readonly QueueUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await db.$transaction(updates.map(({ id, ...data }) => db.rewindQueue.update({ where: { id }, data })));
}

export interface RewindQuery {
  readonly cluster?: string | undefined;
  readonly group?: string | undefined;
  readonly actor?: string | undefined;
  readonly outcome?: RewindOutcomeValue | undefined;
  /** Only applied rewinds (the audit list); previews that were never applied are left out. */
  readonly appliedOnly?: boolean;
  readonly fromMs?: bigint | undefined;
  readonly toMs?: bigint | undefined;
  readonly page?: number;
  readonly pageSize?: number;
}

export async function listRewinds(db: PrismaClient, q: RewindQuery): Promise<{ rewinds: RewindRecord[]; total: number; page: number; pageSize: number }> {
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(500, Math.max(1, q.pageSize ?? 50));
  const at = q.fromMs !== undefined || q.toMs !== undefined ? { ...(q.fromMs !== undefined ? { gte: q.fromMs } : {}), ...(q.toMs !== undefined ? { lte: q.toMs } : {}) } : undefined;
  const where = {
    ...(q.cluster ? { cluster: q.cluster } : {}),
    ...(q.group ? { group: q.group } : {}),
    ...(q.actor ? { OR: [{ actor: q.actor }, { appliedBy: q.actor }] } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.appliedOnly ? { appliedAtMs: at ?? { not: null } } : at ? { createdAtMs: at } : {}),
  };
  const [rows, total] = await Promise.all([
    db.rewind.findMany({ where, orderBy: q.appliedOnly ? [{ appliedAtMs: "desc" }, { id: "desc" }] : [{ createdAtMs: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
    db.rewind.count({ where }),
  ]);
  return { rewinds: rows.map(toRecord), total, page, pageSize };
}

/** Previews older than `beforeMs` that were never applied become "expired" (kept for the record). */
export async function expirePreviews(db: PrismaClient, beforeMs: bigint): Promise<number> {
  const r = await db.rewind.updateMany({ where: { state: "previewed", createdAtMs: { lt: beforeMs } }, data: { state: "expired" } });
  return r.count;
}

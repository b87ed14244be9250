import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The audit log: the only place that reads or writes AuditEntry. Entries are appended, never changed.
 * `details` is stored as JSON text; bigints in it are written as strings (convention 10).
 */

/** "auth-off": TIDEMARK_AUTH=off, every caller acts as the local admin. */
export type ActorKind = "session" | "token" | "system" | "auth-off";
export type AuditOutcome = "ok" | "denied" | "error";

export interface AuditInput {
  /** A username, or "anonymous" (e.g. a failed login is recorded under "anonymous" with the name tried in details). */
  readonly actor: string;
  readonly actorKind: ActorKind;
  /** Dotted verb, e.g. "auth.login", "user.create", "group.rewind". */
  readonly action: string;
  /** What was acted on, e.g. "user:alice", "group:prod/orders". */
  readonly target?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly ip?: string | null;
  readonly outcome: AuditOutcome;
  /** Defaults to now. */
  readonly atMs?: bigint;
}

export interface AuditRecord {
  readonly id: number;
  readonly atMs: bigint;
  readonly actor: string;
  readonly actorKind: ActorKind;
  readonly action: string;
  readonly target: string;
  /** JSON text of an object (see parseAuditDetails). */
  readonly details: string;
  readonly ip: string | null;
  readonly outcome: AuditOutcome;
}

export interface AuditQuery {
  /** 1-based page (default 1). */
  readonly page?: number;
  /** Entries per page, 1-500 (default 50). */
  readonly pageSize?: number;
  readonly actor?: string;
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  readonly fromMs?: bigint;
  readonly toMs?: bigint;
}

export interface AuditPage {
  /** Newest first. */
  readonly entries: AuditRecord[];
  /** Entries matching the filters, on all pages. */
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

const MAX_DETAILS = 8_000;

/** JSON text of the details, bigints as strings; cut to a marker object when too large. */
export function serializeDetails(details: Readonly<Record<string, unknown>> | undefined): string {
  if (details === undefined) return "{}";
  const text = JSON.stringify(details, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  if (text.length <= MAX_DETAILS) return text;
  return JSON.stringify({ truncated: true, preview: text.slice(0, 1_000) });
}

/** The details of an entry as an object ({ unparsed } when the text is not a JSON object). */
export function parseAuditDetails(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { unparsed: text };
  }
}

const ACTOR_KINDS: readonly string[] = ["session", "token", "system", "auth-off"];
const OUTCOMES: readonly string[] = ["ok", "denied", "error"];

export async function writeAudit(db: PrismaClient, entry: AuditInput): Promise<AuditRecord> {
  if (!ACTOR_KINDS.includes(entry.actorKind)) throw new Error(`audit: unknown actorKind ${entry.actorKind}`);
  if (!OUTCOMES.includes(entry.outcome)) throw new Error(`audit: unknown outcome ${entry.outcome}`);
  const row = await db.auditEntry.create({
    data: {
      atMs: entry.atMs ?? BigInt(Date.now()),
      actor: entry.actor.slice(0, 128),
      actorKind: entry.actorKind,
      action: entry.action.slice(0, 128),
      target: (entry.target ?? "").slice(0, 512),
      details: serializeDetails(entry.details),
      ip: entry.ip ? entry.ip.slice(0, 64) : null,
      outcome: entry.outcome,
    },
  });
  return toRecord(row);
}

function toRecord(r: { id: number; atMs: bigint; actor: string; actorKind: string; action: string; target: string; details: string; ip: string | null; outcome: string }): AuditRecord {
  return { ...r, actorKind: r.actorKind as ActorKind, outcome: r.outcome as AuditOutcome };
}

/** One page of the audit log, newest first, with the number of matching entries. */
export async function listAudit(db: PrismaClient, query: AuditQuery = {}): Promise<AuditPage> {
  const pageSize = Math.min(500, Math.max(1, Math.floor(query.pageSize ?? 50)));
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const where = {
    ...(query.actor === undefined ? {} : { actor: query.actor }),
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.outcome === undefined ? {} : { outcome: query.outcome }),
    ...(query.fromMs === undefined && query.toMs === undefined
      ? {}
      : { atMs: { ...(query.fromMs === undefined ? {} : { gte: query.fromMs }), ...(query.toMs === undefined ? {} : { lte: query.toMs }) } }),
  };
  const [rows, total] = await db.$transaction([
    db.auditEntry.findMany({ where, orderBy: [{ atMs: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
    db.auditEntry.count({ where }),
  ]);
  return { entries: rows.map(toRecord), total, page, pageSize };
}

/** Deletes entries older than `beforeMs` (retention). */
export async function pruneAuditBefore(db: PrismaClient, beforeMs: bigint): Promise<number> {
  const res = await db.auditEntry.deleteMany({ where: { atMs: { lt: beforeMs } } });
  return res.count;
}

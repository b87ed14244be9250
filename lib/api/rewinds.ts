/** Rewinds in the browser: queryOptions factories (one rewind, the audit list) and the calls that change offsets. */
import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { rewindDriftSchema, rewindListSchema, rewindSchema, type RewindApplyBody, type RewindDto, type RoleName } from "@/lib/schemas";
import { ApiRequestError, fetchJson, sendJson } from "./fetchJson";
import { ROLE_ORDER } from "./roles";

const enc = encodeURIComponent;

/** Who may preview, apply and undo (the routes say operator; a higher role includes it). */
export const REWIND_ROLE: RoleName = "operator";

export function canRewind(role: RoleName | null | undefined): boolean {
  return role !== null && role !== undefined && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(REWIND_ROLE);
}

/** A rewind is still moving (the detail page polls every second until it is not). */
export function inProgress(r: Pick<RewindDto, "state">): boolean {
  return r.state === "applying" || r.state === "verifying";
}

export type RewindListParams = Partial<Record<"cluster" | "group" | "actor" | "outcome" | "page" | "pageSize", string>>;

export const rewindQueries = {
  all: () => ["rewinds"] as const,
  detail: (id: number) =>
    queryOptions({
      queryKey: [...rewindQueries.all(), "detail", id],
      queryFn: () => fetchJson(`/api/rewinds/${id}`, rewindSchema),
    }),
  list: (params: RewindListParams) =>
    queryOptions({
      queryKey: [...rewindQueries.all(), "list", params],
      queryFn: () => {
        const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
        return fetchJson(`/api/rewinds?${qs.toString()}`, rewindListSchema);
      },
    }),
};

/** The body of POST .../rewinds/preview, as the route's zod schema reads it. */
export interface RewindPreviewRequest {
  mode:
    | { kind: "timestamp"; at: string }
    | { kind: "timestamp"; agoMinutes: number }
    | { kind: "earliest" }
    | { kind: "latest" }
    | { kind: "offsets"; offsets: Array<{ topic: string; brokerName: string; queueId: number; offset: string }> }
    | { kind: "shift"; by: string };
  scope: { topics: string[]; queues?: Array<{ topic: string; brokerName: string; queueId: number }> };
}

export function previewRewind(cluster: string, group: string, body: RewindPreviewRequest) {
  return sendJson(`/api/clusters/${enc(cluster)}/groups/${enc(group)}/rewinds/preview`, rewindSchema, "POST", body);
}

export function undoRewind(id: number) {
  return sendJson(`/api/rewinds/${id}/undo`, rewindSchema, "POST");
}

export type DriftEntry = z.infer<typeof rewindDriftSchema>["drift"][number];

/** 409 from apply because the committed offsets moved since the preview: the queues, to show before "Apply anyway". */
export class RewindDriftError extends ApiRequestError {
  constructor(
    message: string,
    readonly drift: DriftEntry[],
  ) {
    super(409, "conflict", message);
  }
}

/** POST .../rewinds/{id}/apply. A 409 carrying `error.details.drift` becomes a RewindDriftError. */
export async function applyRewind(cluster: string, group: string, id: number, body: RewindApplyBody): Promise<RewindDto> {
  try {
    return await sendJson(`/api/clusters/${enc(cluster)}/groups/${enc(group)}/rewinds/${id}/apply`, rewindSchema, "POST", body);
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 409) {
      const drift = rewindDriftSchema.safeParse(err.details);
      if (drift.success && drift.data.drift.length > 0) throw new RewindDriftError(err.message, drift.data.drift);
    }
    throw err;
  }
}

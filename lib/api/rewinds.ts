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

const errorBody = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional(), details: z.unknown().optional() }) });

/**
 * POST .../rewinds/{id}/apply. Like sendJson, except that a 409 carrying `error.details.drift` becomes a
 * RewindDriftError (fetchJson keeps only an error's code and message).
 */
export async function applyRewind(cluster: string, group: string, id: number, body: RewindApplyBody): Promise<RewindDto> {
  const url = `/api/clusters/${enc(cluster)}/groups/${enc(group)}/rewinds/${id}/apply`;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", body: JSON.stringify(body), headers: { Accept: "application/json", "Content-Type": "application/json" } });
  } catch (err) {
    throw new ApiRequestError(0, "network", `The console server did not answer (${err instanceof Error ? err.message : String(err)})`);
  }
  const raw: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = errorBody.safeParse(raw);
    const err = parsed.success ? parsed.data.error : undefined;
    const message = err?.message ?? `Request failed with status ${res.status}`;
    const drift = res.status === 409 ? rewindDriftSchema.safeParse(err?.details) : undefined;
    if (drift?.success && drift.data.drift.length > 0) throw new RewindDriftError(message, drift.data.drift);
    throw new ApiRequestError(res.status, err?.code ?? "error", message);
  }
  const parsed = rewindSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new ApiRequestError(res.status, "bad_response", `The console answered with data this page does not understand (${where}${issue?.message ?? "invalid"})`);
  }
  return parsed.data;
}

/** Alerts, alert rules and notification channels in the browser: queryOptions factories and the calls that change them. */
import { queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import {
  alertListSchema,
  alertRuleListSchema,
  alertRuleSchema,
  alertSchema,
  channelListSchema,
  channelSchema,
  deliverySchema,
  type AlertRuleInput,
  type ChannelInput,
  ChannelUpdateInput,
  type RoleName,
} from "@/lib/schemas";
import { sendJson, fetchJson } from "./fetchJson";
import { ROLE_ORDER } from "./roles";

/** Acknowledging and silencing need operator; rules and channels need admin (a higher role includes the lower). */
export function hasRole(role: RoleName | null | undefined, needed: RoleName): boolean {
  return role !== null && role !== undefined && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}
export const canTriage = (role: RoleName | null | undefined) => hasRole(role, "operator");
export const canManageAlerting = (role: RoleName | null | undefined) => hasRole(role, "admin");

export type AlertPhaseFilter = "open" | "pending" | "firing" | "resolved" | "all";
export const ALERT_PHASE_FILTERS: readonly AlertPhaseFilter[] = ["open", "firing", "pending", "resolved", "all"];

export function isPhaseFilter(v: unknown): v is AlertPhaseFilter {
  return typeof v === "string" && (ALERT_PHASE_FILTERS as readonly string[]).includes(v);
}

export interface AlertListParams {
  phase?: AlertPhaseFilter;
  cluster?: string;
  group?: string;
  page?: number;
  pageSize?: number;
}

/** The query string of GET /api/alerts, without empty parameters (a stable order, so equal filters share a key). */
export function alertListQueryString(p: AlertListParams): string {
  const qs = new URLSearchParams();
  if (p.phase) qs.set("phase", p.phase);
  if (p.cluster) qs.set("cluster", p.cluster);
  if (p.group) qs.set("group", p.group);
  if (p.page !== undefined && p.page > 1) qs.set("page", String(p.page));
  if (p.pageSize !== undefined) qs.set("pageSize", String(p.pageSize));
  return qs.toString();
}

// A DELETE answers { ok: true } or nothing at all: either is fine, the status says it worked.
const deletedSchema = z.unknown();

export const alertQueries = {
  all: () => ["alerts"] as const,
  list: (params: AlertListParams) =>
    queryOptions({
      queryKey: [...alertQueries.all(), "list", params],
      queryFn: () => fetchJson(`/api/alerts?${alertListQueryString(params)}`, alertListSchema),
    }),
  /** The firing count for the navigation badge: the smallest page, only `counts` is read. */
  counts: () =>
    queryOptions({
      queryKey: [...alertQueries.all(), "counts"],
      queryFn: () => fetchJson(`/api/alerts?${alertListQueryString({ phase: "firing", pageSize: 1 })}`, alertListSchema),
      select: (d) => d.counts,
    }),
  detail: (id: number) =>
    queryOptions({
      queryKey: [...alertQueries.all(), "detail", id],
      queryFn: () => fetchJson(`/api/alerts/${id}`, alertSchema),
    }),
};

export const alertRuleQueries = {
  all: () => ["alert-rules"] as const,
  list: () => queryOptions({ queryKey: [...alertRuleQueries.all(), "list"], queryFn: () => fetchJson("/api/alert-rules", alertRuleListSchema) }),
};

export const channelQueries = {
  all: () => ["channels"] as const,
  list: () => queryOptions({ queryKey: [...channelQueries.all(), "list"], queryFn: () => fetchJson("/api/channels", channelListSchema) }),
};

export function ackAlert(id: number, comment: string) {
  return sendJson(`/api/alerts/${id}/ack`, alertSchema, "POST", { comment });
}

/** Silences notifications of an alert for `minutes`; 0 removes the silence. */
export function silenceAlert(id: number, minutes: number, comment: string) {
  return sendJson(`/api/alerts/${id}/silence`, alertSchema, "POST", { minutes, comment });
}

export function createRule(input: AlertRuleInput) {
  return sendJson("/api/alert-rules", alertRuleSchema, "POST", input);
}

export function updateRule(id: number, input: AlertRuleInput) {
  return sendJson(`/api/alert-rules/${id}`, alertRuleSchema, "PUT", input);
}

export function deleteRule(id: number) {
  return sendJson(`/api/alert-rules/${id}`, deletedSchema, "DELETE");
}

export function createChannel(input: ChannelInput) {
  return sendJson("/api/channels", channelSchema, "POST", input);
}

export function updateChannel(id: number, input: ChannelUpdateInput) {
  return sendJson(`/api/channels/${id}`, channelSchema, "PUT", input);
}

export function deleteChannel(id: number) {
  return sendJson(`/api/channels/${id}`, deletedSchema, "DELETE");
}

/** Sends a test notification; the first attempt is made before the answer (delivered, or pending with lastError). */
export function testChannel(id: number) {
  return sendJson(`/api/channels/${id}/test`, deliverySchema, "POST");
}

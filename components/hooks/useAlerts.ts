"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  ackAlert,
  alertQueries,
  alertRuleQueries,
  channelQueries,
  createChannel,
  createRule,
  deleteChannel,
  deleteRule,
  silenceAlert,
  testChannel,
  updateChannel,
  updateRule,
  type AlertListParams,
} from "@/lib/api/alerts";
import { auditQueries } from "@/lib/api/queries";
import type { AlertDto, AlertRuleInput, ChannelUpdateInput } from "@/lib/schemas";
import { usePollInterval } from "./useRefresh";

/** Floors (ms) for reads that change rarely: the nav badge counts, the rule list, the channel list. */
const COUNTS_FLOOR_MS = 30_000;
const RULES_FLOOR_MS = 30_000;
const CHANNELS_FLOOR_MS = 15_000;

/** Alerts are evaluated after each sampler cycle: the list refreshes at the console's chosen interval (paused: never). */
export function useAlertList(params: AlertListParams) {
  const refetchInterval = usePollInterval();
  return useQuery({ ...alertQueries.list(params), refetchInterval, placeholderData: keepPreviousData });
}

/** Firing/pending/resolved counts for the navigation badge (one small request, at most every 30 s). */
export function useAlertCounts(enabled = true) {
  const refetchInterval = usePollInterval(COUNTS_FLOOR_MS);
  return useQuery({ ...alertQueries.counts(), refetchInterval, enabled });
}

/** One alert (triage): its phase and deliveries move, so it refreshes like the list. */
export function useAlert(id: number, enabled = true) {
  const refetchInterval = usePollInterval();
  return useQuery({ ...alertQueries.detail(id), refetchInterval, enabled });
}

export function useAlertRules(enabled = true) {
  const refetchInterval = usePollInterval(RULES_FLOOR_MS);
  return useQuery({ ...alertRuleQueries.list(), refetchInterval, placeholderData: keepPreviousData, enabled });
}

/** Channels are admin-only: anyone else gets a 403, so the caller enables it for admins only. */
export function useChannels(enabled = true) {
  const refetchInterval = usePollInterval(CHANNELS_FLOOR_MS);
  return useQuery({ ...channelQueries.list(), refetchInterval, placeholderData: keepPreviousData, enabled });
}

/** Every change is audited: mutations refresh their resource and the audit list (by prefix). */
function useInvalidate() {
  const client = useQueryClient();
  return (...keys: ReadonlyArray<readonly unknown[]>) => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

function useStoreAlert() {
  const client = useQueryClient();
  return (a: AlertDto) => client.setQueryData(alertQueries.detail(a.id).queryKey, a);
}

export function useAckAlert() {
  const invalidate = useInvalidate();
  const store = useStoreAlert();
  return useMutation({
    mutationFn: ({ id, comment }: { id: number; comment: string }) => ackAlert(id, comment),
    onSuccess: store,
    onSettled: () => invalidate(alertQueries.all(), auditQueries.all()),
  });
}

export function useSilenceAlert() {
  const invalidate = useInvalidate();
  const store = useStoreAlert();
  return useMutation({
    mutationFn: ({ id, minutes, comment }: { id: number; minutes: number; comment: string }) => silenceAlert(id, minutes, comment),
    onSuccess: store,
    onSettled: () => invalidate(alertQueries.all(), auditQueries.all()),
  });
}

export function useSaveRule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: AlertRuleInput }) => (id === null ? createRule(input) : updateRule(id, input)),
    onSettled: () => invalidate(alertRuleQueries.all(), auditQueries.all()),
  });
}

/** Deleting a rule may close its alerts: the alert list refreshes too. */
export function useDeleteRule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => deleteRule(id),
    onSettled: () => invalidate(alertRuleQueries.all(), alertQueries.all(), auditQueries.all()),
  });
}

export function useSaveChannel() {
  const invalidate = useInvalidate();
  return useMutation({
    // a new channel always has a URL (the form requires it); an edit without one keeps the stored URL
    mutationFn: ({ id, input }: { id: number | null; input: ChannelUpdateInput }) => (id === null ? createChannel({ ...input, url: input.url ?? "" }) : updateChannel(id, input)),
    onSettled: () => invalidate(channelQueries.all(), auditQueries.all()),
  });
}

export function useDeleteChannel() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => deleteChannel(id),
    onSettled: () => invalidate(channelQueries.all(), auditQueries.all()),
  });
}

/** "Send test": the answer is the delivery (shown next to the channel); the list's last delivery refreshes. */
export function useTestChannel() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => testChannel(id),
    onSettled: () => invalidate(channelQueries.all(), auditQueries.all()),
  });
}

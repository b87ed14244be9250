"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { auditQueries, groupQueries, historyQueries } from "@/lib/api/queries";
import { applyRewind, inProgress, previewRewind, rewindQueries, undoRewind, type RewindListParams, type RewindPreviewRequest } from "@/lib/api/rewinds";
import type { RewindApplyBody, RewindDto } from "@/lib/schemas";
import { pollInterval } from "./refresh";
import { usePollInterval, useRefreshChoice } from "./useRefresh";

/**
 * One rewind; every second while it is being applied or verified (the progress of an action the user started,
 * so even when auto-refresh is paused), then at the chosen interval, never more often than every 30 s (paused: never).
 */
export function useRewind(id: number) {
  const { choice } = useRefreshChoice();
  return useQuery({
    ...rewindQueries.detail(id),
    refetchInterval: (q) => (q.state.data && inProgress(q.state.data) ? 1_000 : pollInterval(choice, 30_000)),
  });
}

/** Applied rewinds, newest first (the audit page): the chosen interval, never more often than every 15 s. */
export function useRewindList(params: RewindListParams) {
  const refetchInterval = usePollInterval(15_000);
  return useQuery({ ...rewindQueries.list(params), refetchInterval, placeholderData: keepPreviousData });
}

/** Stores the answer as the rewind's detail (no second request when the page opens it). */
function useRewindCache() {
  const client = useQueryClient();
  return {
    store: (r: RewindDto) => client.setQueryData(rewindQueries.detail(r.id).queryKey, r),
    invalidate: (...keys: ReadonlyArray<readonly unknown[]>) => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey }))),
  };
}

export function usePreviewRewind(cluster: string, group: string) {
  const cache = useRewindCache();
  return useMutation({
    mutationFn: (body: RewindPreviewRequest) => previewRewind(cluster, group, body),
    onSuccess: (r) => cache.store(r),
    onSettled: () => cache.invalidate(auditQueries.all()),
  });
}

/** Apply moves the group's offsets: its figures, its history markers, the rewind list and the audit log refresh. */
export function useApplyRewind(cluster: string, group: string) {
  const cache = useRewindCache();
  return useMutation({
    mutationFn: ({ id, ...body }: RewindApplyBody & { id: number }) => applyRewind(cluster, group, id, body),
    onSuccess: (r) => cache.store(r),
    onSettled: (_data, _err, vars) =>
      cache.invalidate(rewindQueries.detail(vars.id).queryKey, [...rewindQueries.all(), "list"], groupQueries.all(cluster), historyQueries.all(cluster), auditQueries.all()),
  });
}

export function useUndoRewind() {
  const cache = useRewindCache();
  return useMutation({
    mutationFn: (id: number) => undoRewind(id),
    onSuccess: (r) => cache.store(r),
    onSettled: (_data, _err, id) => cache.invalidate(rewindQueries.detail(id).queryKey, auditQueries.all()),
  });
}

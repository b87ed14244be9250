"use client";

import { notifyManager, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { preferenceCookie } from "@/components/ui/theme";
import { DEFAULT_REFRESH, newestUpdate, pollInterval, REFRESH_COOKIE, type RefreshChoice } from "./refresh";

interface RefreshState {
  choice: RefreshChoice;
  setChoice: (next: RefreshChoice) => void;
}

const RefreshContext = createContext<RefreshState>({ choice: DEFAULT_REFRESH, setChoice: () => {} });

/**
 * Holds the refresh preference for the console's polling hooks. `initial` comes from the cookie (read by the
 * console layout), so server and client render the same choice; a change is written back to the cookie like
 * the language and theme switches do, and takes effect at once (no server round trip needed).
 */
export function RefreshProvider({ initial, children }: { initial: RefreshChoice; children: ReactNode }) {
  const [choice, setShown] = useState(initial);
  const setChoice = useCallback((next: RefreshChoice) => {
    document.cookie = preferenceCookie(REFRESH_COOKIE, next);
    setShown(next);
  }, []);
  const value = useMemo(() => ({ choice, setChoice }), [choice, setChoice]);
  return <RefreshContext.Provider value={value}>{children}</RefreshContext.Provider>;
}

export function useRefreshChoice(): RefreshState {
  return useContext(RefreshContext);
}

/** The refetchInterval for a polling hook: the chosen interval (never below `floorMs`), or false when paused. */
export function usePollInterval(floorMs = 0): number | false {
  return pollInterval(useContext(RefreshContext).choice, floorMs);
}

/** When the newest data of the queries on screen (those with an observer) arrived (ms), for the sidebar's "as of … ago". */
export function useLastUpdate(): number | undefined {
  const client = useQueryClient();
  const [at, setAt] = useState<number | undefined>(undefined);
  useEffect(() => {
    const cache = client.getQueryCache();
    const read = () =>
      setAt(
        newestUpdate(
          cache
            .getAll()
            .filter((q) => q.getObserversCount() > 0)
            .map((q) => q.state.dataUpdatedAt),
        ),
      );
    read();
    // Every cache event (data, observers added or removed on navigation; a few dozen queries at most), read
    // after the event's batch: a query is added while another component renders, and this sets state.
    return cache.subscribe(notifyManager.batchCalls(read));
  }, [client]);
  return at;
}

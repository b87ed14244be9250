"use client";

import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiRequestError } from "@/lib/api/fetchJson";
import { loginPath } from "@/lib/api/nextPath";

/** A read answered 401: the session ended (expired, signed out in another tab). Sign in again, then come back here. */
function onQueryError(err: Error) {
  if (!(err instanceof ApiRequestError) || err.status !== 401) return;
  if (window.location.pathname === "/login") return;
  window.location.assign(loginPath(window.location.pathname + window.location.search));
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: onQueryError }),
        defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

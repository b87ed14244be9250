"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createToken, createUser, login, logout, revokeToken, updateUser } from "@/lib/api/mutations";
import { auditQueries, tokenQueries, userQueries } from "@/lib/api/queries";
import type { RoleName } from "@/lib/schemas";

/** Signing in and out end with a full page load (see LoginForm, UserMenu): no cache of one user survives for the next. */
export function useSignIn() {
  return useMutation({ mutationFn: ({ username, password }: { username: string; password: string }) => login(username, password) });
}

export function useSignOut() {
  return useMutation({ mutationFn: () => logout() });
}

export function useUsers(enabled = true) {
  return useQuery({ ...userQueries.list(), refetchInterval: 30_000, placeholderData: keepPreviousData, enabled });
}

export function useTokens() {
  // "last used" moves while a script uses a token: refresh now and then.
  return useQuery({ ...tokenQueries.list(), refetchInterval: 30_000, placeholderData: keepPreviousData });
}

export function useAuditLog(page: number, pageSize: number) {
  return useQuery({ ...auditQueries.list(page, pageSize), refetchInterval: 15_000, placeholderData: keepPreviousData });
}

/** Every change is audited: mutations refresh their resource and the audit list (by prefix). */
function useInvalidate() {
  const client = useQueryClient();
  return (...keys: ReadonlyArray<readonly string[]>) => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useCreateUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { username: string; password: string; role: RoleName }) => createUser(body),
    onSettled: () => invalidate(userQueries.all(), auditQueries.all()),
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...changes }: { id: number; role?: RoleName; disabled?: boolean; password?: string }) => updateUser(id, changes),
    onSettled: () => invalidate(userQueries.all(), auditQueries.all()),
  });
}

export function useCreateToken() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { name: string; role: RoleName }) => createToken(body),
    onSettled: () => invalidate(tokenQueries.all(), auditQueries.all()),
  });
}

export function useRevokeToken() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) => revokeToken(id),
    onSettled: () => invalidate(tokenQueries.all(), auditQueries.all()),
  });
}

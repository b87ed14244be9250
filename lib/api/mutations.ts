/** The API calls that change state (auth, users, tokens); the hooks in components/hooks wrap them in mutations. */
import { z } from "zod";
import { createdTokenSchema, roleSchema, userRowSchema, type RoleName } from "@/lib/schemas";
import { sendJson } from "./fetchJson";

const okSchema = z.object({ ok: z.literal(true) });
const loginResultSchema = z.object({ user: z.object({ username: z.string(), role: roleSchema }) });

export function login(username: string, password: string) {
  return sendJson("/api/auth/login", loginResultSchema, "POST", { username, password });
}

export function logout() {
  return sendJson("/api/auth/logout", okSchema, "POST");
}

export function createUser(body: { username: string; password: string; role: RoleName }) {
  return sendJson("/api/users", userRowSchema, "POST", body);
}

export function updateUser(id: number, changes: { role?: RoleName; disabled?: boolean; password?: string }) {
  return sendJson(`/api/users/${id}`, userRowSchema, "PATCH", changes);
}

export function createToken(body: { name: string; role: RoleName }) {
  return sendJson("/api/tokens", createdTokenSchema, "POST", body);
}

export function revokeToken(id: number) {
  return sendJson(`/api/tokens/${id}`, okSchema, "DELETE");
}

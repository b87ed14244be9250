import { NextResponse, type NextRequest } from "next/server";
import { z, ZodError, type ZodType } from "zod";
import { checkSameOrigin } from "@/lib/auth/origin";
import { allows, defaultRouteRole, type RouteRole } from "@/lib/auth/roles";
import { writeAudit } from "@/lib/data/audit";
import { AuthDataError } from "@/lib/data/users";
import { appDatabase } from "@/lib/services/database";
import { clientIp, resolveCaller, type Caller } from "./auth";
import { ApiError, type ApiErrorCode, type ErrorBody } from "./errors";

/**
 * The one wrapper every route handler goes through (design convention 6):
 * authenticate -> authorize (the route's role) -> same-origin check on state-changing methods -> parse
 * params/query/body with zod -> call the handler -> JSON response (a handler that returns a Response, e.g.
 * text, has it sent as is) -> audit entry for state changes.
 * No credentials -> 401, a role too low -> 403, a cross-site state change -> 403, ZodError -> 400,
 * ApiError -> its status, anything else -> 500 without internals. Always `{ error: { code, message } }`.
 */
interface RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> {
  params?: P;
  query?: Q;
  body?: B;
  /** Who may call: a role (higher roles included) or "public". Default: viewer for GET/HEAD, operator otherwise. */
  role?: RouteRole;
  /**
   * Checked on every request: when it returns true the route is public for that request, whatever `role`
   * says (e.g. /metrics with TIDEMARK_METRICS_PUBLIC=true). Credentials that are sent are still resolved.
   */
  publicWhen?: () => boolean;
  /** Audit action for a state-changing route (default "<METHOD> <path>"); false for none (the handler audits). */
  audit?: string | false;
  /** What the audit entry names (default: the path) and safe details (never secrets such as passwords). */
  auditTarget?: (input: { params: z.output<P>; body: z.output<B> }) => { target: string; details?: Record<string, unknown> };
}

interface RouteInput<P, Q, B> {
  req: NextRequest;
  params: P;
  query: Q;
  body: B;
  /** The authenticated caller; null only on public routes without credentials. */
  caller: Caller | null;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

const AUTH_DATA_STATUS: Record<AuthDataError["code"], ApiErrorCode> = {
  invalid_username: "bad_request",
  username_taken: "conflict",
  not_found: "not_found",
  last_admin: "conflict",
  invalid_role: "bad_request",
  role_too_high: "forbidden",
  invalid_name: "bad_request",
};

type RouteContext = { params?: Promise<Record<string, string | string[]> | undefined> };

const empty = z.object({}).loose();

export function route<P extends ZodType = typeof empty, Q extends ZodType = typeof empty, B extends ZodType = typeof empty>(
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown> | unknown,
) {
  return async (req: NextRequest, ctx?: RouteContext): Promise<Response> => {
    const method = req.method.toUpperCase();
    const mutating = !SAFE.has(method);
    const role: RouteRole = spec.publicWhen?.() ? "public" : (spec.role ?? defaultRouteRole(method));
    const action = spec.audit === false ? null : (spec.audit ?? `${method} ${req.nextUrl.pathname}`);
    let caller: Caller | null = null;
    let subject: { target: string; details?: Record<string, unknown> } | undefined;
    const audit = async (outcome: "ok" | "denied" | "error", details: Record<string, unknown>) => {
      if (!mutating || action === null) return;
      try {
        await writeAudit(await appDatabase(), {
          actor: caller?.username ?? "anonymous",
          actorKind: caller?.via ?? "session",
          action,
          target: subject?.target ?? req.nextUrl.pathname,
          details: { ...subject?.details, ...details },
          ip: clientIp(req.headers),
          outcome,
        });
      } catch (err) {
        console.error("[tidemark] audit entry could not be written", err);
      }
    };
    try {
      caller = await resolveCaller(req.headers);
      if (role !== "public") {
        if (!caller) throw new ApiError("unauthorized", "Sign in first, or send an API token: Authorization: Bearer <token>");
        if (!allows(caller.role, role)) {
          await audit("denied", { reason: `needs ${role}`, role: caller.role });
          throw new ApiError("forbidden", `This needs the ${role} role; ${caller.username} is ${/^[aeiou]/.test(caller.role) ? "an" : "a"} ${caller.role}`);
        }
      }
      if (mutating) {
        const origin = checkSameOrigin({ method, url: req.url, headers: req.headers });
        if (!origin.ok) {
          await audit("denied", { reason: origin.reason });
          throw new ApiError("forbidden", origin.reason);
        }
      }
      // A route without dynamic segments gets no params from Next.
      const params = (spec.params ?? empty).parse((await ctx?.params) ?? {}) as z.output<P>;
      const query = (spec.query ?? empty).parse(Object.fromEntries(req.nextUrl.searchParams)) as z.output<Q>;
      let body = {} as z.output<B>;
      if (spec.body) {
        const raw: unknown = await req.json().catch(() => {
          throw new ApiError("bad_request", "The request body is not valid JSON");
        });
        body = spec.body.parse(raw) as z.output<B>;
      }
      subject = spec.auditTarget?.({ params, body });
      const result = await handler({ req, params, query, body, caller });
      await audit("ok", subject ? {} : { params });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? null, { headers: { "Cache-Control": "no-store" } });
    } catch (err) {
      const response = errorResponse(err);
      if (response.status !== 401 && response.status !== 403) await audit(response.status >= 500 ? "error" : "denied", { status: response.status });
      return response;
    }
  };
}

export function errorResponse(err: unknown): Response {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return json({ error: { code: "bad_request", message: `${where}${issue?.message ?? "invalid input"}`, details: err.issues } }, 400);
  }
  if (err instanceof AuthDataError) {
    const e = new ApiError(AUTH_DATA_STATUS[err.code], err.message);
    return json({ error: { code: e.code, message: e.message } }, e.status);
  }
  if (err instanceof ApiError) {
    return json({ error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } }, err.status);
  }
  console.error("[tidemark] unhandled error in route", err);
  return json({ error: { code: "internal", message: "Internal error; the server log has the details" } }, 500);
}

function json(body: ErrorBody, status: number): Response {
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

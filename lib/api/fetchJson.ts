import { ZodError, type ZodType } from "zod";

/** An API error as the route wrapper returns it: `{ error: { code, message } }`. */
export class ApiRequestError extends Error {
  override readonly name = "ApiRequestError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** `error.details` of the answer, when the server sent any (e.g. the drift list of a rewind 409). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Fetches JSON from our API and validates it with the shared zod schema. */
export async function fetchJson<T>(url: string, schema: ZodType<T>, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers } });
  } catch (err) {
    throw new ApiRequestError(0, "network", `The console server did not answer (${err instanceof Error ? err.message : String(err)})`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    throw new ApiRequestError(res.status, "bad_response", `The console answered ${res.status} with a body that is not JSON`);
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiRequestError(res.status, err?.code ?? "error", err?.message ?? `Request failed with status ${res.status}`, err?.details);
  }
  try {
    return schema.parse(body);
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    // A server/page version mismatch or a server bug: say where, not a JSON dump of every issue.
    const issue = err.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new ApiRequestError(res.status, "bad_response", `The console answered with data this page does not understand (${where}${issue?.message ?? "invalid"})`);
  }
}

/** Sends a JSON body (POST, PATCH, DELETE) to our API and validates the JSON answer like fetchJson. */
export function sendJson<T>(url: string, schema: ZodType<T>, method: "POST" | "PATCH" | "PUT" | "DELETE", body?: unknown): Promise<T> {
  return fetchJson(url, schema, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
  });
}

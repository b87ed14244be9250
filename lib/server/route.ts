import { NextResponse, type NextRequest } from "next/server";
import { z, ZodError, type ZodType } from "zod";
import { ApiError, type ErrorBody } from "./errors";

/**
 * The one wrapper every route handler goes through (design convention 6):
 * parse params/query/body with zod -> call the handler -> JSON response.
 * ZodError -> 400, ApiError -> its status, anything else -> 500 without internals.
 * Always `{ error: { code, message } }` on failure.
 */
interface RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> {
  params?: P;
  query?: Q;
  body?: B;
}

interface RouteInput<P, Q, B> {
  req: NextRequest;
  params: P;
  query: Q;
  body: B;
}

type RouteContext = { params?: Promise<Record<string, string | string[]> | undefined> };

const empty = z.object({}).loose();

export function route<P extends ZodType = typeof empty, Q extends ZodType = typeof empty, B extends ZodType = typeof empty>(
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown> | unknown,
) {
  return async (req: NextRequest, ctx?: RouteContext): Promise<Response> => {
    try {
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
      const result = await handler({ req, params, query, body });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? null, { headers: { "Cache-Control": "no-store" } });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return json({ error: { code: "bad_request", message: `${where}${issue?.message ?? "invalid input"}`, details: err.issues } }, 400);
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

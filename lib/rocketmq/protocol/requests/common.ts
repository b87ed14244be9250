import { ResponseError, UnexpectedResponseError } from "../../errors";
import { parseFastjson, type FjValue } from "../fastjson";
import type { RemotingCommand } from "../remotingCommand";
import { ResponseCode } from "../responseCode";

/** Throws a typed ResponseError unless the reply's code is one of `ok` (SUCCESS by default). */
export function expectCode(reply: RemotingCommand, target: string, requestCode: number, ok: readonly number[] = [ResponseCode.SUCCESS]): void {
  if (!ok.includes(reply.code)) throw new ResponseError(target, requestCode, reply.code, reply.remark);
}

/** The reply body parsed as fastjson; a missing body is an UnexpectedResponseError. */
export function jsonBody(body: Buffer | undefined, what: string): FjValue {
  if (body === undefined || body.length === 0) throw new UnexpectedResponseError(`${what}: the reply has no body`);
  return parseFastjson(body);
}

/** An int64 ext field of a reply (e.g. `offset`), exact. */
export function extBigInt(reply: RemotingCommand, name: string, what: string): bigint {
  const raw = reply.extFields[name];
  if (raw === undefined || !/^-?\d{1,19}$/.test(raw)) {
    throw new UnexpectedResponseError(`${what}: ext field ${name} is ${raw === undefined ? "missing" : `"${raw}"`}`);
  }
  return BigInt(raw);
}

/** A value of a string-keyed map whose values are optional in practice (absent -> fallback). */
export function optional<T>(v: FjValue | undefined, read: (v: FjValue) => T, fallback: T): T {
  return v === undefined || v === null ? fallback : read(v);
}

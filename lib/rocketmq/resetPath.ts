/**
 * Which offset-reset path a broker takes for INVOKE_BROKER_TO_RESET_OFFSET (222), read from its own
 * configuration (GET_BROKER_CONFIG, 26), never guessed from its version:
 * - "server-side": `useServerSideResetOffset=true` (5.1.0+ with the flag on; the default from 5.2.0,
 *   off by default in 5.1.x). The broker writes the targets itself, honours queueId+offset, ignores
 *   isForce and needs no consumer online.
 * - "legacy": 4.x, 5.0, or the flag false (Broker2Client.resetOffset). The broker resets EVERY
 *   queue by timestamp (queueId/offset are ignored), only rewinds unless isForce, and pushes the
 *   table to online push consumers (220); CONSUMER_NOT_ONLINE (206) when none is connected.
 * Sending a per-queue 222 to a legacy broker would reset the whole topic, hence this check.
 */
import { UnexpectedResponseError } from "./errors";

export type ResetPath = "server-side" | "legacy";

export const SERVER_SIDE_RESET_KEY = "useServerSideResetOffset";

/**
 * "server-side" iff the config has useServerSideResetOffset = "true"; "legacy" when the key is
 * absent or "false". The broker reports the live boolean field, so any other value means the
 * config is not what a RocketMQ broker sends: it throws (naming `version`, e.g. "V5_3_3", the
 * runtime info's brokerVersionDesc) rather than pick a path that could reset a whole topic.
 */
export function resetPathOf(config: ReadonlyMap<string, string>, version: string | undefined): ResetPath {
  const raw = config.get(SERVER_SIDE_RESET_KEY);
  if (raw === undefined) return "legacy";
  const value = raw.trim();
  if (value === "true") return "server-side";
  if (value === "false") return "legacy";
  throw new UnexpectedResponseError(
    `broker ${version ?? "of unknown version"} reports ${SERVER_SIDE_RESET_KEY}=${JSON.stringify(raw)}; expected "true" or "false", so the offset-reset path is unknown`,
  );
}

import {
  createChannel,
  deleteChannel,
  getChannel,
  lastDeliveryPerChannel,
  listChannels,
  updateChannel,
  type ChannelFields,
  type ChannelRecord,
} from "@/lib/data/alerts";
import type { ChannelDto, ChannelInput, ChannelList, ChannelUpdateInput, DeliveryDto } from "@/lib/schemas";
import { ApiError } from "@/lib/server/errors";
import { alerting } from "./alerts";
import { appDatabase } from "./database";
import { deliveryDto, Notifier } from "./notifications";

/**
 * Notification channels (admin). Webhook URLs of Slack, DingTalk and Feishu carry their token in the
 * path or query: the API never returns them whole, only masked.
 */

/** Keeps scheme, host and the first path segment; shows the last 4 characters of the rest. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const segments = u.pathname.split("/").filter(Boolean);
    const rest = segments.slice(1).join("/") + (u.search ? u.search : "");
    const tail = rest.length > 8 ? `…${rest.slice(-4)}` : rest ? "…" : "";
    return `${u.protocol}//${u.host}${segments[0] ? `/${segments[0]}` : ""}${tail ? `/${tail}` : ""}`;
  } catch {
    return "(invalid URL)";
  }
}

function channelDto(c: ChannelRecord, last: DeliveryDto | null): ChannelDto {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind as ChannelDto["kind"],
    urlMasked: maskUrl(c.url),
    hasSecret: c.secret !== null && c.secret !== "",
    enabled: c.enabled,
    minSeverity: c.minSeverity as ChannelDto["minSeverity"],
    updatedAtMs: Number(c.updatedAtMs),
    updatedBy: c.updatedBy,
    lastDelivery: last,
  };
}

async function db() {
  try {
    return await appDatabase();
  } catch (err) {
    throw new ApiError("unavailable", `The console database could not be opened: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function listChannelsView(): Promise<ChannelList> {
  const client = await db();
  const channels = await listChannels(client);
  const last = await lastDeliveryPerChannel(client, channels.map((c) => c.id));
  return { channels: channels.map((c) => channelDto(c, last.has(c.id) ? deliveryDto(last.get(c.id)!) : null)) };
}

async function existing(id: number): Promise<ChannelRecord> {
  const c = await getChannel(await db(), id);
  if (!c) throw new ApiError("not_found", `notification channel #${id} does not exist`);
  return c;
}

export async function createChannelView(input: ChannelInput, by: string, nowMs = Date.now()): Promise<ChannelDto> {
  const fields: ChannelFields = { name: input.name, kind: input.kind, url: input.url, secret: input.secret ? input.secret : null, enabled: input.enabled, minSeverity: input.minSeverity };
  return channelDto(await createChannel(await db(), fields, by, BigInt(nowMs)), null);
}

export async function updateChannelView(id: number, input: ChannelUpdateInput, by: string, nowMs = Date.now()): Promise<ChannelDto> {
  await existing(id);
  const fields: Partial<ChannelFields> = {
    name: input.name,
    kind: input.kind,
    ...(input.url === undefined ? {} : { url: input.url }),
    enabled: input.enabled,
    minSeverity: input.minSeverity,
    ...(input.secret === undefined ? {} : { secret: input.secret === "" ? null : input.secret }),
  };
  const client = await db();
  const updated = await updateChannel(client, id, fields, by, BigInt(nowMs));
  const last = (await lastDeliveryPerChannel(client, [id])).get(id);
  return channelDto(updated, last ? deliveryDto(last) : null);
}

export async function deleteChannelView(id: number): Promise<{ deleted: number }> {
  await existing(id);
  await deleteChannel(await db(), id);
  return { deleted: id };
}

/** Sends a test notice now and answers with how it went (delivered, or failed with the reason). */
export async function testChannelView(id: number): Promise<DeliveryDto> {
  const channel = await existing(id);
  const notifier = alerting()?.notifier ?? new Notifier({ db: await db(), publicUrl: process.env.TIDEMARK_PUBLIC_URL ?? null });
  return notifier.sendTest(channel);
}

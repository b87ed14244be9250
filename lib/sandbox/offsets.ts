/**
 * A broker's consumer offsets (ConsumerOffsetManager of 5.3.3):
 * - offsetTable "topic@group" -> queueId -> committed offset (persisted);
 * - pullOffsetTable: the next offset last handed out by a pull (5.1+, reported as pullOffset);
 * - resetOffsetTable: pending server-side resets; a queue with one answers queries with the reset
 *   offset, ignores UPDATE_CONSUMER_OFFSET, and the group's next pull of it erases the marker
 *   (PULL_OFFSET_MOVED).
 * Persisted as consumerOffset.json: {"dataVersion":{..},"offsetTable":{"topic@group":{0:12,1:34}}}
 * (fastjson's pretty format, bare Integer keys), written through a temp file with a .bak copy.
 */
import fs from "node:fs";
import path from "node:path";
import { asBigInt, asEntries, asInt, getField, keyAsString, parseFastjson } from "../rocketmq/protocol/fastjson";
import * as J from "./json";

type QueueMap = Map<number, number>;

export const TOPIC_GROUP_SEPARATOR = "@";

export class ConsumerOffsets {
  private readonly offsetTable = new Map<string, QueueMap>();
  private readonly pullTable = new Map<string, QueueMap>();
  private readonly resetTable = new Map<string, QueueMap>();
  /** group -> topics with committed offsets; topic -> groups (whichTopicByConsumer / whichGroupByTopic). */
  private readonly topicsOfGroup = new Map<string, Set<string>>();
  private readonly groupsOfTopic = new Map<string, Set<string>>();
  private counter = 0;
  private versionTimestamp = Date.now();
  /** Bumped on every change; persistence writes only when it moved. */
  changes = 0;

  private static key(topic: string, group: string): string {
    return `${topic}${TOPIC_GROUP_SEPARATOR}${group}`;
  }

  private index(topic: string, group: string): void {
    let t = this.topicsOfGroup.get(group);
    if (!t) this.topicsOfGroup.set(group, (t = new Set()));
    t.add(topic);
    let g = this.groupsOfTopic.get(topic);
    if (!g) this.groupsOfTopic.set(topic, (g = new Set()));
    g.add(group);
  }

  /** commitOffset: writes the committed offset (no reset check; callers do that). */
  commit(group: string, topic: string, queueId: number, offset: number): void {
    const key = ConsumerOffsets.key(topic, group);
    let m = this.offsetTable.get(key);
    if (!m) {
      m = new Map();
      this.offsetTable.set(key, m);
      this.index(topic, group);
    }
    m.set(queueId, offset);
    this.changes++;
  }

  /** The committed offset, the pending reset offset first; -1 when none. */
  query(group: string, topic: string, queueId: number): number {
    const key = ConsumerOffsets.key(topic, group);
    const reset = this.resetTable.get(key)?.get(queueId);
    if (reset !== undefined) return reset;
    return this.offsetTable.get(key)?.get(queueId) ?? -1;
  }

  /** Only the committed offset (no reset), -1 when none. */
  committed(group: string, topic: string, queueId: number): number {
    return this.offsetTable.get(ConsumerOffsets.key(topic, group))?.get(queueId) ?? -1;
  }

  commitPull(group: string, topic: string, queueId: number, offset: number): void {
    const key = ConsumerOffsets.key(topic, group);
    let m = this.pullTable.get(key);
    if (!m) this.pullTable.set(key, (m = new Map()));
    m.set(queueId, offset);
  }

  /** queryPullOffset: the last pull's next offset, else the committed one (-1 when neither). */
  queryPull(group: string, topic: string, queueId: number): number {
    return this.pullTable.get(ConsumerOffsets.key(topic, group))?.get(queueId) ?? this.query(group, topic, queueId);
  }

  assignReset(group: string, topic: string, queueId: number, offset: number): void {
    if (queueId < 0 || offset < 0) return;
    const key = ConsumerOffsets.key(topic, group);
    let m = this.resetTable.get(key);
    if (!m) this.resetTable.set(key, (m = new Map()));
    m.set(queueId, offset);
    this.commit(group, topic, queueId, offset);
  }

  hasReset(group: string, topic: string, queueId: number): boolean {
    return this.resetTable.get(ConsumerOffsets.key(topic, group))?.has(queueId) ?? false;
  }

  /** queryThenEraseResetOffset. */
  takeReset(group: string, topic: string, queueId: number): number | undefined {
    const m = this.resetTable.get(ConsumerOffsets.key(topic, group));
    if (!m) return undefined;
    const v = m.get(queueId);
    if (v !== undefined) m.delete(queueId);
    return v;
  }

  topicsByGroup(group: string): string[] {
    return [...(this.topicsOfGroup.get(group) ?? [])].sort();
  }

  groupsByTopic(topic: string): string[] {
    return [...(this.groupsOfTopic.get(topic) ?? [])].sort();
  }

  /** Queue id -> committed offset of one topic@group. */
  queuesOf(group: string, topic: string): ReadonlyMap<number, number> {
    return this.offsetTable.get(ConsumerOffsets.key(topic, group)) ?? new Map();
  }

  get size(): number {
    let n = 0;
    for (const m of this.offsetTable.values()) n += m.size;
    return n;
  }

  /** The file content, fastjson pretty format (tabs, bare Integer keys). */
  encode(now: number): string {
    this.counter++;
    this.versionTimestamp = now;
    const lines: string[] = [];
    lines.push("{");
    lines.push(`\t"dataVersion":{`);
    lines.push(`\t\t"counter":${this.counter},`);
    lines.push(`\t\t"stateVersion":0,`);
    lines.push(`\t\t"timestamp":${this.versionTimestamp}`);
    lines.push(`\t},`);
    lines.push(`\t"offsetTable":{`);
    const keys = [...this.offsetTable.keys()].sort();
    keys.forEach((key, i) => {
      const m = this.offsetTable.get(key) as QueueMap;
      const inner = J.intMap([...m].map(([q, o]) => [q, J.long(o)] as const));
      lines.push(`\t\t${J.str(key)}:${inner}${i < keys.length - 1 ? "," : ""}`);
    });
    lines.push(`\t}`);
    lines.push("}");
    return lines.join("\n");
  }

  /** Loads a consumerOffset.json body (offsetTable only, as Java does); returns the entries read. */
  decode(text: string): number {
    const root = parseFastjson(text);
    const counter = getField(root, "dataVersion");
    if (counter !== undefined && counter !== null) {
      const c = getField(counter, "counter");
      if (typeof c === "number") this.counter = c;
    }
    let n = 0;
    for (const [k, v] of asEntries(getField(root, "offsetTable") ?? {}, "offsetTable")) {
      const key = keyAsString(k, "topic@group");
      const at = key.lastIndexOf(TOPIC_GROUP_SEPARATOR);
      if (at <= 0) continue;
      const topic = key.slice(0, at);
      const group = key.slice(at + 1);
      for (const [q, off] of asEntries(v, "queue offsets")) {
        this.commit(group, topic, asInt(keyAsString(q, "queueId"), "queueId"), Number(asBigInt(off, "offset")));
        n++;
      }
    }
    return n;
  }
}

/** Writes `file` atomically (temp + rename), keeping the previous content as `file.bak`. */
export function writeConfigFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) {
    try {
      fs.copyFileSync(file, `${file}.bak`);
    } catch {
      // best effort, as Java's MixAll.string2File
    }
  }
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** Reads `file`, falling back to `file.bak`; undefined when neither exists or parses. */
export function readConfigFile(file: string, parse: (text: string) => void): boolean {
  for (const candidate of [file, `${file}.bak`]) {
    let text: string;
    try {
      text = fs.readFileSync(/* turbopackIgnore: true */ candidate, "utf8");
    } catch {
      continue;
    }
    try {
      parse(text);
      return true;
    } catch {
      continue;
    }
  }
  return false;
}

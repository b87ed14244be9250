/**
 * parseFastjson vs JSON.parse on a large, realistic GET_CONSUME_STATS body.
 *   npx tsx bench/fastjson-vs-json.ts [--queues 2000] [--rounds 30]
 * The fastjson form has raw MessageQueue object keys (what a broker sends); the "standard JSON" form
 * carries the same data with JSON-string keys (what JSON.parse can read). Prints MB/s and ms per parse.
 */
import { asBigInt, encodeFastjsonMqMap, getField, parseFastjson, readMessageQueueMap, type FjValue } from "../lib/rocketmq/protocol";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  return raw === undefined ? fallback : Number(raw);
}

const queues = arg("queues", 2000);
const rounds = arg("rounds", 30);

// Build the body: topics of 8 queues on 2 brokers, plus each topic's %RETRY% queue.
interface Row {
  mq: { topic: string; brokerName: string; queueId: number };
  stats: { brokerOffset: bigint; consumerOffset: bigint; lastTimestamp: bigint; pullOffset: bigint };
}
const rows: Row[] = [];
let t = 0;
while (rows.length < queues) {
  const topic = rows.length % 17 === 16 ? `%RETRY%group_${t}` : `orders_topic_${t}`;
  for (let q = 0; q < 8 && rows.length < queues; q++) {
    const brokerOffset = BigInt(1_000_000 + ((t * 7919 + q * 104729) % 90_000_000));
    const consumerOffset = brokerOffset - BigInt((q * 37) % 500);
    rows.push({
      mq: { topic, brokerName: `broker-${q % 2 === 0 ? "a" : "b"}`, queueId: q >> 1 },
      stats: { brokerOffset, consumerOffset, lastTimestamp: 1_763_700_000_000n + BigInt(t * 1000 + q), pullOffset: brokerOffset },
    });
  }
  t++;
}
const value = (s: Row["stats"]): string =>
  `{"brokerOffset":${s.brokerOffset},"consumerOffset":${s.consumerOffset},"lastTimestamp":${s.lastTimestamp},"pullOffset":${s.pullOffset}}`;
const mqJson = (mq: Row["mq"]): string => `{"brokerName":${JSON.stringify(mq.brokerName)},"queueId":${mq.queueId},"topic":${JSON.stringify(mq.topic)}}`;

const fastjsonBody = Buffer.from(`{"consumeTps":12.5,"offsetTable":{${rows.map((r) => `${mqJson(r.mq)}:${value(r.stats)}`).join(",")}}}`);
const standardBody = Buffer.from(
  `{"consumeTps":12.5,"offsetTable":{${rows.map((r) => `${JSON.stringify(mqJson(r.mq))}:${value(r.stats)}`).join(",")}}}`,
);
// Sanity: encodeFastjsonMqMap writes the same key form.
if (!encodeFastjsonMqMap([{ mq: rows[0]!.mq, value: 1n }]).startsWith(`{${mqJson(rows[0]!.mq)}:`)) throw new Error("key form mismatch");

function decodeAll(v: FjValue): bigint {
  let sum = 0n;
  for (const r of readMessageQueueMap(getField(v, "offsetTable"), (x) => asBigInt(getField(x, "brokerOffset")) - asBigInt(getField(x, "consumerOffset")))) {
    sum += r.value;
  }
  return sum;
}

function bench(name: string, bytes: number, fn: () => unknown): void {
  for (let i = 0; i < 5; i++) fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const mbps = bytes / 1e6 / (median / 1000);
  console.log(`${name.padEnd(46)} ${(bytes / 1e6).toFixed(2).padStart(6)} MB  median ${median.toFixed(2).padStart(7)} ms  ${mbps.toFixed(0).padStart(5)} MB/s`);
}

console.log(`ConsumeStats with ${rows.length} queues; node ${process.version}; ${rounds} rounds, median`);
bench("parseFastjson(Buffer, fastjson raw keys)", fastjsonBody.length, () => parseFastjson(fastjsonBody));
bench("parseFastjson(Buffer, standard string keys)", standardBody.length, () => parseFastjson(standardBody));
bench("JSON.parse(buf.toString(), standard)", standardBody.length, () => JSON.parse(standardBody.toString("utf8")));
bench("parseFastjson + readMessageQueueMap + asBigInt", fastjsonBody.length, () => decodeAll(parseFastjson(fastjsonBody)));
const check = decodeAll(parseFastjson(fastjsonBody));
const checkStd = decodeAll(parseFastjson(standardBody));
if (check !== checkStd) throw new Error("the two forms decode differently");
console.log(`total lag (check): ${check}`);

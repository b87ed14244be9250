/**
 * Long fuzz run of the wire-format layer (the unit test runs ~110k cases; this runs as many as asked).
 *   npx tsx bench/fuzz-protocol.ts --cases 2000000 [--seed 123]
 * Cases are split evenly between the frame decoder and the fastjson parser. Prints counts and rate;
 * exits non-zero (with a reproduction) on the first exception that is not a ProtocolError.
 */
import { runFuzz } from "../lib/rocketmq/protocol/fuzz";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

const cases = arg("cases", 200_000);
const seed = arg("seed", 0x7e1de);
const batch = 50_000;
const started = performance.now();
let done = 0;
const totals = { frameCases: 0, frameCommands: 0, frameErrors: 0, bodyCases: 0, bodyValues: 0, bodyErrors: 0 };
for (let b = 0; done < cases; b++) {
  const n = Math.min(batch, cases - done);
  const frameCases = Math.floor(n / 2);
  const s = runFuzz({ seed: (seed + b * 0x9e3779b1) >>> 0, frameCases, bodyCases: n - frameCases });
  for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += s[k];
  done += n;
  if (b % 10 === 9) console.log(`  ... ${done} cases, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const secs = (performance.now() - started) / 1000;
console.log(
  `fuzz-protocol: seed ${seed}: ${totals.frameCases} frame cases (${totals.frameCommands} commands, ${totals.frameErrors} ProtocolErrors), ` +
    `${totals.bodyCases} body cases (${totals.bodyValues} values, ${totals.bodyErrors} ProtocolErrors)`,
);
console.log(`fuzz-protocol: ${done} cases in ${secs.toFixed(2)} s = ${Math.round(done / secs)} cases/s, 0 unexpected exceptions`);

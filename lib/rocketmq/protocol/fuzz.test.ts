import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFixtureCorpus, RESPONSE_PARSERS, runFixtureCase, runFixtureFuzz, runFuzz } from "./fuzz";

const SEED = 0x7e1de;
/** CPU-bound; a loaded 2-core CI runner has taken 12 s for the first test (2.5 s idle). */
const FUZZ_TIMEOUT_MS = 60_000;
/** Cases run by this file; printed at the end (CI logs show it). */
let totalCases = 0;

afterAll(() => {
  console.log(`fuzz: ${totalCases} cases in total`);
});

describe("fuzz", () => {
  it("survives 100k+ random and mutated frames and bodies with only ProtocolErrors", () => {
    const started = performance.now();
    const stats = runFuzz({ seed: SEED, frameCases: 50_000, bodyCases: 60_000 });
    const ms = performance.now() - started;
    totalCases += stats.frameCases + stats.bodyCases;
    console.log(
      `fuzz: ${stats.frameCases} frame cases (${stats.frameCommands} commands decoded, ${stats.frameErrors} ProtocolErrors), ` +
        `${stats.bodyCases} body cases (${stats.bodyValues} values, ${stats.bodyErrors} ProtocolErrors) in ${ms.toFixed(0)} ms`,
    );
    expect(stats.frameCases + stats.bodyCases).toBeGreaterThanOrEqual(100_000);
    // The corpus must exercise both outcomes, or the mutations are not reaching the decoders.
    expect(stats.frameCommands).toBeGreaterThan(1000);
    expect(stats.frameErrors).toBeGreaterThan(1000);
    expect(stats.bodyValues).toBeGreaterThan(1000);
    expect(stats.bodyErrors).toBeGreaterThan(1000);
  }, FUZZ_TIMEOUT_MS);
});

describe("fuzz of the captured fixtures", () => {
  it("covers every captured fixture and has a parser for every request module with fixtures", () => {
    const corpus = loadFixtureCorpus();
    const requests = path.join(path.dirname(new URL(import.meta.url).pathname), "requests");
    const onDisk = fs
      .readdirSync(requests)
      .filter((d) => fs.existsSync(path.join(requests, d, "fixtures")))
      .flatMap((d) => fs.readdirSync(path.join(requests, d, "fixtures")).filter((f) => f.endsWith(".hex")).map((f) => `${d}/${f}`))
      .sort();
    expect(corpus.map((f) => f.name)).toEqual(onDisk);
    expect(corpus.length).toBeGreaterThanOrEqual(72);
    for (const f of corpus) expect(RESPONSE_PARSERS[f.module], f.module).toBeTypeOf("function");
  });

  it("mutated captured replies through the frame decoder and every parse() throw only typed errors, none hangs", () => {
    const started = performance.now();
    const stats = runFixtureFuzz({ seed: SEED, cases: 20_000, caseLimitMs: 1_000 });
    const ms = performance.now() - started;
    totalCases += stats.cases;
    console.log(
      `fuzz: ${stats.cases} fixture cases (${stats.frameCases} through the frame decoder: ${stats.framesDecoded} frames decoded, ${stats.frameErrors} ProtocolErrors; ` +
        `${stats.parseCases} straight into parse()); ${stats.parsed} parsed, typed errors ${JSON.stringify(stats.parseErrors)}; ` +
        `slowest case ${stats.slowestCase} ${stats.slowestCaseMs.toFixed(1)} ms; ${ms.toFixed(0)} ms`,
    );
    expect(stats.cases).toBe(20_000);
    // Both outcomes at both layers, or the mutations are not reaching the parsers.
    expect(stats.framesDecoded).toBeGreaterThan(1000);
    expect(stats.frameErrors).toBeGreaterThan(1000);
    expect(stats.parsed).toBeGreaterThan(1000);
    expect(stats.parseErrors.ProtocolError ?? 0).toBeGreaterThan(1000);
    expect(stats.parseErrors.ResponseError ?? 0).toBeGreaterThan(100);
    expect(stats.parseErrors.UnexpectedResponseError ?? 0).toBeGreaterThan(100);
  }, FUZZ_TIMEOUT_MS);

  it("fails a case that is slower than the limit, naming the seed and case to replay", () => {
    const busy = () => {
      const until = performance.now() + 30;
      while (performance.now() < until);
    };
    const slow = Object.fromEntries(Object.keys(RESPONSE_PARSERS).map((m) => [m, busy]));
    expect(() => runFixtureFuzz({ seed: 42, cases: 5, caseLimitMs: 10, parsers: slow })).toThrow(/fixture case (\d+) \(seed 42\) took \d+ ms, over the 10 ms limit.*runFixtureCase\(42, \1\)/);
  });

  it("fails on an untyped exception from a parser, naming the seed and case", () => {
    const broken = Object.fromEntries(
      Object.keys(RESPONSE_PARSERS).map((m) => [
        m,
        () => {
          throw new TypeError("x is undefined");
        },
      ]),
    );
    expect(() => runFixtureFuzz({ seed: 7, cases: 3, parsers: broken })).toThrow(/threw TypeError, not a ProtocolError.*\n.*seed 7, case \d+, fixture .*runFixtureCase\(7, \d+\)/);
  });

  it("replays one case alone, as the run did", () => {
    const whole = runFixtureFuzz({ seed: SEED, cases: 50 });
    let parsed = 0;
    for (let i = 0; i < 50; i++) parsed += runFixtureCase(SEED, i).parsed;
    expect(parsed).toBe(whole.parsed);
  });
});

import { describe, expect, it } from "vitest";
import { runFuzz } from "./fuzz";

describe("fuzz", () => {
  it("survives 100k+ random and mutated frames and bodies with only ProtocolErrors", () => {
    const started = performance.now();
    const stats = runFuzz({ seed: 0x7e1de, frameCases: 50_000, bodyCases: 60_000 });
    const ms = performance.now() - started;
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
  });
});

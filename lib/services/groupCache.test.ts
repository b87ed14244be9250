import { describe, expect, it } from "vitest";
import type { StatusSample } from "@/lib/domain/status";
import { appendStatusSample, STATUS_WINDOW_MS } from "./groupCache";

const at = (ms: number): StatusSample => ({ atMs: BigInt(ms), onlineClients: 1, queues: [] });
const times = (s: readonly StatusSample[]) => s.map((x) => Number(x.atMs));

function feed(everyMs: number, count: number): StatusSample[] {
  let s: StatusSample[] = [];
  for (let i = 0; i < count; i++) s = appendStatusSample(s, at(i * everyMs), i * everyMs);
  return s;
}

describe("status window", () => {
  it("a group read every second (sampler at 1 s, or a polled group page) still builds a window of samples 4 s apart", () => {
    // Before: the newest sample replaced the last whenever it was under 4 s old, so the window stayed at one sample.
    const s = feed(1_000, 20);
    expect(times(s)).toEqual([0, 4_000, 8_000, 12_000, 16_000, 19_000]);
  });

  it("reads 30 s apart are all kept, for 6 minutes", () => {
    const s = feed(30_000, 20);
    expect(s).toHaveLength(STATUS_WINDOW_MS / 30_000 + 1);
    expect(times(s)[0]).toBe(19 * 30_000 - STATUS_WINDOW_MS);
  });

  it("a provisional newest sample is replaced, then becomes an anchor when the next read comes 4 s later", () => {
    let s = [at(0), at(1_000)];
    s = appendStatusSample(s, at(2_000), 2_000);
    expect(times(s)).toEqual([0, 2_000]);
    s = appendStatusSample(s, at(6_500), 6_500);
    expect(times(s)).toEqual([0, 2_000, 6_500]);
  });
});

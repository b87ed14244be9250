import { describe, expect, it } from "vitest";
import { renderPrometheus } from "./prometheus";

describe("renderPrometheus", () => {
  it("writes HELP, TYPE and samples with escaped labels and exact bigints", () => {
    const text = renderPrometheus([
      {
        name: "rocketmq_group_diff",
        help: "Messages not yet consumed (broker offset - committed offset)\nper group and topic",
        type: "gauge",
        samples: [
          { labels: { cluster: "prod", group: 'we"ird\\g', topic: "T" }, value: 9_007_199_254_740_993n },
          { labels: { cluster: "prod", group: "g2", topic: "T" }, value: 0 },
        ],
      },
      { name: "tidemark_sampler_cycle_seconds", help: "Duration of the last cycle", type: "gauge", samples: [{ labels: {}, value: Number.NaN }] },
    ]);
    expect(text).toBe(
      [
        "# HELP rocketmq_group_diff Messages not yet consumed (broker offset - committed offset)\\nper group and topic",
        "# TYPE rocketmq_group_diff gauge",
        'rocketmq_group_diff{cluster="prod",group="we\\"ird\\\\g",topic="T"} 9007199254740993',
        'rocketmq_group_diff{cluster="prod",group="g2",topic="T"} 0',
        "# HELP tidemark_sampler_cycle_seconds Duration of the last cycle",
        "# TYPE tidemark_sampler_cycle_seconds gauge",
        "tidemark_sampler_cycle_seconds NaN",
        "",
      ].join("\n"),
    );
  });
  it("refuses invalid metric and label names", () => {
    expect(() => renderPrometheus([{ name: "bad-name", help: "", type: "gauge", samples: [] }])).toThrow(/invalid metric name/);
    expect(() => renderPrometheus([{ name: "ok", help: "", type: "gauge", samples: [{ labels: { "bad-label": "x" }, value: 1 }] }])).toThrow(/invalid label name/);
  });
});

// Types for parse-prometheus-text-format 1.1.1 (a devDependency: tests parse /metrics with it). Values stay
// strings, as written, so int64 counts can be compared exactly.
declare module "parse-prometheus-text-format" {
  export interface PrometheusSample {
    readonly value: string;
    /** Absent on a sample without labels. */
    readonly labels?: Readonly<Record<string, string>>;
    readonly timestamp_ms?: string;
  }
  export interface PrometheusFamily {
    readonly name: string;
    readonly help: string;
    readonly type: "GAUGE" | "COUNTER" | "SUMMARY" | "HISTOGRAM" | "UNTYPED";
    readonly metrics: readonly PrometheusSample[];
  }
  /** Throws on a line that is not valid text format. */
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}

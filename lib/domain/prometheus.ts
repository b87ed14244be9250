/**
 * Prometheus text exposition format (version 0.0.4): `# HELP` / `# TYPE` per family, then one line per
 * sample `name{label="value",...} value`. Label values escape `\`, `"` and newlines; HELP escapes `\`
 * and newlines. bigint values are written exactly (Prometheus parses them as float64, but the text stays
 * the exact count), non-finite numbers as NaN / +Inf / -Inf.
 */

export type MetricType = "gauge" | "counter";

export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number | bigint;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly MetricSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatValue(v: number | bigint): string {
  if (typeof v === "bigint") return v.toString();
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

export function renderPrometheus(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`invalid metric name ${f.name}`);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels);
      for (const [k] of labels) if (!LABEL.test(k) || k.startsWith("__")) throw new Error(`invalid label name ${k} on ${f.name}`);
      const text = labels.length === 0 ? "" : `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
      out.push(`${f.name}${text} ${formatValue(s.value)}`);
    }
  }
  return out.join("\n") + "\n";
}

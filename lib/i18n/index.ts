/**
 * A small typed i18n layer: English (the default and the source of keys) and Simplified Chinese.
 *
 * - `createTranslator(locale)` gives `t(key, params)` for plain strings and `t.rich(key, params)` when a
 *   placeholder is filled with an element (a <code>, a <DataAge/>).
 * - Placeholders are checked: `t("pager.page", { page, pages })` must name exactly the `{…}` of the English text.
 * - The locale lives in the `tidemark-locale` cookie, read on the server (lib/i18n/server.ts) and handed to
 *   client components through <I18nProvider> (lib/i18n/react.tsx).
 */
import { createElement, Fragment, type ReactNode } from "react";
import { en, type Messages } from "./en";
import { zhCN } from "./zh-CN";

export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "tidemark-locale";
/** Each language named in itself, as a language switch shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: "English", "zh-CN": "简体中文" };

const DICTIONARIES: Readonly<Record<Locale, Messages>> = { en, "zh-CN": zhCN };

export type MessageKey = keyof typeof en;

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
/** The placeholder names of a key's English text. */
export type ParamName<K extends MessageKey> = Placeholders<(typeof en)[K]>;
/** Keys whose text has no placeholder: safe to pick at run time (tab labels, column headers). */
export type PlainKey = { [K in MessageKey]: [ParamName<K>] extends [never] ? K : never }[MessageKey];

type ParamArgs<K extends MessageKey, V> = [ParamName<K>] extends [never] ? [] : [params: Record<ParamName<K>, V>];

export interface Translator {
  <K extends MessageKey>(key: K, ...args: ParamArgs<K, string | number>): string;
  /** Like t(), but placeholders may be React elements; returns a fragment. */
  rich<K extends MessageKey>(key: K, params: Record<ParamName<K>, ReactNode>): ReactNode;
  readonly locale: Locale;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The locale a cookie value names; anything else (absent, stale, tampered) is English. */
export function parseLocale(value: string | null | undefined): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

function message(locale: Locale, key: MessageKey): string {
  return DICTIONARIES[locale][key] ?? en[key];
}

/** Splits a template into literal text and placeholder names (odd indexes). */
function parts(template: string): string[] {
  return template.split(PLACEHOLDER);
}

export function createTranslator(locale: Locale): Translator {
  const t = <K extends MessageKey>(key: K, ...args: ParamArgs<K, string | number>): string => {
    const template = message(locale, key);
    const params = args[0] as Readonly<Record<string, string | number>> | undefined;
    if (!params) return template;
    return template.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
  const rich = <K extends MessageKey>(key: K, params: Record<ParamName<K>, ReactNode>): ReactNode => {
    const values = params as Readonly<Record<string, ReactNode>>;
    const children = parts(message(locale, key)).map((part, i) => (i % 2 === 0 ? part : part in values ? values[part] : `{${part}}`));
    return createElement(Fragment, null, ...children.filter((c) => c !== ""));
  };
  return Object.assign(t, { rich, locale });
}

/** The label of a message model (CLUSTERING/BROADCASTING), or null when unknown. */
export function modelKey(model: string | null | undefined): PlainKey | null {
  return model === "CLUSTERING" ? "model.clustering" : model === "BROADCASTING" ? "model.broadcasting" : null;
}

/** The label of a consume type (CONSUME_PASSIVELY/ACTIVELY/POP), or null when unknown. */
/** Consumer kinds (lib/domain/consumerKind); null for "unknown" so callers fall back to the consume type. */
export function consumerKindKey(kind: string | null | undefined): PlainKey | null {
  switch (kind) {
    case "push":
      return "consumerKind.push";
    case "pull":
      return "consumerKind.pull";
    case "grpc-simple":
      return "consumerKind.grpcSimple";
    case "grpc-push":
      return "consumerKind.grpcPush";
    case "pop-push":
      return "consumerKind.popPush";
    case "pop":
      return "consumerKind.pop";
    default:
      return null;
  }
}

export function consumeTypeKey(type: string | null | undefined): PlainKey | null {
  return type === "CONSUME_PASSIVELY" ? "consumeType.push" : type === "CONSUME_ACTIVELY" ? "consumeType.pull" : type === "CONSUME_POP" ? "consumeType.pop" : null;
}

const TOPIC_KINDS: Readonly<Record<string, PlainKey>> = {
  retry: "topicKind.retry",
  dlq: "topicKind.dlq",
  system: "topicKind.system",
  lmq: "topicKind.lmq",
};

/** The badge text of a topic kind; an unknown kind is shown as the server sent it. */
export function topicKindText(t: Translator, kind: string): string {
  const key = TOPIC_KINDS[kind];
  return key ? t(key) : kind;
}

const CONSUME_FROM: Readonly<Record<string, PlainKey>> = {
  CONSUME_FROM_LAST_OFFSET: "detail.consumeFrom.lastOffset",
  CONSUME_FROM_FIRST_OFFSET: "detail.consumeFrom.firstOffset",
  CONSUME_FROM_TIMESTAMP: "detail.consumeFrom.timestamp",
};

/** "CONSUME_FROM_LAST_OFFSET" -> "last offset"; deprecated values fall back to their own words. */
export function consumeFromText(t: Translator, where: string): string {
  const key = CONSUME_FROM[where];
  return key ? t(key) : where.replace("CONSUME_FROM_", "").toLowerCase().replaceAll("_", " ");
}

const SEVERITIES: Readonly<Record<string, PlainKey>> = {
  info: "diag.severity.info",
  warning: "diag.severity.warning",
  critical: "diag.severity.critical",
};

export function severityText(t: Translator, severity: string): string {
  const key = SEVERITIES[severity];
  return key ? t(key) : severity;
}

const DIAGNOSIS_KINDS: Readonly<Record<string, PlainKey>> = {
  "pinned-by-slow-message": "diag.kind.pinned-by-slow-message",
  "consume-stuck": "diag.kind.consume-stuck",
  "flow-control": "diag.kind.flow-control",
  "pulling-stopped": "diag.kind.pulling-stopped",
  "lock-lost": "diag.kind.lock-lost",
  "lock-trouble": "diag.kind.lock-trouble",
  "consume-failures": "diag.kind.consume-failures",
  "unowned-queue": "diag.kind.unowned-queue",
  "client-unreachable": "diag.kind.client-unreachable",
};

/** "pinned-by-slow-message" -> "pinned by slow message" (or its translation); a new kind shows its own words. */
export function diagnosisKindText(t: Translator, kind: string): string {
  const key = DIAGNOSIS_KINDS[kind];
  return key ? t(key) : kind.replaceAll("-", " ");
}

"use client";

import { useRouter } from "next/navigation";
import { useId, useOptimistic, useTransition } from "react";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n";
import { useLocale, useT } from "@/lib/i18n/react";
import { preferenceCookie, THEME_COOKIE, THEMES, type Theme } from "./theme";

/**
 * A labelled row of toggle buttons (aria-pressed) for one preference. The choice is written to a cookie and the
 * server components re-render through router.refresh(), so server- and client-rendered text agree.
 */
function Segmented<V extends string>({
  label,
  options,
  value,
  onChange,
  pending,
}: {
  label: string;
  options: ReadonlyArray<{ value: V; text: string; lang?: string }>;
  value: V;
  onChange: (value: V) => void;
  pending: boolean;
}) {
  const id = useId();
  return (
    <div className="pref">
      <span className="pref-label" id={id}>
        {label}
      </span>
      <div className="segmented" role="group" aria-labelledby={id} aria-busy={pending || undefined}>
        {options.map((o) => (
          <button key={o.value} type="button" lang={o.lang} aria-pressed={o.value === value} onClick={() => o.value !== value && onChange(o.value)}>
            {o.text}
          </button>
        ))}
      </div>
    </div>
  );
}

export function LanguageSwitch() {
  const t = useT();
  const router = useRouter();
  const locale = useLocale();
  const [shown, setShown] = useOptimistic(locale);
  const [pending, startTransition] = useTransition();
  const choose = (next: Locale) => {
    document.cookie = preferenceCookie(LOCALE_COOKIE, next);
    startTransition(() => {
      setShown(next);
      router.refresh();
    });
  };
  return (
    <Segmented
      label={t("prefs.language")}
      options={LOCALES.map((l) => ({ value: l, text: LOCALE_NAMES[l], lang: l }))}
      value={shown}
      onChange={choose}
      pending={pending}
    />
  );
}

export function ThemeSwitch({ theme }: { theme: Theme }) {
  const t = useT();
  const router = useRouter();
  const [shown, setShown] = useOptimistic(theme);
  const [pending, startTransition] = useTransition();
  const choose = (next: Theme) => {
    document.cookie = preferenceCookie(THEME_COOKIE, next);
    // Repaint at once; the refreshed layout renders the same attribute from the cookie.
    document.documentElement.dataset.theme = next;
    startTransition(() => {
      setShown(next);
      router.refresh();
    });
  };
  const text: Record<Theme, string> = { system: t("theme.system"), light: t("theme.light"), dark: t("theme.dark") };
  return <Segmented label={t("prefs.theme")} options={THEMES.map((v) => ({ value: v, text: text[v] }))} value={shown} onChange={choose} pending={pending} />;
}

import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/ui/NavLinks";
import { LanguageSwitch, ThemeSwitch } from "@/components/ui/PreferenceSwitches";
import { parseTheme, THEME_COOKIE } from "@/components/ui/theme";
import { createTranslator, LOCALE_COOKIE, parseLocale } from "@/lib/i18n";
import { getT } from "@/lib/i18n/server";
import { I18nProvider } from "@/lib/i18n/react";
import { Providers } from "./providers";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: "Tidemark", description: t("meta.description") };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Both preferences come from cookies so the first HTML already has the right language and colours (no flash).
  const jar = await cookies();
  const locale = parseLocale(jar.get(LOCALE_COOKIE)?.value);
  const theme = parseTheme(jar.get(THEME_COOKIE)?.value);
  const t = createTranslator(locale);
  return (
    <html lang={locale} data-theme={theme}>
      <body>
        <I18nProvider locale={locale}>
          <div className="shell">
            <aside className="sidebar">
              <div className="sidebar-inner">
                <div className="brand">
                  Tidemark
                  <small>{t("brand.tagline")}</small>
                </div>
                <NavLinks />
                <div className="prefs">
                  <LanguageSwitch />
                  <ThemeSwitch theme={theme} />
                </div>
              </div>
            </aside>
            <main className="main">
              <Providers>{children}</Providers>
            </main>
          </div>
        </I18nProvider>
      </body>
    </html>
  );
}

import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { parseTheme, THEME_COOKIE } from "@/components/ui/theme";
import { LOCALE_COOKIE, parseLocale } from "@/lib/i18n";
import { getT } from "@/lib/i18n/server";
import { I18nProvider } from "@/lib/i18n/react";
import { Providers } from "./providers";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: "Tidemark", description: t("meta.description") };
}

/**
 * The document, shared by the console (app/(console)/layout.tsx: sign-in required, sidebar) and the login page.
 * Both preferences come from cookies so the first HTML already has the right language and colours (no flash).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const jar = await cookies();
  const locale = parseLocale(jar.get(LOCALE_COOKIE)?.value);
  const theme = parseTheme(jar.get(THEME_COOKIE)?.value);
  return (
    <html lang={locale} data-theme={theme}>
      <body>
        <I18nProvider locale={locale}>
          <Providers>{children}</Providers>
        </I18nProvider>
      </body>
    </html>
  );
}

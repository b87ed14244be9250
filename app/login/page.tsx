import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/LoginForm";
import { LanguageSwitch, ThemeSwitch } from "@/components/ui/PreferenceSwitches";
import { parseTheme, THEME_COOKIE } from "@/components/ui/theme";
import { safeNextPath } from "@/lib/api/nextPath";
import { getT } from "@/lib/i18n/server";
import { currentUser } from "@/lib/server/session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t("login.title")}` };
}

/** The one page without the sidebar and without a sign-in: a form, and the language and theme switches. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const wanted = (await searchParams).next;
  const next = safeNextPath(typeof wanted === "string" ? wanted : undefined);
  // Already signed in (or TIDEMARK_AUTH=off): nothing to do here.
  if (await currentUser()) redirect(next);
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const t = await getT();
  return (
    <div className="login">
      <main className="login-card">
        <header className="login-head">
          <div className="brand">
            Tidemark
            <small>{t("brand.tagline")}</small>
          </div>
        </header>
        <div className="login-body">
          <h1>{t("login.title")}</h1>
          <LoginForm next={next} />
          <p className="muted small">{t("login.hint")}</p>
        </div>
        <footer className="login-prefs">
          <LanguageSwitch />
          <ThemeSwitch theme={theme} />
        </footer>
      </main>
    </div>
  );
}

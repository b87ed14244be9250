import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AuthOffBanner } from "@/components/auth/AuthOffBanner";
import { parseRefresh, REFRESH_COOKIE } from "@/components/hooks/refresh";
import { RefreshProvider } from "@/components/hooks/useRefresh";
import { SessionProvider } from "@/components/auth/Session";
import { UserMenu } from "@/components/auth/UserMenu";
import { NavLinks } from "@/components/ui/NavLinks";
import { LanguageSwitch, ThemeSwitch } from "@/components/ui/PreferenceSwitches";
import { RefreshControl } from "@/components/ui/RefreshControl";
import { parseTheme, THEME_COOKIE } from "@/components/ui/theme";
import { loginPath } from "@/lib/api/nextPath";
import { getT } from "@/lib/i18n/server";
import { currentUser } from "@/lib/server/session";

/** The path proxy.ts saw (path and query), so the login page can send the user back to it. */
const PATH_HEADER = "x-tidemark-path";

/**
 * Every console page needs a signed-in user (or TIDEMARK_AUTH=off); /login lives outside this group.
 * The API checks every request on its own: this layout decides what to render, never what is allowed.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect(loginPath((await headers()).get(PATH_HEADER)));
  const jar = await cookies();
  const theme = parseTheme(jar.get(THEME_COOKIE)?.value);
  // The polling hooks' interval (or paused), remembered like the language and theme.
  const refresh = parseRefresh(jar.get(REFRESH_COOKIE)?.value);
  const t = await getT();
  return (
    <SessionProvider session={{ username: user.username, role: user.role, via: user.via, authMode: user.authMode }}>
      <RefreshProvider initial={refresh}>
        <div className="shell">
          <aside className="sidebar">
            <div className="sidebar-inner">
              <div className="brand">
                Tidemark
                <small>{t("brand.tagline")}</small>
              </div>
              <NavLinks />
              <div className="prefs">
                <UserMenu />
                <RefreshControl />
                <LanguageSwitch />
                <ThemeSwitch theme={theme} />
              </div>
            </div>
          </aside>
          <main className="main">
            {user.authMode === "off" && <AuthOffBanner />}
            {children}
          </main>
        </div>
      </RefreshProvider>
    </SessionProvider>
  );
}

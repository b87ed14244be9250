import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/ui/NavLinks";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Tidemark",
  description: "RocketMQ consumer offsets: lag, backlog, diagnosis and safe rewinds",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <aside className="sidebar">
            <div className="brand">
              Tidemark
              <small>RocketMQ consumer offsets</small>
            </div>
            <NavLinks />
          </aside>
          <main className="main">
            <Providers>{children}</Providers>
          </main>
        </div>
      </body>
    </html>
  );
}

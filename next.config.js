// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons and the Prisma runtime must be loaded by Node, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The remoting client opens raw TCP sockets: every route runs on the Node runtime (the default).
  // Pages get their CSP (with a nonce) from proxy.ts; these apply to everything, the API included.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

module.exports = nextConfig;

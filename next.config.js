// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons and the Prisma runtime must be loaded by Node, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The remoting client opens raw TCP sockets: every route runs on the Node runtime (the default).
};

module.exports = nextConfig;

import type { NextConfig } from "next";

/**
 * Sent with every response: pages, route handlers (CSV and Markdown downloads, the API), redirects
 * and 403s alike, because Next applies these before the proxy and the routes run. No page may be
 * framed by another site (X-Frame-Options for older browsers, CSP frame-ancestors for the rest); the
 * CSP sets nothing else, so Next's inline scripts keep working. Browsers take the declared type of a
 * download as it is, and other sites get only our origin as the referrer.
 */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs", "pg-boss", "pg"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  experimental: {
    // forbidden() answers 403 from pages, server actions and route handlers alike.
    authInterrupts: true,
    // a pasted or uploaded file of answers (at most 5,000 rows) is sent to a server action whole
    serverActions: { bodySizeLimit: "4mb" },
  },
};

export default nextConfig;

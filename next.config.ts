import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bcryptjs"],
  poweredByHeader: false,
  experimental: {
    // forbidden() answers 403 from pages, server actions and route handlers alike.
    authInterrupts: true,
    // a pasted or uploaded file of answers (at most 5,000 rows) is sent to a server action whole
    serverActions: { bodySizeLimit: "4mb" },
  },
};

export default nextConfig;

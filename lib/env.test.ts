import { describe, expect, it } from "vitest";
import { EnvironmentError } from "@/lib/errors";
import { demoDataEnabled, parseEnv, webConcurrencyProblem } from "./env";

describe("environment", () => {
  it("defaults to the embedded database with demo data on port 3000", () => {
    const e = parseEnv({});
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e).toMatchObject({ PGLITE_DIR: ".data/pglite", PORT: 3000, DEMO_SCALE: 1 });
    expect(demoDataEnabled(e)).toBe(true);
  });

  it("treats blank values as unset and reads on/off", () => {
    const e = parseEnv({ DATABASE_URL: "", DEMO_DATA: "off" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.DEMO_DATA).toBe(false);
  });

  it("loads demo data into PostgreSQL only when asked", () => {
    expect(demoDataEnabled(parseEnv({ DATABASE_URL: "postgres://localhost/db" }))).toBe(false);
    expect(demoDataEnabled(parseEnv({ DATABASE_URL: "postgres://localhost/db", DEMO_DATA: "on" }))).toBe(true);
  });

  it("names the variable and what to do when a value is wrong", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(EnvironmentError);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a PostgreSQL connection string/);
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT: must be a port number/);
  });

  it("trusts no proxy unless told how many stand in front, and says what the number means", () => {
    expect(parseEnv({}).TRUST_PROXY_HOPS).toBe(0);
    expect(parseEnv({ TRUST_PROXY_HOPS: "2" }).TRUST_PROXY_HOPS).toBe(2);
    for (const wrong of ["true", "-1", "1.5", "11", "loopback"]) {
      expect(() => parseEnv({ TRUST_PROXY_HOPS: wrong }), wrong).toThrow(/TRUST_PROXY_HOPS: must be the number of reverse proxies in front of the app.*0 when clients connect to it directly, 1 behind one proxy/);
    }
  });

  it("runs one server process unless told, several only on PostgreSQL, and names the variable when refused", () => {
    expect(parseEnv({}).WEB_CONCURRENCY).toBe(1);
    expect(webConcurrencyProblem(parseEnv({ WEB_CONCURRENCY: "4", DATABASE_URL: "postgres://localhost/db" }))).toBeNull();
    expect(webConcurrencyProblem(parseEnv({ WEB_CONCURRENCY: "1" }))).toBeNull();
    expect(webConcurrencyProblem(parseEnv({ WEB_CONCURRENCY: "2" }))).toMatch(/^WEB_CONCURRENCY=2 needs PostgreSQL.*DATABASE_URL/);
    for (const wrong of ["0", "1.5", "65", "auto"]) {
      expect(() => parseEnv({ WEB_CONCURRENCY: wrong }), wrong).toThrow(/WEB_CONCURRENCY: must be the number of server processes/);
    }
  });
});

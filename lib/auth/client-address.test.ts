import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordPeerAddresses } from "@/lib/http/peer-address";
import { UNKNOWN_ADDRESS, clientAddress, throttleKey } from "./client-address";

describe("the address a sign-in comes from", () => {
  it("reads the right-most entry when no proxy is trusted, whatever the client wrote before it", () => {
    expect(clientAddress("203.0.113.9", 0)).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 7.7.7.7, 203.0.113.9", 0)).toBe("203.0.113.9");
  });

  it("steps one entry left per trusted proxy, and never past the left-most", () => {
    // The client wrote 6.6.6.6; the proxy appended the client's real address; this server appended the proxy's.
    expect(clientAddress("6.6.6.6, 198.51.100.4, 10.0.0.2", 1)).toBe("198.51.100.4");
    expect(clientAddress("6.6.6.6, 198.51.100.4, 10.1.0.7, 10.0.0.2", 2)).toBe("198.51.100.4");
    expect(clientAddress("198.51.100.4", 2)).toBe("198.51.100.4");
  });

  it("counts what is not an address under one shared key", () => {
    for (const header of [null, undefined, "", "unknown", "1.2.3.4, <script>", "999.1.1.1"]) {
      expect(clientAddress(header, 0), String(header)).toBe(UNKNOWN_ADDRESS);
    }
  });

  it("normalises ports, brackets and IPv4-mapped IPv6, and counts IPv6 by its /64", () => {
    expect(throttleKey("198.51.100.4:51234")).toBe("198.51.100.4");
    expect(throttleKey("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(throttleKey("[2001:db8::1]:443")).toBe("2001:db8:0:0::/64");
    expect(throttleKey("2001:DB8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(throttleKey("2001:db8:1:2::9")).toBe(throttleKey("2001:db8:1:2:ffff::1"));
    expect(throttleKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(throttleKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });
});

describe("the server's own record of the peer address", () => {
  let server: http.Server;
  let url: string;
  const seen: (string | undefined)[] = [];
  beforeAll(async () => {
    // Created before the patch, as Next's server is created before instrumentation runs.
    server = http.createServer((request, response) => {
      seen.push(request.headers["x-forwarded-for"] as string | undefined);
      response.end();
    });
    recordPeerAddresses();
    recordPeerAddresses();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("appends the connection's address once, after whatever the client claimed, so the client cannot choose it", async () => {
    await fetch(url);
    await fetch(url, { headers: { "x-forwarded-for": "6.6.6.6" } });
    expect(seen).toEqual(["127.0.0.1", "6.6.6.6, 127.0.0.1"]);
    expect(seen.map((header) => clientAddress(header, 0))).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});

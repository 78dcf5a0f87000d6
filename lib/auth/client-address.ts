/**
 * The network address a sign-in comes from, for throttling failed sign-ins (lib/auth/lockout.ts).
 *
 * Next.js gives server actions and route handlers no socket, only headers. `next start` sets
 * X-Forwarded-For to the socket's address only when the request has none, so a client that talks to
 * the server directly can write any address there. The server therefore appends the socket's
 * address itself (lib/http/peer-address.ts, installed by instrumentation.ts), as a proxy would: the
 * right-most entry is always the address that connected to this server, which no client can choose.
 *
 * TRUST_PROXY_HOPS says how many reverse proxies stand in front (0: none). Each proxy appends the
 * address it received the request from, so the client is the entry that many places left of the
 * right-most one. Entries further left were written by the client and are never read.
 */
import { isIP } from "node:net";

/** Where an address that cannot be read is counted: all such sign-ins share one throttle. */
export const UNKNOWN_ADDRESS = "unknown";

export function clientAddress(forwardedFor: string | null | undefined, trustedProxies: number): string {
  const entries = (forwardedFor ?? "").split(",").map((entry) => entry.trim());
  const chosen = entries[Math.max(0, entries.length - 1 - trustedProxies)] ?? "";
  return throttleKey(chosen) ?? UNKNOWN_ADDRESS;
}

/**
 * The key failures are counted under: an IPv4 address as it is, an IPv6 address by its /64 network
 * (one customer line holds a whole /64, so counting single IPv6 addresses would let one attacker
 * rotate through billions). Null when the entry is not an IP address.
 */
export function throttleKey(entry: string): string | null {
  let address = entry.trim().replace(/^"|"$/g, "");
  const bracketed = address.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, "").toLowerCase();
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const groups = expandIpv6(address);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail becomes the last two). */
function expandIpv6(address: string): number[] {
  let text = address;
  const v4 = text.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

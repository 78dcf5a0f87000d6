import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { verifySessionToken } from "./session-token";

const secret = "a-test-secret-of-enough-length-for-hkdf";
const name = "authjs.session-token";
const hour = 60 * 60;

async function cookie(options: { secret?: string; maxAge?: number; sub?: string | null; cookieName?: string } = {}) {
  const cookieName = options.cookieName ?? name;
  const token = { name: "Riley Rep", ...(options.sub === null ? {} : { sub: options.sub ?? "7" }), role: "sales", sv: 1 };
  const value = await encode({ token, secret: options.secret ?? secret, salt: cookieName, maxAge: options.maxAge ?? 12 * hour });
  return `theme=light; ${cookieName}=${value}`;
}

describe("verifySessionToken", () => {
  it("accepts a token the app signed, unexpired, and gives its claims", async () => {
    const token = await verifySessionToken(await cookie(), secret);
    expect(token).toMatchObject({ sub: "7", role: "sales", sv: 1 });
  });

  it("accepts the __Secure- cookie of an HTTPS deployment", async () => {
    expect(await verifySessionToken(await cookie({ cookieName: "__Secure-authjs.session-token" }), secret)).toMatchObject({ sub: "7" });
  });

  it("refuses an expired token", async () => {
    const header = await cookie({ maxAge: hour });
    expect(await verifySessionToken(header, secret, Date.now() + 2 * hour * 1000)).toBeNull();
    // jose allows 15 s of clock skew on exp; the check of exp here allows none.
    expect(await verifySessionToken(header, secret, Date.now() + hour * 1000 + 1000)).toBeNull();
  });

  it("refuses a token signed with another secret, a tampered one and plain junk", async () => {
    expect(await verifySessionToken(await cookie({ secret: "someone-elses-secret-of-enough-length" }), secret)).toBeNull();
    const genuine = await cookie();
    const value = genuine.split(`${name}=`)[1]!;
    const flipped = value.slice(0, -5) + (value.at(-5) === "A" ? "B" : "A") + value.slice(-4);
    expect(await verifySessionToken(`${name}=${flipped}`, secret)).toBeNull();
    expect(await verifySessionToken(`${name}=x`, secret)).toBeNull();
    expect(await verifySessionToken(`${name}=not-a-real-token`, secret)).toBeNull();
  });

  it("refuses a token that names no user", async () => {
    expect(await verifySessionToken(await cookie({ sub: null }), secret)).toBeNull();
  });

  it("answers null without a cookie, with other cookies only, or with the name under another cookie", async () => {
    expect(await verifySessionToken(null, secret)).toBeNull();
    expect(await verifySessionToken("", secret)).toBeNull();
    expect(await verifySessionToken("theme=light; other=1", secret)).toBeNull();
    expect(await verifySessionToken(`x-${name}=abc`, secret)).toBeNull();
  });
});

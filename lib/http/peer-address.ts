/**
 * Appends the address of the connection to X-Forwarded-For on every request this process serves,
 * as a reverse proxy does. `next start` only fills the header in when it is missing, so without this
 * a client connecting directly could choose the address sign-in throttling counts it under
 * (lib/auth/client-address.ts explains the rule that reads it).
 */
import http from "node:http";

const installed = Symbol.for("pipeline-accelerator.peer-address");

/** Adds the socket's address as the right-most X-Forwarded-For entry, keeping what came before it. */
export function appendPeerAddress(request: http.IncomingMessage): void {
  const peer = request.socket?.remoteAddress;
  if (!peer) return;
  const existing = request.headers["x-forwarded-for"];
  const before = (Array.isArray(existing) ? existing.join(", ") : (existing ?? "")).trim();
  request.headers["x-forwarded-for"] = before ? `${before}, ${peer}` : peer;
}

/**
 * Makes every HTTP server of this process append the peer address before any listener sees the
 * request, including a server that was created before this ran (the method is on the prototype).
 * Runs once however often it is called.
 */
export function recordPeerAddresses(): void {
  const prototype = http.Server.prototype as http.Server & { [installed]?: true };
  if (prototype[installed]) return;
  const emit = prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") appendPeerAddress(args[0] as http.IncomingMessage);
    return emit.call(this, event, ...args);
  } as typeof prototype.emit;
  prototype[installed] = true;
}

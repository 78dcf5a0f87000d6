/** Where to go after signing in: only a path on this site, so a crafted link cannot send a fresh session elsewhere. */
export function safeCallback(url: string | undefined): string {
  if (!url || !url.startsWith("/")) return "/";
  const base = "http://app.invalid";
  let resolved: URL;
  try {
    resolved = new URL(url, base);
  } catch {
    return "/";
  }
  if (resolved.origin !== base || resolved.pathname.startsWith("/sign-in")) return "/";
  return `${resolved.pathname}${resolved.search}`;
}

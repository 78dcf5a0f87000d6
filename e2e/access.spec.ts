import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser, type Page, type Request } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { can, type Permission } from "@/lib/auth/permissions";
import { navItems } from "@/lib/navigation";
import { appPages, serverActions, sessionRoutes } from "./access-matrix";
import { findDealId, menuLabels, signInAs } from "./fixtures";

/**
 * Access, tried as an attacker would: for every page, route handler and server action the code
 * defines (./access-matrix.ts), each role without its permission, a forged cookie and a genuine
 * token of a session that no longer exists get raw answers (no redirect followed) that carry none
 * of the page's data, not only a different URL.
 */

const roles = { admin: "admin@example.com", executive: "exec@example.com", marketing: "marketing@example.com", sales: "rep@example.com" } as const;
type Role = keyof typeof roles;
const roleNames = Object.keys(roles) as Role[];

interface Caller {
  name: string;
  request: APIRequestContext;
  /** The header the caller sends, for raw requests made with another context. */
  cookie: string;
}

async function signedIn(browser: Browser, role: Role): Promise<Caller & { close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, roles[role]);
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  return { name: role, request: context.request, cookie, close: () => context.close() };
}

const sessionCookie = "authjs.session-token";
/** The secret the server under test signs sessions with (generated into .data on first start). */
const serverSecret = () => process.env.AUTH_SECRET || fs.readFileSync(path.resolve(import.meta.dirname, "../.data/auth-secret"), "utf8").trim();

/** A token signed with the server's own secret, so the proxy lets it through and only the guard can refuse it. */
async function mintedSessionCookie(claims: { sub: string; role: string; sv: number }): Promise<string> {
  return `${sessionCookie}=${await encode({ token: { ...claims, name: "Nobody" }, secret: serverSecret(), salt: sessionCookie, maxAge: 3600 })}`;
}

/** The user id a session cookie carries. */
async function userIdOf(cookie: string): Promise<string> {
  const token = cookie.match(new RegExp(`${sessionCookie}=([^;]+)`))?.[1];
  const claims = await decode({ token, secret: serverSecret(), salt: sessionCookie });
  return String(claims?.sub);
}

const get = (request: APIRequestContext, url: string, cookie: string, headers: Record<string, string> = {}) =>
  request.get(url, { maxRedirects: 0, headers: { cookie, ...headers } });

/**
 * Reads raw HTML in one page of a context with scripts off and every request refused, one document
 * at a time: what a person would see of an answer, without running or fetching anything.
 */
function htmlReader(browser: Browser) {
  let page: Promise<Page> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const open = () =>
    (page ??= (async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const p = await context.newPage();
      await p.route("**/*", (route) => route.abort());
      return p;
    })());
  function read<T>(html: string, look: (page: Page) => Promise<T>): Promise<T> {
    const turn = queue.then(async () => {
      const p = await open();
      await p.setContent(html, { waitUntil: "domcontentloaded" });
      return look(p);
    });
    queue = turn.catch(() => undefined);
    return turn;
  }
  return {
    /** Text of the elements matching the selector (the guard's data-page-content, the header…), each once. */
    texts: (html: string, selector: string) =>
      read(html, async (p) => {
        const texts = await p.evaluate((sel) => {
          const out: string[] = [];
          for (const root of document.querySelectorAll(sel)) {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) out.push((node.textContent ?? "").trim());
          }
          return out;
        }, selector);
        return [...new Set(texts)];
      }),
    /** What every answer carries whatever the address: the document's title and the app's description. */
    chrome: (html: string) =>
      read(html, (p) =>
        p.evaluate(() => [
          ...[...document.querySelectorAll("title")].map((t) => t.textContent ?? ""),
          ...[...document.querySelectorAll('meta[name="description"]')].map((m) => m.getAttribute("content") ?? ""),
        ]),
      ),
    close: async () => {
      if (page) await (await page).context().close();
    },
  };
}

/**
 * What of the page's content a leak would show: its texts that cannot occur by chance in another
 * answer (a phrase or a figure, not a lone word such as "accounts", which a sign-in link holds too).
 */
const telling = (texts: string[]) => texts.filter((t) => t.length >= 6 && /[A-Za-z0-9]/.test(t) && /[\s\d]/.test(t) && !/["'&<>\\]/.test(t));

function expectNoPageData(body: string, data: string[], chrome: Set<string>, what: string) {
  expect(body, `${what}: the guarded content marker`).not.toContain("data-page-content");
  const ownChrome = [...chrome];
  for (const text of data) {
    if (ownChrome.some((c) => c.includes(text))) continue;
    expect(body.includes(text), `${what} carries the page's "${text}"`).toBe(false);
  }
}

test.describe("access control", () => {
  test.describe.configure({ timeout: 600_000 });

  test("the menu and the route tree agree: every menu item is a guarded page with the same permission", () => {
    const byRoute = new Map(appPages.map((p) => [p.route, p.permission]));
    for (const item of navItems) expect(byRoute.get(item.href), item.href).toBe(item.permission);
  });

  test("every page: refused roles, a forged cookie and a dead session get no page data", async ({ browser, playwright, baseURL }) => {
    const callers = Object.fromEntries(await Promise.all(roleNames.map(async (r) => [r, await signedIn(browser, r)] as const))) as Record<Role, Awaited<ReturnType<typeof signedIn>>>;
    const anonymous = await playwright.request.newContext({ baseURL });
    const reader = htmlReader(browser);
    try {
      // Fill the route tree's [segments] with real records.
      const adminGet = (url: string) => get(callers.admin.request, url, callers.admin.cookie);
      const accountId = (await (await adminGet("/accounts")).text()).match(/href="\/accounts\/(\d+)"/)?.[1];
      expect(accountId, "an account to open").toBeTruthy();
      let importId = (await (await adminGet("/import")).text()).match(/href="\/import\/(\d+)"/)?.[1];
      if (!importId) {
        const upload = await callers.admin.request.post("/api/imports?entity=accounts&name=access-probe.csv", {
          headers: { cookie: callers.admin.cookie, "content-type": "text/csv" },
          data: "Account Name,Website\nProbe Company,probe.example\n",
        });
        expect(upload.status()).toBe(201);
        importId = String((await upload.json()).id);
      }
      // An archived report when a job has run; otherwise any id (the guard answers before the lookup).
      const reportId = (await (await adminGet("/reports")).text()).match(/href="\/reports\/(\d+)"/)?.[1] ?? "1";
      const dealId = await findDealId(callers.admin.request, { cookie: callers.admin.cookie });
      expect(dealId, "a deal to open").toBeTruthy();
      const segments: Record<string, string> = {
        "/accounts/[id]": accountId!,
        "/deals/[id]": dealId!,
        "/reports/[id]": reportId,
        "/import/[id]": importId,
        "/api/imports/[id]": importId,
        "/definitions/[stage]": "mql",
        "/export/[entity]": "accounts",
      };
      const urlOf = (route: string) => {
        if (!route.includes("[")) return route;
        const prefix = Object.keys(segments).find((k) => route.startsWith(k));
        expect(prefix, `no record to open ${route} with: add one to the test's segments`).toBeTruthy();
        return route.replace(prefix!, prefix!.replace(/\[[^\]]+\]/, segments[prefix!]!));
      };

      const forged: Caller = { name: "a forged cookie", request: anonymous, cookie: "authjs.session-token=forged-by-hand" };
      const ghost: Caller = { name: "a genuine token of a user who does not exist", request: anonymous, cookie: await mintedSessionCookie({ sub: "2147483000", role: "admin", sv: 0 }) };
      // The admin, signed with a session version the database no longer holds (as after a sign-out).
      const ended = { name: "a genuine token of an ended session", request: anonymous, cookie: await mintedSessionCookie({ sub: await userIdOf(callers.admin.cookie), role: "admin", sv: 987_654 }) };

      // Each role's own chrome: its name, role and menu, as its header shows them on a page it may open.
      const chrome = Object.fromEntries(
        await Promise.all(roleNames.map(async (r) => [r, await reader.texts(await (await get(callers[r].request, "/overview", callers[r].cookie)).text(), "header")] as const)),
      ) as Record<Role, string[]>;
      expect(chrome.sales.length).toBeGreaterThan(2);

      for (const page of appPages) {
        const url = urlOf(page.route);
        const allowedRole = roleNames.find((r) => can(r, page.permission))!;
        const allowed = await get(callers[allowedRole].request, url, callers[allowedRole].cookie);
        const allowedBody = await allowed.text();
        let data: string[] = [];
        if (allowed.status() === 200) {
          // The page's name (its document title, sent with any answer for the address) is not data.
          const titles = await reader.texts(allowedBody, "title");
          data = telling(await reader.texts(allowedBody, "[data-page-content]")).filter((t) => !titles.some((title) => title.includes(t)));
          expect(data.length, `${url} as ${allowedRole}: the page shows something to check for`).toBeGreaterThan(0);
        } else {
          // A page that only redirects (home) has no data of its own.
          expect(allowed.status(), `${url} as ${allowedRole}`).toBe(307);
        }

        for (const role of roleNames.filter((r) => !can(r, page.permission))) {
          const what = `${url} as ${role}`;
          const refused = await get(callers[role].request, url, callers[role].cookie);
          expect(refused.status(), what).toBe(403);
          const body = await refused.text();
          expect(body, what).toContain("You do not have access to this");
          // The refused role's own header and the document's title are not the page's data.
          const own = new Set([...chrome[role], ...(await reader.chrome(body))]);
          expectNoPageData(body, data, own, what);
          // The same page asked for as a client-side navigation does (the RSC payload).
          // (Next.js first redirects a bare RSC request to its cache-busting ?_rsc= address; that hop is followed.)
          const navigation = await callers[role].request.get(url, { maxRedirects: 1, headers: { cookie: callers[role].cookie, RSC: "1" } });
          const payload = await navigation.text();
          // A navigation's payload answers 200 and carries the 403 page in it.
          expect(payload, `${what} (RSC)`).toContain("You do not have access to this");
          expect(navigation.headers()["content-type"], `${what} (RSC)`).toContain("text/x-component");
          expectNoPageData(payload, data, own, `${what} (RSC)`);
        }

        for (const caller of [forged, ghost, ended]) {
          const what = `${url} with ${caller.name}`;
          const refused = await get(caller.request, url, caller.cookie);
          expect(refused.status(), what).toBe(307);
          expect(refused.headers()["location"], what).toMatch(/\/sign-in/);
          const body = await refused.text();
          expectNoPageData(body, data, new Set(await reader.chrome(body)), what);
        }
      }

      // Route handlers: refused roles 403, signed-out callers 401, both with nothing but the refusal.
      for (const route of sessionRoutes) {
        const url = urlOf(route.route);
        const call = (caller: Caller) => caller.request.fetch(url, { method: route.method, maxRedirects: 0, headers: { cookie: caller.cookie, "content-type": "text/csv" }, data: route.method === "POST" ? "Account Name\nLeak Co\n" : undefined });
        for (const role of roleNames.filter((r) => !route.permissions.every((p) => can(r, p)))) {
          const refused = await call(callers[role]);
          expect(refused.status(), `${route.method} ${url} as ${role}`).toBe(403);
          expect(await refused.json()).toEqual({ error: "Your role may not do this." });
        }
        for (const caller of [ghost, ended]) {
          const refused = await call(caller);
          expect(refused.status(), `${route.method} ${url} with ${caller.name}`).toBe(401);
          expect(await refused.json()).toEqual({ error: "Sign in first." });
        }
      }
    } finally {
      await Promise.all(Object.values(callers).map((c) => c.close()));
      await anonymous.dispose();
      await reader.close();
    }
  });

  test("every server action: a role without its permission gets 403 and a dead session is sent to sign in", async ({ browser, playwright, baseURL }) => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThanOrEqual(30);
    const anonymous = await playwright.request.newContext({ baseURL });
    const ghost = await mintedSessionCookie({ sub: "2147483000", role: "admin", sv: 0 });
    // Served from any page of the action's; an id for the [segments] does not matter to the guard.
    const urlOf = (route: string) => route.replace(/\[[^\]]+\]/g, "1");
    const post = (request: APIRequestContext, action: (typeof actions)[number], cookie: string) =>
      request.post(urlOf(action.route), { maxRedirects: 0, headers: { cookie, "next-action": action.id, "content-type": "text/plain;charset=UTF-8" }, data: "[]" });
    try {
      for (const role of roleNames) {
        const caller = await signedIn(browser, role);
        for (const action of actions.filter((a): a is typeof a & { permission: Permission } => a.permission !== null && !can(role, a.permission))) {
          const response = await post(caller.request, action, caller.cookie);
          expect(response.status(), `${action.file} ${action.name} as ${role}`).toBe(403);
        }
        await caller.close();
      }
      for (const action of actions.filter((a) => a.permission !== null)) {
        const response = await post(anonymous, action, ghost);
        const what = `${action.file} ${action.name} with a dead session`;
        expect(response.status(), what).toBeLessThan(400);
        expect(`${response.headers()["x-action-redirect"] ?? ""} ${response.headers()["location"] ?? ""}`, what).toMatch(/\/sign-in/);
      }
    } finally {
      await anonymous.dispose();
    }
  });

  for (const [role, email] of Object.entries(roles) as [Role, string][]) {
    test(`${role}: the menu shows exactly the pages the role may open`, async ({ page }) => {
      await signInAs(page, email);
      await page.goto("/overview");
      const menu = await menuLabels(page);
      expect(menu).toEqual(navItems.filter((item) => can(role, item.permission)).map((item) => item.label));
    });
  }

  test("a sales user calling the admin user actions directly gets 403 and changes nothing", async ({ browser }) => {
    // Record the requests the admin's browser sends for two admin actions.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signInAs(admin, "admin@example.com");
    await admin.goto("/admin/users");
    const recorded: Request[] = [];
    admin.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    await admin.getByLabel("Name").fill("Recorded Person");
    await admin.getByLabel("Email").fill("recorded@example.com");
    await admin.getByRole("button", { name: "Add user" }).click();
    await expect(admin.getByText("Recorded Person can now sign in.")).toBeVisible();
    const row = admin.getByTestId("user-rep2@example.com");
    await row.getByLabel("role").selectOption("marketing");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByText(/is now marketing/)).toBeVisible();
    await row.getByLabel("role").selectOption("sales");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByText(/is now sales/)).toBeVisible();
    expect(recorded.length).toBeGreaterThanOrEqual(2);

    // Replay them as a sales rep, with the rep's session and a fresh email so a write would show.
    const repContext = await browser.newContext();
    const rep = await repContext.newPage();
    await signInAs(rep, "rep@example.com");
    for (const request of recorded) {
      const body = request.postDataBuffer()!.toString("latin1").replace("recorded@example.com", "intruder@example.com");
      const response = await rep.request.post(request.url(), {
        headers: { "next-action": request.headers()["next-action"]!, "content-type": request.headers()["content-type"]! },
        data: Buffer.from(body, "latin1"),
        maxRedirects: 0,
      });
      expect(response.status()).toBe(403);
      expect(await response.text()).not.toContain("intruder@example.com");
    }

    await admin.reload();
    await expect(admin.getByText("intruder@example.com")).toHaveCount(0);
    await expect(admin.getByTestId("user-rep2@example.com").getByLabel("role")).toHaveValue("sales");
    await adminContext.close();
    await repContext.close();
  });
});

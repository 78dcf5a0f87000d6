import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { can, landingPath, type Permission } from "@/lib/auth/permissions";
import { roleLabels, userRoles, type UserRole } from "@/lib/domain/roles";
import { appPages } from "./access-matrix";
import { demoUsers, findDealId, signInAs } from "./fixtures";

/**
 * Every page (./access-matrix.ts, so a new page is covered without editing this test), checked by
 * axe against WCAG 2.0 and 2.1 A and AA in the light and the dark colour scheme, and at a phone's
 * width (390 px) for sideways scrolling. One page load per page: the scheme and the width are
 * switched on the loaded page.
 *
 * A page is the same components for every role that may open it, the role deciding only which
 * controls are live; each is checked as the role that sees the most of it (the first in
 * userRoles that may open it, the admin for most). The pages whose content is the role's own,
 * the overview and each role's landing page, are checked as every role; so is every role's menu,
 * which is in each page's header.
 */

const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** The rules whose outcome depends on the colours. */
const colourRules = ["color-contrast", "link-in-text-block"];
const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

/** One demo user per role. */
const users = userRoles.map((role) => {
  const user = demoUsers.find((u) => u.role === roleLabels[role]);
  if (!user) throw new Error(`no demo user for ${role} in e2e/fixtures.ts`);
  return { role, email: user.email };
});

/** A real record for each [segment] of the route tree, found as the role would find it. */
async function segmentsFor(page: Page, role: UserRole): Promise<Record<string, string>> {
  const firstLink = async (list: string, pattern: RegExp) => {
    const response = await page.request.get(list, { maxRedirects: 0 });
    return response.ok() ? (await response.text()).match(pattern)?.[1] : undefined;
  };
  const segments: Record<string, string> = { "/definitions/[stage]": "mql" };
  const accountId = await firstLink("/accounts", /href="\/accounts\/(\d+)"/);
  expect(accountId, `${role}: an account to open`).toBeTruthy();
  segments["/accounts/[id]"] = accountId!;
  const dealId = await findDealId(page.request);
  expect(dealId, `${role}: a deal to open`).toBeTruthy();
  segments["/deals/[id]"] = dealId!;
  if (can(role, "imports:manage")) {
    let importId = await firstLink("/import", /href="\/import\/(\d+)"/);
    if (!importId) {
      const upload = await page.request.post("/api/imports?entity=accounts&name=accessibility-probe.csv", {
        headers: { "content-type": "text/csv" },
        data: "Account Name,Website\nProbe Company,probe.example\n",
      });
      expect(upload.status()).toBe(201);
      importId = String((await upload.json()).id);
    }
    segments["/import/[id]"] = importId;
  }
  return segments;
}

function urlOf(route: string, segments: Record<string, string>): string {
  if (!route.includes("[")) return route;
  const prefix = Object.keys(segments).find((k) => route.startsWith(k));
  expect(prefix, `no record to open ${route} with: add one to segmentsFor`).toBeTruthy();
  return route.replace(prefix!, prefix!.replace(/\[[^\]]+\]/, segments[prefix!]!));
}

/** Each violation as "scheme url: rule (impact) help — target: what is wrong", one line per element. */
async function violations(page: Page, label: string, rules?: string[]): Promise<string[]> {
  const axe = new AxeBuilder({ page }).withTags(wcag);
  const result = await (rules ? axe.withRules(rules) : axe).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
  );
}

/** The role each page is checked as: every role for its own pages, otherwise the first that may open it. */
function checkedAs(role: UserRole, route: string, permission: Permission): boolean {
  if (!can(role, permission)) return false;
  if (route === "/overview" || route === landingPath[role]) return true;
  return userRoles.find((r) => can(r, permission)) === role;
}

interface SignedIn {
  context: BrowserContext;
  segments: Record<string, string>;
}

/**
 * Each role's signed-in browser context and records, made once per worker the first time a test
 * needs them: the checks run in parallel, a test at a time on whichever worker is free.
 */
const it = test.extend<object, { signedIn: (role: UserRole, email: string) => Promise<SignedIn> }>({
  signedIn: [
    async ({ browser }, use) => {
      const made = new Map<UserRole, Promise<SignedIn>>();
      await use((role, email) => {
        let entry = made.get(role);
        if (!entry) {
          entry = (async () => {
            const context = await browser.newContext({ viewport: desktop });
            const page = await context.newPage();
            await signInAs(page, email);
            const segments = await segmentsFor(page, role);
            await page.close();
            return { context, segments };
          })();
          made.set(role, entry);
        }
        return entry;
      });
      for (const entry of made.values()) await (await entry.catch(() => null))?.context.close();
    },
    { scope: "worker" },
  ],
});

it.describe.configure({ mode: "parallel", timeout: 120_000 });

for (const { role, email } of users) {
  it.describe(`accessibility: ${role}`, () => {
    const pages = appPages.filter((p) => checkedAs(role, p.route, p.permission));

    for (const { route } of pages) {
      it(`${route}: axe finds nothing in light and dark, and nothing scrolls sideways at 390 px`, async ({ signedIn }) => {
        const { context, segments } = await signedIn(role, email);
        const url = urlOf(route, segments);
        const page = await context.newPage();
        try {
          await page.emulateMedia({ colorScheme: "light" });
          const response = await page.goto(url);
          expect(response?.status(), `${url} as ${role}`).toBeLessThan(400);
          await expect(page.locator("main")).toBeVisible();
          // Colours are measured as they settle, not halfway through a transition.
          await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; animation: none !important; }" });
          const found = await violations(page, `light ${url}`);
          // Only colours change with the scheme: the rules about them are run again.
          const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          const lightBackground = await background();
          await page.emulateMedia({ colorScheme: "dark" });
          expect(await background(), `${url}: the page follows the dark scheme`).not.toBe(lightBackground);
          found.push(...(await violations(page, `dark ${url}`, colourRules)));

          await page.setViewportSize(phone);
          // Charts follow their container's width a moment after a resize (a ResizeObserver): the
          // page is measured once it has settled, or after 5 s.
          await page
            .waitForFunction(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth, null, { timeout: 5_000 })
            .catch(() => undefined);
          const overflow = await page.evaluate(() => {
            const root = document.scrollingElement!;
            if (root.scrollWidth <= root.clientWidth) return null;
            // The widest elements reaching past the right edge, to say what to fix.
            const edge = root.clientWidth;
            const clipped = (el: Element) => {
              for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return true;
              return false;
            };
            const past = (el: Element | null) => !!el && el.getBoundingClientRect().right > edge + 1;
            const wide = [...document.querySelectorAll("body *")]
              .filter((el) => past(el) && !past(el.parentElement) && !clipped(el))
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).slice(0, 4).join(".")}` : ""}`);
            return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
          });
          if (overflow) found.push(`390 px ${url}: the page scrolls sideways (${overflow.scrollWidth} > ${overflow.clientWidth} px) because of ${overflow.wide.join(", ")}`);
          expect(found, found.join("\n")).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  });
}

import { expect, type APIRequestContext, type APIResponse, type Locator, type Page, type Request } from "@playwright/test";

export const demoPassword = "pipeline-demo";

/** The one answer to a wrong password, an unknown email and an address refused for the account. */
export const REFUSED = /^Wrong email or password\. If you are sure both are right, too many failed attempts from your network have paused this sign-in/;

/** The demo sign-ins and the page each lands on. */
export const demoUsers = [
  { email: "admin@example.com", role: "RevOps admin", landing: "/admin/users", heading: "Users" },
  { email: "exec@example.com", role: "Executive", landing: "/velocity", heading: "Pipeline velocity" },
  { email: "marketing@example.com", role: "Marketer", landing: "/overview", heading: "Workspace overview" },
  { email: "rep@example.com", role: "Sales rep", landing: "/overview", heading: /^Your book/ },
  { email: "rep2@example.com", role: "Sales rep", landing: "/overview", heading: /^Your book/ },
] as const;

export async function fillSignIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the sign-in page, as a person does, and waits for the landing page. */
export async function signIn(page: Page, email: string, password = demoPassword) {
  await fillSignIn(page, email, password);
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/**
 * Signs in by posting the credentials to the sign-in endpoint, without rendering the sign-in and
 * landing pages: for a test about something else, which opens its own page next.
 */
export async function signInAs(page: Page, email: string, password = demoPassword) {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password }, maxRedirects: 0 });
  expect(response.headers()["location"] ?? "", `signing in as ${email}`).not.toMatch(/error|sign-in/);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith("session-token")), `signing in as ${email}`).toBe(true);
}

export type ApiKeyScope = "metrics:read" | "signals:write";

/** Creates an API key with these scopes (reading metrics by default) as the signed-in admin and returns it. */
export async function createApiKey(page: Page, name: string, scopes: readonly ApiKeyScope[] = ["metrics:read"]): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(name);
  for (const scope of ["metrics:read", "signals:write"] as const) {
    await page.getByRole("checkbox", { name: new RegExp(scope) }).setChecked(scopes.includes(scope));
  }
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^pa_/);
  return key;
}

/**
 * Chooses a file on the import page once the form reacts to it: a file set before the page is
 * interactive is not seen by the form (a slow machine hydrates late), so it is chosen again until
 * the upload button is enabled.
 */
export async function chooseFile(page: Page, file: Parameters<Locator["setInputFiles"]>[0]) {
  await expect(async () => {
    await page.getByLabel("choose a file").setInputFiles(file);
    await expect(page.getByRole("button", { name: "Upload and recognise" })).toBeEnabled({ timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
}

/**
 * Follows a link of the header's menu as a person would at the page's width: through the Menu
 * button when the header is narrow, or the Settings or Admin menu holding it when it is wide.
 */
export async function followNavLink(page: Page, label: string) {
  await openNavFor(page, label);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true }).click();
}

/** Opens whatever menu shows this item (none when it is already a visible link). */
export async function openNavFor(page: Page, label: string) {
  const menuButton = page.getByRole("button", { name: "Menu", exact: true });
  if (await menuButton.isVisible()) {
    await expandMenu(menuButton);
    return;
  }
  const nav = page.getByRole("navigation", { name: "Main" });
  const link = nav.getByRole("link", { name: label, exact: true });
  if (await link.isVisible()) return;
  for (const name of ["Pipeline", "Settings", "Admin"]) {
    const button = nav.getByRole("button", { name, exact: true });
    if ((await button.count()) === 0) continue;
    await expandMenu(button);
    if (await link.isVisible()) return;
    await button.click();
  }
}

/**
 * Opens a disclosure menu: waits until React has hydrated the button (it then carries React's
 * props on the element; a click before that does nothing), clicks it unless it is open, and waits
 * for it to say so. Each try looks first, so a slow render cannot be toggled shut by a second
 * click; a click the page lost (a re-render under load closed it again) is tried once more.
 */
export async function expandMenu(button: Locator) {
  await expect
    .poll(() => button.evaluate((el) => Object.keys(el).some((key) => key.startsWith("__reactProps"))), { message: "the menu button is hydrated", timeout: 30_000 })
    .toBe(true);
  await expect(async () => {
    if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true", { timeout: 5_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });
}

/** Every label of the header's menu, in order, as a person sees them after opening each menu in turn. */
export async function menuLabels(page: Page): Promise<string[]> {
  const menuButton = page.getByRole("button", { name: "Menu", exact: true });
  if (await menuButton.isVisible()) {
    await expandMenu(menuButton);
    return page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
  }
  const nav = page.getByRole("navigation", { name: "Main" });
  const labels = await nav.getByRole("link").allTextContents();
  for (const name of ["Pipeline", "Settings", "Admin"]) {
    const button = nav.getByRole("button", { name, exact: true });
    if ((await button.count()) === 0) continue;
    await expandMenu(button);
    labels.push(...(await page.locator(`[id="${await button.getAttribute("aria-controls")}"]`).getByRole("link").allTextContents()));
    await button.click();
  }
  return labels;
}

/** Opens the first account of Riley Rep's whose map has a contact in a role, and returns that contact's name. */
export async function openOwnAccountWithContact(page: Page): Promise<string> {
  await page.goto("/accounts");
  await page.getByLabel("Owner", { exact: true }).selectOption({ label: "Riley Rep" });
  await expect(page).toHaveURL(/owner=\d+/);
  const hrefs = await page.locator("#accounts tbody a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  for (const href of hrefs) {
    await page.goto(href);
    const status = page.getByRole("region", { name: "Buying-group map" }).getByLabel(/^Status of /);
    if ((await status.count()) > 0) return (await status.first().getAttribute("aria-label"))!.replace(/^Status of /, "");
  }
  throw new Error("None of Riley Rep's accounts has a contact on its map.");
}

/**
 * A deal's id as a user finds one: the first deal linked from an account page, trying the listed
 * accounts in turn (an account without open deals links none). `headers` carries a session cookie
 * when the request context has none of its own.
 */
export async function findDealId(request: APIRequestContext, headers: Record<string, string> = {}): Promise<string | undefined> {
  const text = async (url: string) => {
    const response = await request.get(url, { headers, maxRedirects: 0 });
    return response.ok() ? response.text() : "";
  };
  const accountIds = [...new Set([...(await text("/accounts")).matchAll(/href="\/accounts\/(\d+)"/g)].map((m) => m[1]!))];
  for (const id of accountIds.slice(0, 30)) {
    const dealId = (await text(`/accounts/${id}`)).match(/href="\/deals\/(\d+)"/)?.[1];
    if (dealId) return dealId;
  }
  return undefined;
}

/** Sends a server action's recorded request again with its body changed, as a forger would: the raw answer. */
export async function replayAction(page: Page, request: Request, change: (body: string) => string): Promise<APIResponse> {
  return page.request.post(request.url(), {
    headers: { "next-action": request.headers()["next-action"]!, "content-type": request.headers()["content-type"]! },
    data: change(request.postDataBuffer()!.toString("utf8")),
    maxRedirects: 0,
  });
}

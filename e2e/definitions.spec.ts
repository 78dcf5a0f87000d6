import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import { followNavLink, signIn, signInAs } from "./fixtures";

/** A signed-in page on /definitions, in its own browser context. */
async function openAs(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, email);
  await page.goto("/definitions");
  await expect(page.getByRole("heading", { level: 1, name: "Funnel definitions and SLAs" })).toBeVisible();
  return page;
}

/** Opens a definition's "Propose a change" form and returns the card and the version it will create. */
async function openProposal(page: Page, stage: string) {
  const card = page.getByTestId(`definition-${stage}`);
  await card.locator("summary", { hasText: "Propose a change" }).click();
  const submit = card.getByRole("button", { name: /^Propose version \d+$/ });
  const version = Number((await submit.textContent())!.replace(/\D/g, ""));
  return { card, submit, version };
}

async function signOff(page: Page, stage: string, version: number, team: "marketing" | "sales") {
  await page.goto("/definitions");
  const card = page.getByTestId(`definition-${stage}`);
  await card.getByRole("button", { name: new RegExp(`^Sign off version ${version} of .* for ${team}$`) }).click();
  await expect(card.getByRole("button", { name: /^Sign off/ })).toHaveCount(0);
}

/** Proposes an MQL SLA as the admin, and has marketing and sales sign it; returns the new version. */
async function changeMqlSla(admin: Page, marketer: Page, rep: Page, minutes: number) {
  await admin.goto("/definitions");
  const { card, submit, version } = await openProposal(admin, "mql");
  await card.getByLabel("SLA number").fill(String(minutes));
  await card.getByLabel("SLA unit").selectOption("minutes");
  await card.getByLabel("SLA in words").fill(`Route to sales within ${minutes} minutes`);
  await card.getByLabel("Why the change").fill(`SDR capacity: ${minutes} minutes`);
  await submit.click();
  await expect(card.getByRole("status").filter({ hasText: `Version ${version} of MQL` })).toBeVisible();
  const pending = card.getByTestId("pending-proposal");
  await expect(pending).toContainText(`Version ${version} proposed by Avery Admin`);
  await expect(pending).toContainText("awaiting marketing and sales sign-off");
  // Nothing changes until both teams sign: the card still shows the version in force.
  await expect(card.getByTestId("definition-sla")).not.toContainText(`${minutes} minutes`);

  await signOff(marketer, "mql", version, "marketing");
  await expect(marketer.getByTestId("definition-mql").getByTestId("pending-proposal")).toContainText("awaiting sales sign-off");
  await signOff(rep, "mql", version, "sales");
  return version;
}

test.describe("shared funnel definitions", () => {
  test("an admin proposes an MQL SLA change, marketing and sales sign it, and it is in force", async ({ browser }) => {
    const admin = await openAs(browser, "admin@example.com");
    const marketer = await openAs(browser, "marketing@example.com");
    const rep = await openAs(browser, "rep@example.com");
    const before = (await admin.getByTestId("definition-mql").getByTestId("definition-sla").textContent())!;
    const original = Number(/(\d+) minutes?$/.exec(before.trim())?.[1] ?? 5);
    const changed = original === 10 ? 15 : 10;

    const version = await changeMqlSla(admin, marketer, rep, changed);

    // The page shows the new version in force with both sign-offs.
    await admin.goto("/definitions");
    const card = admin.getByTestId("definition-mql");
    await expect(card.getByText(`Version ${version} in force`)).toBeVisible();
    await expect(card.getByTestId("definition-sla")).toContainText(`Route to sales within ${changed} minutes`);
    await expect(card.getByTestId("pending-proposal")).toHaveCount(0);

    // The history shows who proposed it, what changed, and who signed it for each team.
    await card.getByRole("link", { name: /^History of MQL/ }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "MQL (Signal-Qualified Lead): history" })).toBeVisible();
    const entry = admin.getByTestId(`version-${version}`);
    await expect(entry).toContainText("In force");
    await expect(entry).toContainText("Proposed by Avery Admin");
    await expect(entry).toContainText(`SDR capacity: ${changed} minutes`);
    const diff = entry.getByRole("region", { name: `Changes in version ${version}` });
    await expect(diff.getByText("SLA number")).toBeVisible();
    await expect(diff.locator("del").first()).toHaveText(`was ${original}`);
    await expect(diff.locator("ins").first()).toHaveText(`now ${changed}`);
    const signoffs = entry.getByRole("region", { name: `Sign-offs of version ${version}` });
    await expect(signoffs).toContainText("Morgan Marketer");
    await expect(signoffs).toContainText("Riley Rep");
    await expect(admin.getByTestId(`version-${version - 1}`)).toContainText("Was in force");

    // The funnel measures MQL routing against the SLA now in force.
    await admin.goto("/funnel");
    await expect(admin.getByTestId("sla-mql")).toContainText(`Route to sales within ${changed} minutes`);
    await expect(admin.getByTestId("sla-mql")).toContainText(`v${version}`);

    // Put the SLA back, the same way, so other journeys see the playbook's value.
    const restored = await changeMqlSla(admin, marketer, rep, original);
    await admin.goto("/definitions");
    await expect(admin.getByTestId("definition-mql").getByText(`Version ${restored} in force`)).toBeVisible();
  });

  test("a sales rep cannot sign for marketing, even by a direct POST", async ({ browser }) => {
    const admin = await openAs(browser, "admin@example.com");
    const { card, submit, version } = await openProposal(admin, "lead");
    const text = card.getByLabel("Definition", { exact: true });
    const current = await text.inputValue();
    await text.fill(current === "Any identified contact with email" ? "Any identified contact with a working email" : "Any identified contact with email");
    await submit.click();
    await expect(card.getByTestId("pending-proposal")).toContainText(`Version ${version} proposed by Avery Admin`);

    // The rep sees no marketing sign-off button.
    const rep = await openAs(browser, "rep@example.com");
    const repCard = rep.getByTestId("definition-lead");
    await expect(repCard.getByRole("button", { name: /for marketing$/ })).toHaveCount(0);

    // Record the marketer's sign-off request without letting it through…
    const marketer = await openAs(browser, "marketing@example.com");
    let recorded: Request | null = null;
    await marketer.route("**/definitions", async (route) => {
      const request = route.request();
      if (request.method() === "POST" && request.headers()["next-action"]) {
        recorded = request;
        await route.abort();
      } else await route.continue();
    });
    await marketer.getByTestId("definition-lead").getByRole("button", { name: `Sign off version ${version} of Lead for marketing` }).click();
    await expect.poll(() => recorded !== null).toBe(true);
    await marketer.unroute("**/definitions");

    // …and replay it with the rep's session: 403, and no sign-off is recorded.
    const request = recorded! as Request;
    const response = await rep.request.post(request.url(), {
      headers: { "next-action": request.headers()["next-action"]!, "content-type": request.headers()["content-type"]! },
      data: request.postDataBuffer()!,
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await rep.goto("/definitions/lead");
    const signoffs = rep.getByTestId(`version-${version}`).getByRole("region", { name: `Sign-offs of version ${version}` });
    await expect(signoffs).toContainText("Marketing: awaiting sign-off");
    await expect(signoffs).toContainText("Sales: awaiting sign-off");

    // The rightful sign-offs still work and put the version in force.
    await signOff(marketer, "lead", version, "marketing");
    await signOff(rep, "lead", version, "sales");
    await expect(rep.getByTestId("definition-lead").getByText(`Version ${version} in force`)).toBeVisible();
  });

  test("bad input is named field by field and saves nothing", async ({ page }) => {
    await signInAs(page, "admin@example.com");
    await page.goto("/definitions");
    const { card, submit, version } = await openProposal(page, "mql");
    const definition = card.getByLabel("Definition", { exact: true });
    const original = await definition.inputValue();

    await definition.fill("   ");
    await card.getByLabel("SLA number").fill("-5");
    await submit.click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Please correct the highlighted fields.");
    await expect(card.getByText("Enter the definition; it cannot be empty.")).toBeVisible();
    await expect(card.getByText("The SLA cannot be negative.")).toBeVisible();
    await expect(card.getByLabel("SLA number")).toHaveAttribute("aria-invalid", "true");
    // What was typed is kept.
    await expect(card.getByLabel("SLA number")).toHaveValue("-5");

    await definition.fill(original);
    await card.getByLabel("SLA number").fill("10");
    await card.getByLabel("SLA unit").selectOption("");
    await submit.click();
    await expect(card.getByText("Choose the SLA's unit, or clear the SLA number.")).toBeVisible();
    await expect(card.getByText("Enter the definition; it cannot be empty.")).toHaveCount(0);

    await page.reload();
    expect((await openProposal(page, "mql")).version).toBe(version);
    await expect(page.getByTestId("definition-mql").getByTestId("pending-proposal")).toHaveCount(0);
  });

  test("a second admin editing the same definition gets the first one's change, not an overwrite", async ({ browser }) => {
    const first = await openAs(browser, "admin@example.com");
    const second = await openAs(browser, "admin@example.com");
    const a = await openProposal(first, "closed_won");
    const b = await openProposal(second, "closed_won");
    const current = await a.card.getByLabel("SLA in words").inputValue();
    const mine = current === "CRM updated same day" ? "CRM updated the same business day" : "CRM updated same day";
    await a.card.getByLabel("SLA in words").fill(mine);
    await a.submit.click();
    await expect(a.card.getByTestId("pending-proposal")).toContainText(`Version ${a.version} proposed by Avery Admin`);

    await b.card.getByLabel("SLA in words").fill("Someone else's wording");
    await b.submit.click();
    const alert = second.getByRole("main").getByRole("alert");
    await expect(alert).toContainText("changed since you loaded this page");
    await expect(alert).toContainText(`Avery Admin proposed version ${a.version} (SLA in words ${current} → ${mine})`);
    await expect(alert).toContainText("Your change was not saved");

    await second.goto(`/definitions/closed_won`);
    await expect(second.getByTestId(`version-${a.version}`)).toContainText(mine);
    await expect(second.getByText("Someone else's wording")).toHaveCount(0);

    // Sign it so the next run starts from a definition in force.
    const marketer = await openAs(browser, "marketing@example.com");
    await signOff(marketer, "closed_won", a.version, "marketing");
    const rep = await openAs(browser, "rep@example.com");
    await signOff(rep, "closed_won", a.version, "sales");
  });

  test("every role can read the definitions; an executive cannot propose or sign", async ({ page }) => {
    await signIn(page, "exec@example.com");
    await followNavLink(page, "Definitions");
    await expect(page.getByRole("heading", { level: 1, name: "Funnel definitions and SLAs" })).toBeVisible();
    await expect(page.getByRole("article")).toHaveCount(6);
    await expect(page.locator("summary", { hasText: "Propose a change" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Propose version/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Sign off/ })).toHaveCount(0);
  });
});

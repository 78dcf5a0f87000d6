import { expect, test, type Page, type Request } from "@playwright/test";
import { replayAction, signInAs } from "./fixtures";

/** Opens the deal `href` from its account page; false when the deal has no account. */
async function openFromItsAccount(page: Page, href: string): Promise<boolean> {
  await page.goto(href);
  const account = await page.getByRole("region", { name: "Facts" }).getByRole("link").first().getAttribute("href");
  if (!account?.startsWith("/accounts/")) return false;
  await page.goto(account);
  const link = page.getByRole("region", { name: "Open deals" }).getByRole("heading", { level: 3 }).locator(`a[href="${href}"]`);
  const name = (await link.textContent())!.trim();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return true;
}

/**
 * Opens, from its account page, the first open deal (of `owner` when given) that `accept` takes
 * (all when absent); returns its name.
 */
async function openDealFromAccounts(page: Page, owner?: string, accept: (page: Page) => Promise<boolean> = async () => true): Promise<string> {
  await page.goto("/deals?status=open&owner=all&sort=amount");
  const rows = owner ? page.getByTestId("deal-row").filter({ hasText: owner }) : page.getByTestId("deal-row");
  const hrefs = await rows.evaluateAll((list) => list.map((row) => row.querySelector("a")!.getAttribute("href")!));
  for (const href of hrefs.slice(0, 20)) {
    if ((await openFromItsAccount(page, href)) && (await accept(page))) return (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
  }
  throw new Error(`No open deal${owner ? ` of ${owner}` : ""} on an account is such a deal.`);
}

const readOnly = async (page: Page) => (await page.getByRole("region", { name: "Buying-group map", exact: true }).getByText(/^You can read this map;/).count()) > 0;
const editable = async (page: Page) => (await page.getByRole("region", { name: "Buying-group map", exact: true }).getByRole("combobox").count()) > 0;

const stays = (page: Page) => page.getByRole("list", { name: "Stage history" }).getByTestId("stage-stay");

test.describe("the deal page", () => {
  test("an executive opens a deal from its account page and sees its facts, timeline, map and touches", async ({ page }) => {
    await signInAs(page, "exec@example.com");
    await openDealFromAccounts(page);

    const facts = page.getByRole("region", { name: "Facts" });
    for (const term of ["Amount", "Stage", "Owner", "Account", "Created", "Expected close", "Source", "Segment"]) await expect(facts.getByText(term, { exact: true })).toBeVisible();
    await expect(facts.getByRole("link")).toHaveAttribute("href", /^\/accounts\/\d+$/);

    // The timeline: a row per stay, the open deal's current stage marked, each against its expected days.
    const timeline = page.getByRole("region", { name: "Stage history" });
    await expect(stays(page).first()).toBeVisible();
    await expect(stays(page).filter({ hasText: "Current" })).toHaveCount(1);
    await expect(stays(page).filter({ hasText: "Current" })).toContainText(/\d+(\.\d)? days/);
    await expect(timeline).toContainText(/expected/);

    // An executive reads the map; nobody but the owners and admins changes it.
    const map = page.getByRole("region", { name: "Buying-group map", exact: true });
    await expect(map.getByText(/^You can read this map;/)).toBeVisible();
    await expect(map.getByRole("combobox")).toHaveCount(0);

    await expect(page.getByRole("region", { name: "Pipeline readiness" })).toBeVisible();
    const touches = page.getByRole("region", { name: "Touches and credit" });
    await expect(touches.getByTestId("touch").first().or(touches.getByText(/^No touches recorded/))).toBeVisible();
    await expect(page.getByRole("region", { name: "History", exact: true })).toBeVisible();

    // A wrong credit in the link is named, not ignored.
    await page.goto(`${new URL(page.url()).pathname}?credit=cash`);
    await expect(touches.getByRole("alert")).toContainText('credit must be pipeline or revenue; got "cash".');

    // An unknown deal is a 404.
    expect((await page.goto("/deals/999999"))!.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });

  test("a rep reads another rep's deal without controls, and a replayed edit of it is refused with 403", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    // Record the action request of an edit on the rep's own deal's map.
    await openDealFromAccounts(page, "Riley Rep", editable);
    const ownDeal = new URL(page.url()).pathname.split("/").pop()!;
    const ownAccount = (await page.getByRole("region", { name: "Facts" }).getByRole("link").getAttribute("href"))!.split("/").pop()!;
    const recorded: Request[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    const map = page.getByRole("region", { name: "Buying-group map", exact: true });
    const status = map.getByLabel(/^Status of /).first();
    if ((await status.count()) > 0) {
      await status.selectOption((await status.inputValue()) === "engaged" ? "active" : "engaged");
    } else {
      const assign = map.getByLabel(/^Assign a contact as /).first();
      await assign.selectOption({ index: 1 });
    }
    await expect(map.getByTestId("save-mark")).toHaveText("✓ Saved");
    expect(recorded).toHaveLength(1);

    // Another rep's deal: readable, with no controls.
    await openDealFromAccounts(page, "Reese Rep", readOnly);
    const theirDeal = new URL(page.url()).pathname.split("/").pop()!;
    const theirAccount = (await page.getByRole("region", { name: "Facts" }).getByRole("link").getAttribute("href"))!.split("/").pop()!;
    const theirMap = page.getByRole("region", { name: "Buying-group map", exact: true });
    await expect(theirMap.getByText(/^You can read this map;/)).toBeVisible();
    await expect(theirMap.getByRole("combobox")).toHaveCount(0);
    const before = await page.getByRole("region", { name: "History", exact: true }).textContent();
    const mapBefore = await theirMap.textContent();

    // Replaying the recorded action against their deal: 403, and nothing written.
    const response = await replayAction(page, recorded[0]!, (body) => {
      const forged = body.replace(`"accountId":${ownAccount}`, `"accountId":${theirAccount}`).replace(`"opportunityId":${ownDeal}`, `"opportunityId":${theirDeal}`);
      expect(forged).toContain(`"opportunityId":${theirDeal}`);
      return forged;
    });
    expect(response.status()).toBe(403);
    await page.reload();
    expect(await page.getByRole("region", { name: "History", exact: true }).textContent()).toBe(before);
    expect(await page.getByRole("region", { name: "Buying-group map", exact: true }).textContent()).toBe(mapBefore);
  });

  test("a rep records why their deal was lost and sees it leave the Closed Lost breaches; another rep's deal is refused", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    const count = async () => Number((await page.getByTestId("deal-count").textContent())!.replace(/[^0-9]/g, ""));

    // The overview's count of this quarter's lost deals without a reason is the list it opens.
    await page.goto("/overview");
    const flagged = page.getByTestId("deal-action-noLossReason");
    await expect(flagged).toContainText("Lost this quarter without a reason");
    const figure = Number(await flagged.getByTestId("deal-action-count").textContent());
    await flagged.click();
    await expect(page).toHaveURL(/status=lost&owner=\d+&noLossReason=1/);
    expect(await count()).toBe(figure);

    // Every one of the rep's lost deals without a reason, whenever lost.
    await page.goto("/deals?status=lost&noLossReason=1");
    const before = await count();
    expect(before, "the demo data loses some of the rep's deals without a reason").toBeGreaterThan(0);
    await page.getByTestId("deal-row").first().getByRole("link").first().click();
    await expect(page).toHaveURL(/\/deals\/\d+$/);
    const dealId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByTestId("missing-loss-reason")).toContainText("Lost without a reason");

    const recorded: Request[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    const form = page.getByRole("form", { name: "Loss reason and competitor" });
    // Nothing picked: the form says what is missing, beside the field.
    await form.getByLabel("Loss reason in your words (optional)").fill(" ");
    await form.getByRole("button", { name: "Save reasons" }).click();
    await expect(form.getByText(/A lost deal needs its loss reason/).first()).toBeVisible();
    await form.getByLabel("Loss reason", { exact: true }).selectOption("Price");
    await form.getByLabel("Loss reason in your words (optional)").fill("CFO cut the line item");
    await form.getByLabel("Competitor", { exact: true }).selectOption("PipeIQ");
    await form.getByRole("button", { name: "Save reasons" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved");

    await page.reload();
    await expect(page.getByTestId("missing-loss-reason")).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Loss reason and competitor" }).getByLabel("Loss reason", { exact: true })).toHaveValue("Price");
    await expect(page.getByRole("region", { name: "History", exact: true })).toContainText("Price (“CFO cut the line item”)");
    await page.goto("/deals?status=lost&noLossReason=1");
    expect(await count()).toBe(before - 1);

    // Another rep's lost deal: the recorded save replayed against it is refused, and it keeps its reasons.
    await page.goto("/deals?status=lost&owner=all");
    const theirs = page.getByTestId("deal-row").filter({ hasText: "Reese Rep" }).first().getByRole("link").first();
    const theirHref = (await theirs.getAttribute("href"))!;
    const theirDeal = theirHref.split("/").pop()!;
    await page.goto(theirHref);
    await expect(page.getByRole("form", { name: "Loss reason and competitor" })).toHaveCount(0);
    const facts = await page.getByRole("region", { name: "Facts" }).textContent();
    const save = recorded.find((r) => r.postDataBuffer()!.toString("utf8").includes("CFO cut the line item"))!;
    const response = await replayAction(page, save, (body) => {
      const forged = body.replace(`"opportunityId":${dealId}`, `"opportunityId":${theirDeal}`);
      expect(forged).toContain(`"opportunityId":${theirDeal}`);
      return forged;
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).not.toContain("Saved");
    await page.reload();
    expect(await page.getByRole("region", { name: "Facts" }).textContent()).toBe(facts);
  });

  test("a rep opens a deal showing a stall pattern from the overview, reads its tactic and marks it done", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/overview");
    const stalled = page.getByTestId("deal-action-stallPattern");
    const figure = Number(await stalled.getByTestId("deal-action-count").textContent());
    expect(figure, "the demo data stalls some of the rep's deals").toBeGreaterThan(0);
    await stalled.click();
    await expect(page).toHaveURL(/status=open&owner=\d+&stall=any/);
    expect(Number((await page.getByTestId("deal-count").textContent())!.replace(/[^0-9]/g, ""))).toBe(figure);
    await expect(page.getByRole("table", { name: "Acceleration by stall pattern" })).toBeVisible();

    await page.getByTestId("deal-row").first().getByRole("link").first().click();
    await expect(page).toHaveURL(/\/deals\/\d+$/);
    const section = page.getByRole("region", { name: "Stalls and tactics" });
    const stall = section.getByTestId("stall").first();
    await expect(stall).toContainText("Tactic:");
    await expect(stall).toContainText("Send:");
    const pattern = (await stall.locator("p").first().textContent())!.trim();
    await stall.getByRole("button", { name: `Mark tactic done: ${pattern}` }).click();
    await expect(stall.getByRole("status")).toHaveText("Marked done");

    await page.reload();
    const again = page.getByRole("region", { name: "Stalls and tactics" }).getByTestId("stall").filter({ hasText: pattern });
    await expect(again).toContainText(/Tactic done .* by Riley Rep/);
    // A second mark the same day is refused, with the reason shown.
    await again.getByRole("button", { name: `Mark tactic done: ${pattern}` }).click();
    await expect(again.getByRole("alert")).toContainText("marked done already");
  });
});


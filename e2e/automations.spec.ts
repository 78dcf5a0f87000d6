import { expect, test, type Page } from "@playwright/test";
import { createApiKey, signInAs } from "./fixtures";

/** An account the rep owns, from the accounts list filtered by owner. */
async function ownAccount(rep: Page): Promise<{ id: number; name: string; repId: number }> {
  await rep.goto("/accounts");
  const repId = Number(await rep.getByLabel("Owner").locator("option", { hasText: /^Riley Rep$/ }).getAttribute("value"));
  await rep.goto(`/accounts?owner=${repId}#accounts`);
  const link = rep.locator('#accounts a[href^="/accounts/"]').first();
  return { id: Number((await link.getAttribute("href"))!.match(/^\/accounts\/(\d+)/)![1]), name: (await link.textContent())!.trim(), repId };
}

test.describe("automations", () => {
  test("marketing fixes a battlecard, a competitor signal alerts the owner with it, and switched off the monitor alerts no one", async ({ page, browser }) => {
    await signInAs(page, "admin@example.com");
    const key = await createApiKey(page, "Competitor signals", ["signals:write"]);
    const origin = new URL(page.url()).origin;

    // Everyone sees the automations in the playbook's order; the monitor is on in the demo.
    await page.goto("/automations");
    await expect(page.getByRole("heading", { level: 1, name: "Automations" })).toBeVisible();
    await expect(page.getByTestId("automation-competitive_alert_monitor")).toContainText(/On since/);
    await expect(page.getByTestId("automation-content_personalizer")).toContainText(/On since/);
    await expect(page.getByTestId("automation-competitive_alert_monitor").getByTestId("effect")).toContainText(/^Win rate against rivals .* → .*: [+−±][\d.]+ pts/);
    // The plan downloads with every automation and its sections.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download ai-agent-deployment-plan.md" }).click()]);
    expect(download.suggestedFilename()).toBe("ai-agent-deployment-plan.md");
    const plan = await (await page.request.get("/automations/plan")).text();
    for (const heading of ["# AI agent deployment plan", "## Priority sequence", "## Next to switch on", "## 1. Instant Lead Router", "## 6. Competitive Alert Monitor", "## How each is measured"]) {
      expect(plan.split("\n")).toContain(heading);
    }
    // signal-engagement-system.md downloads from the taxonomy page with its sections.
    await page.goto("/signals/taxonomy");
    const [systemDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download signal-engagement-system.md" }).click()]);
    expect(systemDownload.suggestedFilename()).toBe("signal-engagement-system.md");
    const system = (await (await page.request.get("/signals/taxonomy/system")).text()).split("\n");
    for (const heading of ["# Signal engagement system", "## Signal taxonomy", "## Scoring model", "## Routing rules", "## Triggers", "## Automations"]) expect(system).toContain(heading);

    // Marketing keeps the battlecards: a link that is not one is refused, naming the field.
    const marketingContext = await browser.newContext({ baseURL: origin });
    const marketing = await marketingContext.newPage();
    await signInAs(marketing, "marketing@example.com");
    await marketing.goto("/automations/competitive-alerts");
    const card = marketing.getByTestId("battlecard-FunnelForge");
    await card.getByLabel("Link").fill("funnelforge wiki page");
    await card.getByRole("button", { name: "Save battlecard" }).click();
    await expect(card.getByRole("status")).toHaveText('Link: "funnelforge wiki page" is not a web address (https://…).');
    await card.getByLabel("Link").fill("https://enablement.example.com/battlecards/funnelforge");
    await card.getByLabel(/^Notes/).fill("Ask which forecast their board trusts.\nThey have no buying-group view.");
    await card.getByRole("button", { name: "Save battlecard" }).click();
    await expect(card.getByRole("status")).toHaveText("FunnelForge's battlecard is saved: alerts from now on link to it.");
    // Marketing reads the switch but cannot use it.
    await expect(marketing.getByRole("button", { name: /Switch the monitor/ })).toHaveCount(0);
    await marketingContext.close();

    const repContext = await browser.newContext({ baseURL: origin });
    const rep = await repContext.newPage();
    await signInAs(rep, "rep@example.com");
    const account = await ownAccount(rep);
    const send = async (n: number) => {
      const response = await page.request.post("/api/v1/signals", {
        headers: { authorization: `Bearer ${key}` },
        data: { type: "competitor_comparison", occurred_at: new Date().toISOString(), account: { id: account.id }, properties: { page: "/compare/funnel-forge" }, idempotency_key: `e2e-competitor-${Date.now()}-${n}` },
      });
      expect(response.status()).toBe(201);
      expect((await response.json()).routedTo).toBe(account.repId);
    };
    await send(1);

    // The owner hears of it at once, with the battlecard marketing just saved.
    await rep.goto("/inbox");
    const alert = rep.getByTestId("inbox-item").filter({ hasText: `FunnelForge at ${account.name}` });
    await expect(alert).toHaveCount(1);
    await expect(alert).toContainText(`${account.name} compared us with FunnelForge. Battlecard: https://enablement.example.com/battlecards/funnelforge — Ask which forecast their board trusts.`);
    // The monitor's page lists it, with its reason.
    await rep.goto("/automations/competitive-alerts");
    const latest = rep.getByTestId("automation-actions").locator("tbody tr").first();
    await expect(latest).toContainText(account.name);
    await expect(latest).toContainText("Comparison-page visit naming FunnelForge, with its battlecard");
    await expect(latest).toContainText("Riley Rep");
    await expect(rep.getByTestId("competitor-impact")).toContainText("Every rival");

    // The admin switches it off: what it did stays, and the next competitor signal alerts no one.
    await page.goto("/automations/competitive-alerts");
    await page.getByRole("button", { name: "Switch the monitor off" }).click();
    await expect(page.getByTestId("automation-state")).toContainText("Off since");
    await send(2);
    await rep.goto("/inbox");
    await expect(rep.getByTestId("inbox-item").filter({ hasText: `FunnelForge at ${account.name}` })).toHaveCount(1);
    await rep.goto("/automations/competitive-alerts");
    await expect(rep.getByTestId("automation-actions").locator("tbody tr").first()).toContainText(account.name);

    // On again from today.
    await page.getByRole("button", { name: "Switch the monitor on" }).click();
    await expect(page.getByTestId("automation-state")).toContainText("On since");
    await repContext.close();
  });

  test("a rep accepts a proposed role onto the account's map and rejects another for good", async ({ page }) => {
    await signInAs(page, "rep@example.com");
    await page.goto("/automations/buying-group-mapper");
    await expect(page.getByRole("heading", { level: 1, name: "Buying Group Mapper" })).toBeVisible();
    await expect(page.getByTestId("automation-state")).toContainText("On since");
    const rows = page.getByTestId("role-proposals").locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(2);

    // The first proposal: who, which role, why; accepted, it goes on the account's map.
    const first = rows.first();
    const contact = (await first.getAttribute("data-contact"))!;
    const role = (await first.getAttribute("data-role"))!;
    await expect(first.locator('td[data-label="Proposed role"]')).toHaveText(role);
    await expect(first.locator('td[data-label="Why"]')).not.toBeEmpty();
    const accountHref = (await first.locator('td[data-label="Account"] a').getAttribute("href"))!;
    await first.getByRole("button", { name: `Accept ${contact} as ${role}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `${contact} is the ${role} on the account's map.` })).toBeVisible();

    // The second: rejected, kept, so it is not proposed again.
    const second = rows.nth(1);
    const other = (await second.getAttribute("data-contact"))!;
    const otherRole = (await second.getAttribute("data-role"))!;
    await second.getByRole("button", { name: `Reject ${other} as ${otherRole}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `${other} will not be proposed as ${otherRole} again.` })).toBeVisible();

    await page.reload();
    await expect(page.getByTestId("role-proposals").locator("tbody tr")).toHaveCount(before - 2);
    await expect(page.getByTestId(`proposal-${contact}`)).toHaveCount(0);

    // The account's map history shows the accepted role, set by the rep.
    await page.goto(accountHref);
    const history = page.locator("section", { has: page.getByRole("heading", { name: "History" }) });
    await expect(history).toContainText(`${contact}'s role`);
    await expect(history).toContainText(role);
  });

  test("an executive reads the Win/Loss Analyzer's reports and opens the losses behind its figure; switched off, its monthly job is off too", async ({ page, browser }) => {
    await signInAs(page, "exec@example.com");
    await page.goto("/automations/win-loss-analyzer");
    await expect(page.getByRole("heading", { level: 1, name: "Win/Loss Analyzer" })).toBeVisible();
    await expect(page.getByTestId("automation-state")).toContainText(/^On since/);
    await expect(page.getByRole("button", { name: /Switch the analyzer/ })).toHaveCount(0);
    // The demo's analyzer has written a report on each 1st since it was switched on; each downloads.
    const reports = page.getByTestId("analyzer-reports").locator("tbody tr");
    expect(await reports.count()).toBeGreaterThanOrEqual(2);
    const [download] = await Promise.all([page.waitForEvent("download"), reports.first().getByRole("link").click()]);
    expect(download.suggestedFilename()).toMatch(/^win-rate-playbook-\d{4}-\d{2}-\d{2}\.md$/);
    const href = await reports.first().getByRole("link").getAttribute("href");
    expect((await (await page.request.get(href!)).text()).startsWith("# Win-rate playbook")).toBe(true);
    // Its log says what each month showed.
    await expect(page.getByTestId("automation-actions").locator("tbody tr").first()).toContainText(/Archived the win\/loss pattern report of .*: \d+ won, \d+ lost, win rate/);
    // Before it, more lost deals went without a reason: the figure opens exactly those deals.
    const impact = page.getByTestId("analyzer-impact");
    await expect(impact).toContainText("Lost deals with a loss reason");
    const before = impact.getByRole("link", { name: /deals lost before without a reason: open them/ });
    const missing = Number((await before.textContent())!.match(/\((\d+) deals lost before/)![1]);
    expect(missing).toBeGreaterThan(0);
    await before.click();
    await expect(page).toHaveURL(/\/deals\?.*status=lost.*noLossReason=1/);
    await expect(page.getByTestId("deal-count")).toContainText(new RegExp(`^${missing}\\b`));

    // The admin switches it off: the Jobs page's monthly review is off with it, and back on.
    const origin = new URL(page.url()).origin;
    const adminContext = await browser.newContext({ baseURL: origin });
    const admin = await adminContext.newPage();
    await signInAs(admin, "admin@example.com");
    await admin.goto("/admin/jobs");
    const job = admin.getByTestId("job-monthly_win_loss_review");
    await expect(job.getByTestId("job-monthly_win_loss_review-switched-by")).toHaveText("On with the Win/Loss Analyzer");
    await admin.goto("/automations/win-loss-analyzer");
    await admin.getByRole("button", { name: "Switch the analyzer off" }).click();
    await expect(admin.getByTestId("automation-state")).toContainText("Off since");
    await expect(admin.getByTestId("analyzer-next-run")).toContainText("Not scheduled while it is off.");
    await admin.goto("/admin/jobs");
    await expect(job.getByTestId("job-monthly_win_loss_review-switched-by")).toHaveText("Off with the Win/Loss Analyzer");
    await expect(admin.getByTestId("job-monthly_win_loss_review-next")).toHaveText("Off: not scheduled");
    await job.getByRole("link", { name: "Win/Loss Analyzer" }).click();
    await admin.getByRole("button", { name: "Switch the analyzer on" }).click();
    await expect(admin.getByTestId("automation-state")).toContainText("On since");
    await expect(admin.getByTestId("analyzer-next-run")).toContainText("Next report:");
    await adminContext.close();
  });

  test("marketing turns the Campaign Orchestrator on for Tier 1 and a rep sees the first tasks; switched off, the open tasks stop; bad input is named", async ({ page, browser }) => {
    // The demo's orchestrator has run the Tier 1 play for weeks: the admin switches it off, and its open tasks are cancelled.
    await signInAs(page, "admin@example.com");
    await page.goto("/automations/campaign-orchestrator");
    await expect(page.getByTestId("automation-state")).toContainText(/^On since/);
    expect(await page.getByTestId("campaign-task").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Switch the orchestrator off" }).click();
    await expect(page.getByRole("status").filter({ hasText: /running plays? stopped/ }).last()).toContainText(/\d+ running plays? stopped and [1-9]\d* open tasks? cancelled, kept with the reason\./);
    await expect(page.getByTestId("automation-state")).toContainText("Off since");
    await page.reload();
    await expect(page.getByTestId("no-tasks")).toHaveText("No open task: the orchestrator is off.");
    await expect(page.getByTestId("campaign-enrolments")).toContainText("The Campaign Orchestrator was switched off on");

    const origin = new URL(page.url()).origin;
    const marketingContext = await browser.newContext({ baseURL: origin });
    const marketing = await marketingContext.newPage();
    await signInAs(marketing, "marketing@example.com");
    await marketing.goto("/automations/campaign-orchestrator");
    const play = marketing.getByRole("form", { name: "Tier 1 play" });
    // Bad input is named: a step with no owner, a cap of 0.
    await play.getByLabel("Owner").nth(1).selectOption("");
    await play.getByRole("button", { name: "Save the Tier 1 play" }).click();
    await expect(play.getByRole("status")).toHaveText("Tier 1, step 2 has no owner: pick who does it (the account's owner, a user or the webhook).");
    await expect(play.getByLabel("Owner").nth(1)).toHaveAttribute("aria-invalid", "true");
    await play.getByLabel("Owner").nth(1).selectOption("account_owner");
    const rules = marketing.getByRole("form", { name: "Orchestrator rules" });
    await rules.getByLabel("Touch cap (per contact per week)").fill("0");
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect(rules.getByRole("status")).toHaveText("Touch cap: a whole number of touches per contact per week, from 1 to 14.");

    // Enrolling Tier 1 switches the orchestrator on from today; the first steps are tasked within seconds.
    await expect(play.getByLabel("Enrol Tier 1 accounts")).toBeChecked();
    await play.getByRole("button", { name: "Save the Tier 1 play" }).click();
    await expect(play.getByRole("status")).toContainText(/Saved the Tier 1 play\. The Campaign Orchestrator is on from \d{4}-\d{2}-\d{2}\. Tier 1 accounts are enrolled/);
    await expect(marketing.getByTestId("automation-state")).toContainText("On since");
    await marketingContext.close();

    // The rep sees their Tier 1 accounts' first step: the account brief, due today, with its reason, and marks one done.
    const repContext = await browser.newContext({ baseURL: origin });
    const rep = await repContext.newPage();
    await signInAs(rep, "rep@example.com");
    await expect(async () => {
      await rep.goto("/automations/campaign-orchestrator");
      await expect(rep.getByTestId("campaign-task").first()).toContainText("Day 0 of the Tier 1 play.", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(rep.getByRole("heading", { name: "Your tasks" })).toBeVisible();
    const first = rep.getByTestId("campaign-task").first();
    await expect(first).toContainText("Account brief");
    const count = await rep.getByTestId("campaign-task").count();
    // The rep's overview counts the same tasks, and opens them.
    await rep.goto("/overview");
    await expect(rep.getByTestId("tile-campaignTasksDue").getByTestId("tile-figure")).toHaveText(String(count));
    await rep.getByTestId("tile-campaignTasksDue").click();
    await expect(rep).toHaveURL(/\/automations\/campaign-orchestrator#tasks$/);
    await first.getByRole("button", { name: "Mark done" }).click();
    await expect(rep.getByTestId("campaign-task")).toHaveCount(count - 1);
    await rep.reload();
    await expect(rep.getByTestId("campaign-task")).toHaveCount(count - 1);
    // The play's editor is marketing's, not the rep's.
    await expect(rep.getByRole("button", { name: /Save the Tier 1 play/ })).toHaveCount(0);
    // The account's page shows its play and what is open on it.
    await rep.getByTestId("campaign-task").first().getByRole("link").first().click();
    await expect(rep).toHaveURL(/\/accounts\/\d+$/);
    await expect(rep.getByTestId("account-play")).toContainText(/The Tier 1 play since .*: running; \d+ steps? tasked/);
    await repContext.close();
  });

  test("marketing adds an asset, a routed signal gets it as its pick in the rep's queue, the rep sends it, and the personalizer logs why; a bad CSV imports nothing", async ({ page, browser }) => {
    // Three people's journey through five pages and an import: more than the default minute on a busy machine.
    test.slow();
    await signInAs(page, "marketing@example.com");
    await page.goto("/automations");
    const origin = new URL(page.url()).origin;
    await expect(page.getByTestId("automation-content_personalizer")).toContainText(/On since/);
    await page.getByTestId("automation-content_personalizer").getByRole("link", { name: "Content Personalizer" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Content Personalizer" })).toBeVisible();
    await expect(page.getByTestId("automation-state")).toContainText(/^On since .*: each high-intent signal routed to a rep gets/);
    // The demo's measure: answers sent with the pick against those without, each with its interval.
    await expect(page.getByTestId("personalizer-impact")).toContainText("Meeting with the account");
    await expect(page.getByTestId("meeting-change")).toHaveText(/^\+[\d.]+ pts \(.+, (more than|within) noise\)$/);
    const library = page.getByTestId("content-library").locator("tbody tr");
    const before = await library.count();
    expect(before).toBeGreaterThan(5);

    // A trial signup from someone with no known role: this asset names every stage and the signal, so it beats any other.
    const add = page.getByRole("form", { name: "Add an asset" });
    const title = `Trial kickoff guide ${Date.now()}`;
    await add.getByLabel("Title").fill(title);
    await add.getByLabel("Link").fill("www.example.com/trial-kickoff");
    await add.getByLabel("Stages").fill("awareness, consideration, decision");
    await add.getByLabel("Signal types").fill("trial_signup");
    await add.getByRole("button", { name: "Add asset" }).click();
    await expect(add.getByRole("alert").first()).toContainText("Link must be a web address starting with http:// or https://");
    await expect(add.getByLabel("Link")).toHaveAttribute("aria-invalid", "true");
    await add.getByLabel("Link").fill(`https://content.example.com/trial-kickoff-${Date.now()}`);
    await add.getByRole("button", { name: "Add asset" }).click();
    await expect(add.getByText(`“${title}” added to the library.`)).toBeVisible();
    await page.reload();
    await expect(library).toHaveCount(before + 1);

    // A signal from the rep's account is routed to them with the pick.
    const adminContext = await browser.newContext({ baseURL: origin });
    const admin = await adminContext.newPage();
    await signInAs(admin, "admin@example.com");
    const key = await createApiKey(admin, "Trial signals", ["signals:write"]);
    const repContext = await browser.newContext({ baseURL: origin });
    const rep = await repContext.newPage();
    await signInAs(rep, "rep@example.com");
    const account = await ownAccount(rep);
    const response = await admin.request.post("/api/v1/signals", {
      headers: { authorization: `Bearer ${key}` },
      data: { type: "trial_signup", occurred_at: new Date().toISOString(), account: { id: account.id }, contact: { email: `trial-${Date.now()}@example.org`, name: "Tess Trial" }, properties: {}, idempotency_key: `e2e-trial-${Date.now()}` },
    });
    expect(response.status()).toBe(201);
    const signal = (await response.json()) as { id: number; routedTo: number };
    expect(signal.routedTo).toBe(account.repId);
    await adminContext.close();

    await rep.goto("/signals");
    const row = rep.getByTestId("signal-queue").locator(`[data-signal-id="${signal.id}"]`);
    await expect(row.getByTestId("queue-pick")).toContainText(`Send: ${title}`);
    await expect(row.getByTestId("queue-pick")).toContainText("answers trial sign-up");
    await row.getByRole("button", { name: new RegExp(`^Sent the asset “${title}”`) }).click();
    const answered = rep.getByTestId("responded-queue").locator(`[data-signal-id="${signal.id}"]`);
    await expect(answered.getByTestId("queue-pick")).toContainText("sent with the response");
    await expect(rep.getByTestId("signal-queue").locator(`[data-signal-id="${signal.id}"]`)).toHaveCount(0);
    await repContext.close();

    // The personalizer's log says what it picked for whom, and why.
    await page.reload();
    const log = page.getByTestId("automation-actions");
    await expect(log.locator("tr", { hasText: `Picked “${title}” for Tess Trial` })).toContainText("answers trial sign-up");

    const importForm = page.getByRole("form", { name: "Import assets" });
    const csv = (rows: string[]) => ({ name: "assets.csv", mimeType: "text/csv", buffer: Buffer.from(`Title,Format,URL,Roles\n${rows.join("\n")}\n`) });
    const stamp = Date.now();
    await importForm.getByLabel("CSV file").setInputFiles(csv([`Board deck,one_pager,https://content.example.com/board-${stamp},Economic Buyer`, `Wizard guide,guide,https://content.example.com/wizard-${stamp},Chief Wizard`]));
    await importForm.getByRole("button", { name: "Import assets" }).click();
    await expect(importForm).toContainText("Nothing was imported: 1 problem to fix.");
    await expect(importForm.getByTestId("asset-import-errors")).toHaveText("Row 3, roles: Roles: “Chief Wizard” is not a buying-group role");
    await page.reload();
    await expect(library).toHaveCount(before + 1);
    await importForm.getByLabel("CSV file").setInputFiles(csv([`Board deck,one_pager,https://content.example.com/board-${stamp},Economic Buyer`]));
    await importForm.getByRole("button", { name: "Import assets" }).click();
    await expect(importForm.getByText("1 asset imported.")).toBeVisible();
    await page.reload();
    await expect(library).toHaveCount(before + 2);
  });
});

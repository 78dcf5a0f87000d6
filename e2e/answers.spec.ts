import { expect, test, type Page, type Request } from "@playwright/test";
import { signIn, signInAs } from "./fixtures";

async function darkSocialFigures(page: Page) {
  await page.goto("/attribution/dark-social?period=this_quarter");
  const capture = (await page.getByTestId("capture-rate").textContent())!;
  const podcast = (await page.getByTestId("dark-social-table").locator('td[data-channel="podcast"]').textContent())!;
  const answered = (await page.getByText(/ of [\d,]+ demo requests answered/).textContent())!;
  return { capture, podcast, answered };
}

test.describe("self-reported answers", () => {
  test("a marketer enters one answer, pastes ten, fixes an unmapped one, and sees capture rate and the dark-social delta change", async ({ page }) => {
    await signIn(page, "marketing@example.com");
    const before = await darkSocialFigures(page);
    expect(before.capture).toMatch(/^\d+\.\d%$/);

    await page.getByRole("navigation", { name: "Attribution pages" }).getByRole("link", { name: /^Answers/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Self-reported answers" })).toBeVisible();
    await page.getByText("Demo requests waiting for an answer").click();
    const emails = await page.getByTestId("waiting-email").allTextContents();
    expect(emails.length).toBeGreaterThanOrEqual(11);

    // One answer through the form: find the lead by email, the rules suggest the channel.
    const form = page.getByRole("form", { name: "Enter one answer" });
    await form.getByLabel("Who answered?").fill(emails[0]!);
    await form.getByRole("list", { name: "Matching leads and contacts" }).getByRole("button").first().click();
    await expect(form.getByTestId("answer-subject")).toContainText(emails[0]!);
    await form.getByLabel("Their answer, word for word").fill("Heard your CEO on the GTM Weekly podcast");
    await expect(form.getByText("Suggested by the rules: “podcast” → Podcast.")).toBeVisible();
    await form.getByRole("button", { name: "Save answer" }).click();
    await expect(form.getByText("Saved: 1 added.")).toBeVisible();

    // Ten pasted rows, plus an unknown email and the lead just answered again.
    await page.getByRole("tab", { name: "Paste or upload" }).click();
    const rows = [
      ...emails.slice(1, 10).map((email, k) => `${email}\t${k % 2 ? "Revenue Rundown podcast" : "heard on The Pipeline Show"}`),
      `${emails[10]}\tDave from Acme, I think`,
      "nobody@nowhere.example\tpodcast",
      `${emails[0]}\tand a friend at Initech`,
    ];
    await page.getByLabel("Rows to add: lead email, then the answer").fill(rows.join("\n"));
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByTestId("bulk-preview");
    await expect(preview.getByText("12 rows: 11 ready, 1 with a problem, 1 for leads that answered before.")).toBeVisible();
    await expect(preview.getByText("No lead or contact has the email nobody@nowhere.example: check it, or import the lead first.")).toBeVisible();
    await expect(preview.getByText("no rule matched")).toHaveCount(1);
    const save = page.getByRole("button", { name: "Save 11 answers" });
    await expect(save).toBeDisabled();
    await page.getByLabel("Skip the 1 rows with a problem and save the rest").check();
    await expect(page.getByText("Choose update or keep both for 1 lead first.")).toBeVisible();
    await preview.getByRole("radio", { name: "Keep both" }).check();
    await save.click();
    await expect(page.getByText("Saved: 11 added, 1 skipped.")).toBeVisible();

    // The unmapped answer waits in the review queue; the marketer sets its channel.
    const queue = page.getByTestId("review-queue");
    const row = queue.getByRole("row").filter({ hasText: "Dave from Acme, I think" });
    await expect(row).toBeVisible();
    await row.getByRole("combobox").selectOption("peer_recommendation");
    // Done: it leaves the queue, and the list shows it set by hand.
    await expect(page.getByTestId("review-queue").getByText("Dave from Acme, I think")).toHaveCount(0);
    const listed = page.locator("#answers").getByRole("row").filter({ hasText: "Dave from Acme, I think" });
    await expect(listed.getByRole("combobox")).toHaveValue("peer_recommendation");
    await expect(listed.getByText("Set by hand")).toBeVisible();

    // Eleven more demo requests answered, ten of them podcasts.
    const after = await darkSocialFigures(page);
    const count = (text: string) => text.match(/^([\d,]+) of ([\d,]+)/)!.slice(1).map((n) => Number(n.replace(/,/g, "")));
    const [answeredBefore, demoRequests] = count(before.answered);
    expect(count(after.answered)).toEqual([answeredBefore! + 11, demoRequests]);
    expect(after.capture).not.toBe(before.capture);
    expect(parseFloat(after.podcast.replace("−", "-"))).toBeGreaterThan(parseFloat(before.podcast.replace("−", "-")));

    // An answer entered by mistake is deleted after a confirmation.
    await page.goto("/attribution/answers?q=Dave+from+Acme");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator("#answers").getByRole("button", { name: /^Delete .*Dave from Acme/ }).click();
    await expect(page.getByText("No answer matches these filters.")).toBeVisible();
  });

  test("a marketer is warned about a rule that matches nothing, previews what a change would re-map, and saves it", async ({ page }) => {
    await signInAs(page, "marketing@example.com");
    await page.goto("/attribution/answers/rules");
    await expect(page.getByText(/These are the saved rules\./)).toBeVisible();
    await page.getByRole("button", { name: "Add a rule" }).click();
    const rules = page.getByTestId("answer-rule");
    const last = rules.last();
    await last.getByRole("combobox").selectOption("community");
    await last.getByRole("textbox").fill("zzz-never-said");
    await expect(last.getByText(/matches none of the [\d,]+ answers/)).toBeVisible();
    await last.getByRole("textbox").fill("zzz-never-said, dave");
    await expect(page.getByTestId("rules-preview").getByText(/Other → Community/)).toBeVisible();
    await expect(page.getByTestId("rules-preview").getByText(/would move/)).toBeVisible();
    await last.getByRole("combobox").selectOption("peer_recommendation");
    await expect(page.getByTestId("rules-preview").getByText(/Other → Peer recommendation/)).toBeVisible();
    await page.getByRole("button", { name: /^Save and re-map/ }).click();
    await expect(page.getByText(/^Rules saved; \d+ answers? re-mapped\.$/)).toBeVisible();
  });

  test("a sales user reads the answers but cannot enter one, even by a direct POST", async ({ page, browser }) => {
    // The marketer's save, recorded to be replayed with the rep's session.
    await signInAs(page, "marketing@example.com");
    await page.goto("/attribution/answers");
    const recorded: Request[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) recorded.push(r);
    });
    await page.getByText("Demo requests waiting for an answer").click();
    const email = (await page.getByTestId("waiting-email").first().textContent())!;
    const form = page.getByRole("form", { name: "Enter one answer" });
    await form.getByLabel("Who answered?").fill(email);
    await form.getByRole("list", { name: "Matching leads and contacts" }).getByRole("button").first().click();
    await form.getByLabel("Their answer, word for word").fill("LinkedIn post by your founder");
    await form.getByRole("button", { name: "Save answer" }).click();
    await expect(form.getByRole("button", { name: /Update that answer|Save answer/ })).toBeVisible();
    expect(recorded.length).toBeGreaterThanOrEqual(1);
    const action = recorded[0]!;

    const rep = await browser.newContext({ baseURL: new URL(page.url()).origin });
    const repPage = await rep.newPage();
    await signInAs(repPage, "rep@example.com");
    await repPage.goto("/attribution/answers");
    await expect(repPage.getByRole("heading", { level: 1, name: "Self-reported answers" })).toBeVisible();
    await expect(repPage.getByRole("heading", { name: "Add answers" })).toHaveCount(0);
    await expect(repPage.locator("#answers").getByRole("combobox", { name: /^Channel for/ })).toHaveCount(0);
    const total = await repPage.getByRole("heading", { name: /^All answers/ }).textContent();

    const body = action.postDataBuffer()!.toString("utf8").replace("LinkedIn post by your founder", "Written by a rep");
    const response = await repPage.request.post(action.url(), {
      headers: { "next-action": action.headers()["next-action"]!, "content-type": action.headers()["content-type"]! },
      data: body,
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    const search = await repPage.request.get(`/attribution/answers/subjects?q=${encodeURIComponent(email)}`);
    expect(search.status()).toBe(403);
    await repPage.reload();
    expect(await repPage.getByRole("heading", { name: /^All answers/ }).textContent()).toBe(total);
    await repPage.goto("/attribution/answers?q=Written+by+a+rep");
    await expect(repPage.getByText("No answer matches these filters.")).toBeVisible();
    await rep.close();
  });
});

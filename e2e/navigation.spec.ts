import { expect, test, type Locator, type Page } from "@playwright/test";
import { navMenuFor } from "@/lib/navigation";
import type { UserRole } from "@/lib/domain/roles";
import { expandMenu, signInAs } from "./fixtures";

/**
 * The header's menu at a desktop and a phone width, for every role: each item the role has can be
 * reached, is visible once its menu is open, and lies wholly inside the viewport (nothing cut off).
 */

const roles: [UserRole, string][] = [
  ["admin", "admin@example.com"],
  ["executive", "exec@example.com"],
  ["marketing", "marketing@example.com"],
  ["sales", "rep@example.com"],
];

async function expectWhollyInView(page: Page, element: Locator, what: string) {
  await element.scrollIntoViewIfNeeded();
  await expect(element, what).toBeVisible();
  const box = (await element.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(width);
  await expect(element, what).toBeInViewport({ ratio: 1 });
  // The label is not clipped inside its own box either.
  expect(await element.evaluate((e) => e.scrollWidth <= e.clientWidth + 1), `${what}: its text fits`).toBe(true);
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

for (const [role, email] of roles) {
  const sections = navMenuFor(role);

  test(`${role} at 1440 px: every page is a link or sits in the Settings or Admin menu, none cut off`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInAs(page, email);
    await page.goto("/overview");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
    await expectNoSidewaysScroll(page);
    // The header's links and menu buttons sit on one line: none wraps under the others.
    const rows = await nav.locator(":scope > ul > li").evaluateAll((items) => items.map((li) => li.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })));
    const lowestTop = Math.max(...rows.map((r) => r.top));
    const highestBottom = Math.min(...rows.map((r) => r.bottom));
    expect(lowestTop, `one line of menu items, got ${JSON.stringify(rows)}`).toBeLessThan(highestBottom);
    for (const section of sections) {
      if (section.group === "pages") {
        for (const item of section.items) await expectWhollyInView(page, nav.getByRole("link", { name: item.label, exact: true }), item.label);
        continue;
      }
      const button = nav.getByRole("button", { name: section.label, exact: true });
      await expectWhollyInView(page, button, `${section.label} menu`);
      await expandMenu(button);
      for (const item of section.items) await expectWhollyInView(page, nav.getByRole("link", { name: item.label, exact: true }), `${section.label} › ${item.label}`);
      // Escape closes the menu and gives the focus back to its button.
      await page.keyboard.press("Escape");
      await expect(button).toHaveAttribute("aria-expanded", "false");
      await expect(button).toBeFocused();
      await expect(nav.getByRole("link", { name: section.items[0]!.label, exact: true })).toBeHidden();
    }
    // The menus are reached from the keyboard: the first link of the last menu opens with Enter and Tab.
    const last = sections.at(-1)!;
    if (last.group !== "pages") {
      const button = nav.getByRole("button", { name: last.label, exact: true });
      await button.focus();
      await page.keyboard.press("Enter");
      await expect(button).toHaveAttribute("aria-expanded", "true");
      await page.keyboard.press("Tab");
      await expect(nav.getByRole("link", { name: last.items[0]!.label, exact: true })).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(new RegExp(`${last.items[0]!.href}$`));
      await expect(button).toHaveAttribute("aria-expanded", "false");
    }
  });

  test(`${role} at 390 px: the Menu button shows every item in full`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, email);
    await page.goto("/overview");
    await expectNoSidewaysScroll(page);
    const button = page.getByRole("button", { name: "Menu", exact: true });
    await expectWhollyInView(page, button, "Menu button");
    await expandMenu(button);
    const nav = page.getByRole("navigation", { name: "Main" });
    const items = sections.flatMap((s) => s.items);
    expect(await nav.getByRole("link").allTextContents()).toEqual(items.map((i) => i.label));
    for (const item of items) await expectWhollyInView(page, nav.getByRole("link", { name: item.label, exact: true }), item.label);
    await expectNoSidewaysScroll(page);
    // Following a link goes there and closes the menu.
    const target = items.at(-1)!;
    await nav.getByRole("link", { name: target.label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${target.href}$`));
    await expect(button).toHaveAttribute("aria-expanded", "false");
  });
}

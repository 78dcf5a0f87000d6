import { expect, test } from "@playwright/test";
import { REFUSED, fillSignIn, signIn } from "./fixtures";

test.describe("user administration", () => {
  test("an admin adds a user, changes the role, resets the password and deactivates them", async ({ browser }) => {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin@example.com");
    await expect(admin.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

    // Bad input is named field by field.
    await admin.getByRole("button", { name: "Add user" }).click();
    await expect(admin.getByText("Enter the person's name.")).toBeVisible();
    await expect(admin.getByText("Enter an email address such as name@company.com.")).toBeVisible();

    await admin.getByLabel("Name").fill("Nora Newhire");
    await admin.getByLabel("Email").fill("nora@example.com");
    await admin.getByLabel("Role", { exact: true }).selectOption("marketing");
    await admin.getByRole("button", { name: "Add user" }).click();
    const firstPassword = (await admin.getByTestId("temporary-password").textContent())!;
    expect(firstPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    // A duplicate email is refused with a message.
    await admin.getByLabel("Name").fill("Nora Again");
    await admin.getByLabel("Email").fill("NORA@example.com");
    await admin.getByRole("button", { name: "Add user" }).click();
    await expect(admin.getByText("A user with the email nora@example.com already exists.")).toBeVisible();

    const row = admin.getByTestId("user-nora@example.com");
    await row.getByLabel("role").selectOption("executive");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByText("Nora Newhire is now executive.")).toBeVisible();

    admin.once("dialog", (d) => d.accept());
    await row.getByRole("button", { name: "Reset password for Nora Newhire" }).click();
    const resetPassword = (await row.getByTestId("reset-password").textContent())!;
    expect(resetPassword).not.toBe(firstPassword);

    // The new user signs in with the reset password and lands as an executive.
    const noraContext = await browser.newContext();
    const nora = await noraContext.newPage();
    await fillSignIn(nora, "nora@example.com", firstPassword);
    await expect(nora.getByRole("main").getByRole("alert")).toHaveText(REFUSED);
    await signIn(nora, "nora@example.com", resetPassword);
    await expect(nora.getByTestId("current-user")).toContainText("Executive");

    // Deactivating signs them out on their next request and keeps them out.
    await admin.reload();
    await admin.getByRole("button", { name: "Deactivate Nora Newhire" }).click();
    await expect(admin.getByTestId("user-nora@example.com").getByText("Deactivated", { exact: true })).toBeVisible();
    await nora.goto("/overview");
    await expect(nora).toHaveURL(/\/sign-in/);
    await fillSignIn(nora, "nora@example.com", resetPassword);
    await expect(nora.getByRole("main").getByRole("alert")).toContainText("deactivated");

    await adminContext.close();
    await noraContext.close();
  });

  test("a stale page cannot overwrite someone else's change", async ({ browser }) => {
    const first = await (await browser.newContext()).newPage();
    const second = await (await browser.newContext()).newPage();
    await signIn(first, "admin@example.com");
    await signIn(second, "admin@example.com");
    await first.goto("/admin/users");
    await second.goto("/admin/users");

    const firstRow = first.getByTestId("user-marketing@example.com");
    await firstRow.getByLabel("role").selectOption("executive");
    await firstRow.getByRole("button", { name: "Save role" }).click();
    await expect(firstRow.getByText(/is now executive/)).toBeVisible();

    const secondRow = second.getByTestId("user-marketing@example.com");
    await secondRow.getByLabel("role").selectOption("sales");
    await secondRow.getByRole("button", { name: "Save role" }).click();
    await expect(secondRow.getByRole("alert")).toContainText("changed by someone else");
    await expect(secondRow.getByRole("alert")).toContainText("role marketing → executive");

    await second.reload();
    await expect(second.getByTestId("user-marketing@example.com").getByLabel("role")).toHaveValue("executive");
    // Put it back for the other tests.
    const row = second.getByTestId("user-marketing@example.com");
    await row.getByLabel("role").selectOption("marketing");
    await row.getByRole("button", { name: "Save role" }).click();
    await expect(row.getByText(/is now marketing/)).toBeVisible();
  });

  test("ten failed sign-ins from one address refuse that address, not the account's owner elsewhere", async ({ browser }) => {
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, "admin@example.com");
    await admin.goto("/admin/users");
    await admin.getByLabel("Name").fill("Lockout Target");
    await admin.getByLabel("Email").fill("lockout@example.com");
    await admin.getByLabel("Password", { exact: true }).fill("a-strong-password");
    await admin.getByRole("button", { name: "Add user" }).click();
    await expect(admin.getByText("Lockout Target can now sign in.")).toBeVisible();

    // The app under test trusts one proxy hop (TRUST_PROXY_HOPS=1), so each context names its address.
    const from = async (address: string) => (await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } })).newPage();
    const attacker = await from("203.0.113.66");
    const alert = attacker.getByRole("main").getByRole("alert");
    for (let i = 1; i <= 10; i++) {
      await fillSignIn(attacker, "lockout@example.com", `wrong-${i}`);
      await expect(alert).toHaveText(REFUSED);
    }
    // From that address even the right password gets the same answer as a wrong one, or an unknown email.
    await fillSignIn(attacker, "lockout@example.com", "a-strong-password");
    await expect(alert).toHaveText(REFUSED);
    await expect(attacker).toHaveURL(/\/sign-in/);
    await fillSignIn(attacker, "nobody-here@example.com", "a-strong-password");
    await expect(alert).toHaveText(REFUSED);

    await admin.reload();
    await expect(admin.getByTestId("user-lockout@example.com").getByText("Locked")).toBeVisible();

    // The account's owner, at another address, signs in at once.
    const owner = await from("198.51.100.7");
    await signIn(owner, "lockout@example.com", "a-strong-password");
    await expect(owner.getByTestId("current-user")).toContainText("Lockout Target");
  });
});

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/index";
import { ConflictError, NotFoundError, createUser, updateUser } from "@/db/queries/users";
import { userRoles } from "@/lib/domain/roles";
import { requirePermission } from "@/lib/auth";
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword } from "@/lib/auth/password";
import { invalid, type ActionResult } from "@/lib/action-result";
import { unexpected } from "@/lib/errors";

const role = z.enum(userRoles, { error: "Choose a role: admin, executive, marketing or sales." });

const newUser = z.object({
  name: z.string().trim().min(1, "Enter the person's name.").max(120, "Keep the name under 120 characters."),
  email: z.string().trim().toLowerCase().email("Enter an email address such as name@company.com."),
  role,
  password: z
    .string()
    .max(200)
    .refine((p) => p === "" || p.length >= MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters, or leave it empty to generate one.`),
});

const target = z.object({
  userId: z.coerce.number().int().positive("Unknown user."),
  expectedVersion: z.coerce.number().int().positive("Reload the page and try again."),
});

export type CreatedUser = { email: string; temporaryPassword: string | null };
export type PasswordReset = { name: string; temporaryPassword: string };

function fromFailure(error: unknown, context: string): ActionResult<never> {
  if (error instanceof ConflictError || error instanceof NotFoundError) return { ok: false, error: error.message };
  return unexpected(error, context);
}

export async function createUserAction(_: ActionResult<CreatedUser> | null, formData: FormData): Promise<ActionResult<CreatedUser>> {
  const admin = await requirePermission("users:manage");
  const parsed = newUser.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const generated = parsed.data.password === "" ? generatePassword() : null;
  try {
    const created = await createUser(
      getDb(),
      { ...parsed.data, passwordHash: await hashPassword(generated ?? parsed.data.password) },
      admin.id,
    );
    revalidatePath("/admin/users");
    return { ok: true, data: { email: created.email, temporaryPassword: generated }, message: `${created.name} can now sign in.` };
  } catch (error) {
    return fromFailure(error, "Creating a user");
  }
}

export async function changeRoleAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const admin = await requirePermission("users:manage");
  const parsed = target.extend({ role }).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  if (parsed.data.userId === admin.id && parsed.data.role !== "admin") {
    return { ok: false, error: "You cannot remove your own admin role; ask another admin." };
  }
  try {
    const updated = await updateUser(getDb(), { ...parsed.data, change: { field: "role", value: parsed.data.role } }, admin.id);
    revalidatePath("/admin/users");
    return { ok: true, data: undefined, message: `${updated.name} is now ${updated.role}.` };
  } catch (error) {
    return fromFailure(error, "Changing a role");
  }
}

export async function setActiveAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const admin = await requirePermission("users:manage");
  const parsed = target.extend({ active: z.enum(["true", "false"]).transform((v) => v === "true") }).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  if (parsed.data.userId === admin.id && !parsed.data.active) {
    return { ok: false, error: "You cannot deactivate your own account." };
  }
  try {
    const updated = await updateUser(getDb(), { ...parsed.data, change: { field: "active", value: parsed.data.active } }, admin.id);
    revalidatePath("/admin/users");
    return { ok: true, data: undefined, message: `${updated.name} is ${updated.active ? "active again" : "deactivated"}.` };
  } catch (error) {
    return fromFailure(error, "Changing a user's status");
  }
}

export async function resetPasswordAction(_: ActionResult<PasswordReset> | null, formData: FormData): Promise<ActionResult<PasswordReset>> {
  const admin = await requirePermission("users:manage");
  const parsed = target.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return invalid(parsed.error);
  const temporaryPassword = generatePassword();
  try {
    const updated = await updateUser(
      getDb(),
      { ...parsed.data, change: { field: "password", passwordHash: await hashPassword(temporaryPassword) } },
      admin.id,
    );
    revalidatePath("/admin/users");
    return { ok: true, data: { name: updated.name, temporaryPassword } };
  } catch (error) {
    return fromFailure(error, "Resetting a password");
  }
}

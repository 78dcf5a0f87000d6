"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { createUser, updateUser } from "@/db/queries/users";
import { userRoles } from "@/lib/domain/roles";
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword } from "@/lib/auth/password";
import { done, guardedFormAction, refused } from "@/app/_guard/guarded-action";

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

const manageUsers = { permission: "users:manage", revalidate: ["/admin/users"] } as const;

export const createUserAction = guardedFormAction({ ...manageUsers, input: newUser, context: "Creating a user" }, async (input, admin) => {
  const generated = input.password === "" ? generatePassword() : null;
  const created = await createUser(getDb(), { ...input, passwordHash: await hashPassword(generated ?? input.password) }, admin.id);
  return done<CreatedUser>({ email: created.email, temporaryPassword: generated }, `${created.name} can now sign in.`);
});

export const changeRoleAction = guardedFormAction({ ...manageUsers, input: target.extend({ role }), context: "Changing a role" }, async (input, admin) => {
  if (input.userId === admin.id && input.role !== "admin") return refused("You cannot remove your own admin role; ask another admin.");
  const updated = await updateUser(getDb(), { ...input, change: { field: "role", value: input.role } }, admin.id);
  return done(undefined, `${updated.name} is now ${updated.role}.`);
});

export const setActiveAction = guardedFormAction(
  { ...manageUsers, input: target.extend({ active: z.enum(["true", "false"]).transform((v) => v === "true") }), context: "Changing a user's status" },
  async (input, admin) => {
    if (input.userId === admin.id && !input.active) return refused("You cannot deactivate your own account.");
    const updated = await updateUser(getDb(), { ...input, change: { field: "active", value: input.active } }, admin.id);
    return done(undefined, `${updated.name} is ${updated.active ? "active again" : "deactivated"}.`);
  },
);

export const resetPasswordAction = guardedFormAction({ ...manageUsers, input: target, context: "Resetting a password" }, async (input, admin) => {
  const temporaryPassword = generatePassword();
  const updated = await updateUser(getDb(), { ...input, change: { field: "password", passwordHash: await hashPassword(temporaryPassword) } }, admin.id);
  return done<PasswordReset>({ name: updated.name, temporaryPassword });
});

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/index";
import { apiKeyScopes, createApiKey, revokeApiKey, type ApiKeyScope } from "@/db/queries/api-keys";
import { requirePermission } from "@/lib/auth";
import { invalid, type ActionResult } from "@/lib/action-result";
import { unexpected } from "@/lib/errors";

const scopeKeys = Object.keys(apiKeyScopes) as [ApiKeyScope, ...ApiKeyScope[]];

const newKey = z.object({
  name: z.string().trim().min(1, "Name the key after what will use it, e.g. “BI dashboard”.").max(80, "Keep the name under 80 characters."),
  scopes: z
    .array(z.enum(scopeKeys, { error: (issue) => `"${String(issue.input)}" is not a scope: use ${scopeKeys.join(" or ")}.` }))
    .min(1, "Tick at least one thing the key may do."),
});

export async function createApiKeyAction(_: ActionResult<{ key: string }> | null, formData: FormData): Promise<ActionResult<{ key: string }>> {
  const admin = await requirePermission("apiKeys:manage");
  const parsed = newKey.safeParse({ name: formData.get("name") ?? "", scopes: formData.getAll("scopes") });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const { key } = await createApiKey(getDb(), parsed.data.name, admin.id, [...new Set(parsed.data.scopes)]);
    revalidatePath("/settings/api-keys");
    return { ok: true, data: { key }, message: `Key “${parsed.data.name}” created.` };
  } catch (error) {
    return unexpected(error, "Creating an API key");
  }
}

export async function revokeApiKeyAction(_: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const admin = await requirePermission("apiKeys:manage");
  const id = Number(formData.get("id"));
  if (!Number.isInteger(id) || id <= 0) return { ok: false, error: "Unknown key." };
  try {
    const revoked = await revokeApiKey(getDb(), id, admin.id);
    revalidatePath("/settings/api-keys");
    return revoked ? { ok: true, data: undefined, message: "Key revoked." } : { ok: false, error: "That key was already revoked." };
  } catch (error) {
    return unexpected(error, "Revoking an API key");
  }
}

"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { apiKeyScopes, createApiKey, revokeApiKey, type ApiKeyScope } from "@/db/queries/api-keys";
import { done, guardedFormAction, refused } from "@/app/_guard/guarded-action";

const scopeKeys = Object.keys(apiKeyScopes) as [ApiKeyScope, ...ApiKeyScope[]];

const newKey = z.object({
  name: z.string().trim().min(1, "Name the key after what will use it, e.g. “BI dashboard”.").max(80, "Keep the name under 80 characters."),
  scopes: z
    .array(z.enum(scopeKeys, { error: (issue) => `"${String(issue.input)}" is not a scope: use ${scopeKeys.join(" or ")}.` }))
    .min(1, "Tick at least one thing the key may do."),
});

const manageKeys = { permission: "apiKeys:manage", revalidate: ["/settings/api-keys"] } as const;

export const createApiKeyAction = guardedFormAction(
  { ...manageKeys, input: newKey, context: "Creating an API key", fromForm: (form) => ({ name: form.get("name") ?? "", scopes: form.getAll("scopes") }) },
  async (input, admin) => {
    const { key } = await createApiKey(getDb(), input.name, admin.id, [...new Set(input.scopes)]);
    return done({ key }, `Key “${input.name}” created.`);
  },
);

export const revokeApiKeyAction = guardedFormAction(
  { ...manageKeys, input: z.object({ id: z.coerce.number({ error: "Unknown key." }).int("Unknown key.").positive("Unknown key.") }), context: "Revoking an API key" },
  async (input, admin) => {
    const revoked = await revokeApiKey(getDb(), input.id, admin.id);
    return revoked ? done(undefined, "Key revoked.") : refused("That key was already revoked.");
  },
);

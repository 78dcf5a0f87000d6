import { getDb } from "@/db/index";
import { searchAnswerSubjects } from "@/db/queries/answers";
import { apiError } from "@/lib/auth/api-key";
import { guardedRoute } from "@/app/_guard/guarded-route";

/** GET ?q=: the leads and contacts whose name, email or company holds q, for the answer form. */
export const GET = guardedRoute("answers:manage", async (request) => {
  const q = new URL(request.url).searchParams.get("q")?.trim() ?? "";
  if (q.length < 2) return apiError(400, "Type at least 2 characters of a name, email or company.", "q");
  if (q.length > 200) return apiError(400, "q has at most 200 characters.", "q");
  return Response.json({ subjects: await searchAnswerSubjects(getDb(), q) });
});

import type { NextRequest } from "next/server";
import { getDb } from "@/db/index";
import { searchAnswerSubjects } from "@/db/queries/answers";
import { userWithPermission } from "@/lib/auth";

/** GET ?q=: the leads and contacts whose name, email or company holds q, for the answer form. */
export async function GET(request: NextRequest) {
  const user = await userWithPermission("answers:manage");
  if (user instanceof Response) return user;
  const q = request.nextUrl.searchParams.get("q")?.trim() ?? "";
  if (q.length < 2) return Response.json({ error: "Type at least 2 characters of a name, email or company.", parameter: "q" }, { status: 400 });
  if (q.length > 200) return Response.json({ error: "q has at most 200 characters.", parameter: "q" }, { status: 400 });
  return Response.json({ subjects: await searchAnswerSubjects(getDb(), q) });
}

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { landingPath } from "@/lib/auth/permissions";

/** Home sends each role to its own landing page. */
export default async function Home() {
  const user = await requireUser();
  redirect(landingPath[user.role]);
}

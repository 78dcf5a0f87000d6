import { redirect } from "next/navigation";
import { landingPath } from "@/lib/auth/permissions";
import { guardedPage } from "@/app/_guard/guarded-page";

/** Home sends each role to its own landing page. */
export default guardedPage("workspace:view", async function Home({ user }) {
  redirect(landingPath[user.role]);
}, { loading: false });

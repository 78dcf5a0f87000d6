"use server";

import { signOut } from "@/lib/auth";
import { publicAction } from "@/app/_guard/public";

/** Ends the session on every device (see the signOut event in lib/auth); a signed-out caller is just sent to sign in. */
export const signOutAction = publicAction("signing out needs no permission, and ends only the caller's own session", async (): Promise<void> => {
  await signOut({ redirectTo: "/sign-in" });
});

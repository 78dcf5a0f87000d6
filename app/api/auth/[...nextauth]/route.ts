import { handlers } from "@/lib/auth";
import { publicRoute } from "@/app/_guard/public";

const why = "Auth.js's own sign-in, sign-out and session endpoints: they are how a session begins";
export const GET = publicRoute(why, handlers.GET);
export const POST = publicRoute(why, handlers.POST);

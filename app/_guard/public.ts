/**
 * The few entry points anyone may reach signed out. Each says why, so a reader (and the test that
 * lists every entry point) sees that leaving out the guard was meant.
 */

/** A route anyone may call (health check, the sign-in endpoints). */
export function publicRoute<H extends (...args: never[]) => Promise<Response>>(why: string, handler: H): H {
  void why;
  return handler;
}

/** A page anyone may open (sign-in). */
export function publicPage<C>(why: string, page: C): C {
  void why;
  return page;
}

/** A server action anyone may call (signing in and out). */
export function publicAction<A extends (...args: never[]) => Promise<unknown>>(why: string, action: A): A {
  void why;
  return action;
}

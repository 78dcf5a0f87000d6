import "server-only";
import { revalidatePath } from "next/cache";
import { forbidden, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { PublicUser } from "@/db/queries/users";
import { fieldErrorsOf, type ActionResult } from "@/lib/action-result";
import { requirePermission } from "@/lib/auth";
import type { Permission } from "@/lib/auth/permissions";
import { ExpectedError, ForbiddenError, unexpected } from "@/lib/errors";

type Failure = Extract<ActionResult, { ok: false }>;

const HIGHLIGHTED = "Please correct the highlighted fields.";

/** A page to revalidate, or a layout with every page under it. */
export type RevalidateTarget = string | { layout: string };

export interface ActionSpec<S extends z.ZodType> {
  /** Who may call it at all: checked first, before the input is read. A refusal is a 403. */
  permission: Permission;
  /** The input, validated before the handler runs; its messages reach the person. */
  input: S;
  /**
   * The form shows each field's message beside the field, so an invalid input is summed up as
   * "Please correct the highlighted fields." rather than repeating the first message. Form actions
   * always do.
   */
  highlightsFields?: boolean;
  /** What the action does, for the log of an unexpected failure ("Creating a user"). */
  context: string;
  /**
   * Ownership and the like, once the input is known: false answers 403 and nothing runs. (A rule a
   * query must enforce inside its transaction throws ForbiddenError there instead: also a 403.)
   */
  allow?: (user: PublicUser, input: z.output<S>) => boolean | Promise<boolean>;
  /** The pages whose data the action changes, revalidated after it succeeds. */
  revalidate?: readonly RevalidateTarget[] | ((input: z.output<S>) => readonly RevalidateTarget[]);
}

type Handler<S extends z.ZodType, R> = (input: z.output<S>, user: PublicUser) => Promise<R>;

/** A successful result, for handlers to return. */
export function done<T>(data: T, message?: string): { ok: true; data: T; message?: string } {
  return message === undefined ? { ok: true, data } : { ok: true, data, message };
}

/** A failure the person can act on, for handlers to return. */
export function refused(error: string, field?: string): Failure {
  return field ? { ok: false, error, fieldErrors: { [field]: error } } : { ok: false, error };
}

function revalidateAll(targets: readonly RevalidateTarget[]) {
  for (const target of targets) {
    if (typeof target === "string") revalidatePath(target);
    else revalidatePath(target.layout, "layout");
  }
}

async function runGuarded<S extends z.ZodType, R extends ActionResult<unknown>>(
  spec: ActionSpec<S>,
  handler: Handler<S, R>,
  raw: unknown,
  invalidMessage: (error: z.ZodError) => string,
): Promise<R | Failure> {
  const user = await requirePermission(spec.permission);
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success) return { ok: false, error: invalidMessage(parsed.error), fieldErrors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;
  try {
    if (spec.allow && !(await spec.allow(user, input))) forbidden();
    const result = await handler(input, user);
    if (result.ok && spec.revalidate) {
      revalidateAll(typeof spec.revalidate === "function" ? spec.revalidate(input) : spec.revalidate);
    }
    return result;
  } catch (error) {
    unstable_rethrow(error); // forbidden(), notFound() and redirect() are answers, not failures
    if (error instanceof ForbiddenError) forbidden(); // a forged request for what the UI never offers
    if (error instanceof ExpectedError) return refused(error.message, error.field);
    const { ok, error: message } = unexpected(error, spec.context);
    return { ok, error: message };
  }
}

/**
 * The one way to write a server action called with an argument: the permission is checked first,
 * then the input is validated, then ownership (`allow`), then the handler runs; expected errors
 * become messages, unexpected ones are logged with an id, and the pages it changed are revalidated.
 */
export function guardedAction<S extends z.ZodType, R extends ActionResult<unknown>>(spec: ActionSpec<S>, handler: Handler<S, R>) {
  return async function action(input: z.input<S>): Promise<R | Failure> {
    return runGuarded(spec, handler, input, (error) =>
      spec.highlightsFields ? HIGHLIGHTED : (error.issues[0]?.message ?? "The input is not valid."),
    );
  };
}

/**
 * The same for a form's action (`useActionState`): the form's fields become the input, through
 * `fromForm` when a field repeats (checkboxes) or needs shaping.
 */
export function guardedFormAction<S extends z.ZodType, R extends ActionResult<unknown>>(
  spec: ActionSpec<S> & { fromForm?: (form: FormData) => unknown },
  handler: Handler<S, R>,
) {
  return async function formAction(_previous: R | Failure | null, form: FormData): Promise<R | Failure> {
    const raw = !(form instanceof FormData) ? undefined : spec.fromForm ? spec.fromForm(form) : Object.fromEntries(form);
    return runGuarded(spec, handler, raw, () => HIGHLIGHTED);
  };
}

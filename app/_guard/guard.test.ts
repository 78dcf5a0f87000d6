import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";

type Role = "admin" | "executive" | "marketing" | "sales";
const state = vi.hoisted(() => ({ user: null as { id: number; role: Role } | null, revalidated: [] as string[] }));

// Next's interrupts throw; stand-ins that the guard's unstable_rethrow passes on.
class Interrupt extends Error {}
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Interrupt("404");
  },
  forbidden: () => {
    throw new Interrupt("403");
  },
  redirect: (to: string) => {
    throw new Interrupt(`redirect ${to}`);
  },
  unstable_rethrow: (error: unknown) => {
    if (error instanceof Interrupt) throw error;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: (path: string, type?: string) => state.revalidated.push(type ? `${type}:${path}` : path) }));
vi.mock("@/lib/auth", async () => {
  const { can } = await import("@/lib/auth/permissions");
  const { forbidden, redirect } = await import("next/navigation");
  const currentUser = async () => state.user;
  return {
    currentUser,
    requirePermission: async (permission: Parameters<typeof can>[1]) => {
      const user = await currentUser();
      if (!user) redirect("/sign-in");
      if (!can(user!.role, permission)) forbidden();
      return user;
    },
  };
});

const { guardedAction, guardedFormAction, done } = await import("./guarded-action");
const { guardedRoute } = await import("./guarded-route");
const { guardedPage } = await import("./guarded-page");

const rep = { id: 2, role: "sales" as const };
const admin = { id: 1, role: "admin" as const };

beforeEach(() => {
  state.user = null;
  state.revalidated = [];
});

describe("guardedAction", () => {
  const handler = vi.fn(async (input: { name: string }) => done({ saved: input.name }, "Saved."));
  const action = guardedAction({ permission: "settings:manage", input: z.object({ name: z.string().min(1, "Enter a name.") }), context: "Saving", revalidate: ["/a", { layout: "/b" }] }, handler);
  beforeEach(() => {
    handler.mockClear();
  });

  it("refuses a role without the permission with 403 before reading the input or running anything", async () => {
    state.user = rep;
    await expect(action({ name: "" })).rejects.toThrow("403");
    await expect(action({ name: "x" })).rejects.toThrow("403");
    expect(handler).not.toHaveBeenCalled();
    expect(state.revalidated).toEqual([]);
  });

  it("sends a signed-out caller to sign in", async () => {
    await expect(action({ name: "x" })).rejects.toThrow("redirect /sign-in");
    expect(handler).not.toHaveBeenCalled();
  });

  it("validates the input and names the field", async () => {
    state.user = admin;
    expect(await action({ name: "" })).toEqual({ ok: false, error: "Enter a name.", fieldErrors: { name: "Enter a name." } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("sums an invalid input up without repeating a message the form shows beside its field", async () => {
    state.user = admin;
    const highlighting = guardedAction({ permission: "settings:manage", input: z.object({ name: z.string().min(1, "Enter a name.") }), highlightsFields: true, context: "Saving" }, handler);
    expect(await highlighting({ name: "" })).toEqual({ ok: false, error: "Please correct the highlighted fields.", fieldErrors: { name: "Enter a name." } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("runs the handler and revalidates its pages on success", async () => {
    state.user = admin;
    expect(await action({ name: "x" })).toEqual({ ok: true, data: { saved: "x" }, message: "Saved." });
    expect(handler).toHaveBeenCalledWith({ name: "x" }, admin);
    expect(state.revalidated).toEqual(["/a", "layout:/b"]);
  });

  it("turns expected errors into their message, ForbiddenError into a 403, and logs anything else with an id", async () => {
    state.user = admin;
    handler.mockRejectedValueOnce(new ConflictError("Someone changed it meanwhile."));
    expect(await action({ name: "x" })).toEqual({ ok: false, error: "Someone changed it meanwhile." });
    handler.mockRejectedValueOnce(new NotFoundError("No such thing.", "id"));
    expect(await action({ name: "x" })).toEqual({ ok: false, error: "No such thing.", fieldErrors: { id: "No such thing." } });
    handler.mockRejectedValueOnce(new ForbiddenError("Not yours."));
    await expect(action({ name: "x" })).rejects.toThrow("403");
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    handler.mockRejectedValueOnce(new Error("connection reset: secret detail"));
    const failed = await action({ name: "x" });
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.error).toMatch(/^Something went wrong \(error id [0-9a-f]{8}\)/);
    expect(JSON.stringify(failed)).not.toContain("secret detail");
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^\[[0-9a-f]{8}\] Saving:$/), expect.any(Error));
    log.mockRestore();
    expect(state.revalidated).toEqual([]);
  });

  it("checks ownership (allow) after validation and before the handler", async () => {
    state.user = rep;
    const owned = guardedAction(
      { permission: "accounts:view", input: z.object({ ownerId: z.number() }), context: "Editing", allow: (user, input) => input.ownerId === user.id },
      async () => done(undefined),
    );
    expect(await owned({ ownerId: rep.id })).toEqual({ ok: true, data: undefined });
    await expect(owned({ ownerId: 99 })).rejects.toThrow("403");
  });
});

describe("guardedFormAction", () => {
  it("reads the form's fields, through fromForm when given", async () => {
    state.user = admin;
    const plain = guardedFormAction({ permission: "users:manage", input: z.object({ name: z.string() }), context: "x" }, async (input) => done(input.name));
    const form = new FormData();
    form.set("name", "Dana");
    expect(await plain(null, form)).toEqual({ ok: true, data: "Dana" });
    const shaped = guardedFormAction(
      { permission: "users:manage", input: z.object({ tags: z.array(z.string()) }), context: "x", fromForm: (f) => ({ tags: f.getAll("tag") }) },
      async (input) => done(input.tags.join(",")),
    );
    const tags = new FormData();
    tags.append("tag", "a");
    tags.append("tag", "b");
    expect(await shaped(null, tags)).toEqual({ ok: true, data: "a,b" });
    state.user = rep;
    await expect(plain(null, form)).rejects.toThrow("403");
  });
});

describe("guardedRoute", () => {
  const handler = vi.fn(async () => Response.json({ secret: "pipeline" }));
  const route = guardedRoute(["funnel:view", "settings:manage"], handler);
  beforeEach(() => {
    handler.mockClear();
  });
  const get = () => route(new Request("http://localhost/x"));

  it("answers 401 signed out and 403 without every permission, with no data and without running the handler", async () => {
    const signedOut = await get();
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toEqual({ error: "Sign in first." });
    state.user = rep;
    const refused = await get();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "Your role may not do this." });
    expect(handler).not.toHaveBeenCalled();
  });

  it("runs the handler for a user holding every permission, and maps its errors", async () => {
    state.user = admin;
    expect(await (await get()).json()).toEqual({ secret: "pipeline" });
    handler.mockRejectedValueOnce(new NotFoundError("There is no account #9.", "id"));
    const missing = await get();
    expect([missing.status, await missing.json()]).toEqual([404, { error: "There is no account #9.", parameter: "id" }]);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    handler.mockRejectedValueOnce(new Error("boom"));
    const failed = await get();
    expect(failed.status).toBe(500);
    expect((await failed.json()).error).toMatch(/error id [0-9a-f]{8}/);
    log.mockRestore();
  });
});

describe("guardedPage", () => {
  it("never runs the render function for a refused or signed-out visitor", async () => {
    const render = vi.fn(async () => "the page's data");
    const Page = guardedPage("users:manage", render);
    const props = { params: Promise.resolve({}), searchParams: Promise.resolve({}) };
    state.user = rep;
    await expect(Page(props)).rejects.toThrow("403");
    state.user = null;
    await expect(Page(props)).rejects.toThrow("redirect /sign-in");
    expect(render).not.toHaveBeenCalled();
  });

  it("renders for a permitted user, with the user and the URL, marked as the page's content", async () => {
    state.user = admin;
    const Page = guardedPage<{ id: string }>("users:manage", ({ user, params, searchParams }) => `${user.id}/${params.id}/${String(searchParams.q)}`, { loading: false });
    const element = await Page({ params: Promise.resolve({ id: "7" }), searchParams: Promise.resolve({ q: "x" }) });
    // The content is an async component: resolve it as React's server renderer would.
    const content = element as unknown as { type: (props: unknown) => Promise<unknown>; props: unknown };
    expect(renderToStaticMarkup((await content.type(content.props)) as never)).toBe('<div data-page-content="">1/7/x</div>');
  });

  it("answers 404 before rendering anything when the record the address names does not exist, and asks only after the check", async () => {
    const render = vi.fn(async () => "the page's data");
    const exists = vi.fn(async ({ id }: { id: string }) => id === "7");
    const Page = guardedPage<{ id: string }>("users:manage", render, { exists });
    const props = (id: string) => ({ params: Promise.resolve({ id }), searchParams: Promise.resolve({}) });
    state.user = rep;
    await expect(Page(props("8"))).rejects.toThrow("403");
    expect(exists).not.toHaveBeenCalled();
    state.user = admin;
    await expect(Page(props("8"))).rejects.toThrow("404");
    expect(render).not.toHaveBeenCalled();
    await expect(Page(props("7"))).resolves.toBeTruthy();
  });
});

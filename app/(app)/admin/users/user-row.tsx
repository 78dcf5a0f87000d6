"use client";

import { useActionState } from "react";
import { Badge } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { roleLabels, userRoles, type UserRole } from "@/lib/domain/roles";
import type { ActionResult } from "@/lib/action-result";
import { userRowGrid } from "./user-row-grid";
import { changeRoleAction, resetPasswordAction, setActiveAction, type PasswordReset } from "./actions";

export interface UserRowData {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  active: boolean;
  version: number;
  locked: boolean;
  lastSignIn: string | null;
}

function Hidden({ user }: { user: UserRowData }) {
  return (
    <>
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="expectedVersion" value={user.version} />
    </>
  );
}

const smallButton = "rounded-md border px-2.5 py-1.5 text-xs font-medium whitespace-nowrap disabled:opacity-50";

export function UserRow({ user, isSelf }: { user: UserRowData; isSelf: boolean }) {
  const [roleState, roleAction, rolePending] = useActionState<ActionResult | null, FormData>(changeRoleAction, null);
  const [activeState, activeAction, activePending] = useActionState<ActionResult | null, FormData>(setActiveAction, null);
  const [resetState, resetAction, resetPending] = useActionState<ActionResult<PasswordReset> | null, FormData>(resetPasswordAction, null);
  const messages: { ok: boolean; text: string }[] = [];
  for (const state of [roleState, activeState, resetState]) {
    if (state && !state.ok) messages.push({ ok: false, text: state.error });
    else if (state?.ok && state.message) messages.push({ ok: true, text: state.message });
  }
  const label = `${user.name}'s`;

  return (
    <li className={`${userRowGrid} space-y-3 px-4 py-4 md:space-y-0 ${user.active ? "" : "bg-slate-50 text-slate-500"}`} data-testid={`user-${user.email}`}>
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">
          {user.name} {isSelf ? <span className="text-xs font-normal text-slate-500">(you)</span> : null}
        </p>
        <p className="truncate text-sm text-slate-600">{user.email}</p>
        <div aria-live="polite">
          {messages.map((m, i) =>
            m.ok ? (
              <p key={i} className="mt-1 text-xs text-emerald-700">
                {m.text}
              </p>
            ) : (
              <p key={i} role="alert" className="mt-1 text-xs text-red-700">
                {m.text}
              </p>
            ),
          )}
          {resetState?.ok ? (
            <p className="mt-1 text-xs text-slate-700">
              New temporary password:{" "}
              <code className="rounded bg-amber-50 px-1 font-mono" data-testid="reset-password">
                {resetState.data.temporaryPassword}
              </code>{" "}
              (shown once)
            </p>
          ) : null}
        </div>
      </div>
      <div className="min-w-0">
        <form action={roleAction} className="flex items-center gap-2">
          <Hidden user={user} />
          <label htmlFor={`role-${user.id}`} className="sr-only">
            {label} role
          </label>
          <Select id={`role-${user.id}`} name="role" defaultValue={user.role} className="py-1.5" disabled={isSelf}>
            {userRoles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </Select>
          {isSelf ? null : (
            <button type="submit" disabled={rolePending} className={`${smallButton} border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}>
              {rolePending ? "Saving…" : "Save role"}
            </button>
          )}
        </form>
      </div>
      <div className="min-w-0">
        <div className="flex flex-wrap gap-1">
          {user.active ? <Badge tone="success">Active</Badge> : <Badge>Deactivated</Badge>}
          {user.locked ? <Badge tone="warning">Locked</Badge> : null}
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {user.lastSignIn ? `Last sign-in ${new Date(user.lastSignIn).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" })}` : "Never signed in"}
        </p>
      </div>
      <div className="min-w-0">
        {isSelf ? null : (
          <div className="flex flex-wrap gap-2 md:justify-end">
            <form action={activeAction}>
              <Hidden user={user} />
              <input type="hidden" name="active" value={user.active ? "false" : "true"} />
              <button
                type="submit"
                disabled={activePending}
                aria-label={`${user.active ? "Deactivate" : "Reactivate"} ${user.name}`}
                className={`${smallButton} ${user.active ? "border-red-200 bg-white text-red-700 hover:bg-red-50" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
              >
                {user.active ? "Deactivate" : "Reactivate"}
              </button>
            </form>
            <form
              action={resetAction}
              onSubmit={(e) => {
                if (!window.confirm(`Reset ${label} password? Their current password stops working.`)) e.preventDefault();
              }}
            >
              <Hidden user={user} />
              <button
                type="submit"
                disabled={resetPending}
                aria-label={`Reset password for ${user.name}`}
                className={`${smallButton} border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}
              >
                Reset password
              </button>
            </form>
          </div>
        )}
      </div>
    </li>
  );
}

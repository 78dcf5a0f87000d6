import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { listUsers } from "@/db/queries/users";
import { CreateUserForm } from "./create-user-form";
import { UserRow } from "./user-row";
import { userRowGrid } from "./user-row-grid";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Users" };

export default guardedPage("users:manage", async function UsersPage({ user: admin }) {
  const users = await listUsers(getDb());

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in and what their role lets them do. Deactivated users cannot sign in and are never assigned new leads."
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <section aria-labelledby="users-heading" className="min-w-0 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <h2 id="users-heading" className="sr-only">
            Users, their roles and status
          </h2>
          <div aria-hidden="true" className={`${userRowGrid} hidden border-b border-slate-200 bg-slate-50 px-4 py-3 text-xs font-medium tracking-wide text-slate-500 uppercase md:grid`}>
            <span>Person</span>
            <span>Role</span>
            <span>Status</span>
            <span />
          </div>
          <ul className="divide-y divide-slate-100">
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={{
                  id: user.id,
                  name: user.name,
                  email: user.email,
                  role: user.role,
                  active: user.active,
                  version: user.version,
                  locked: user.locked,
                  lastSignIn: user.lastSignInAt?.toISOString() ?? null,
                }}
                isSelf={user.id === admin.id}
              />
            ))}
          </ul>
        </section>
        <Card title="Add a user" description="They sign in with their email and the password you set or generate here.">
          <CreateUserForm />
        </Card>
      </div>
    </>
  );
});

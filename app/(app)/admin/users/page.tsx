import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { listUsers } from "@/db/queries/users";
import { requirePermission } from "@/lib/auth";
import { CreateUserForm } from "./create-user-form";
import { UserRow } from "./user-row";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const admin = await requirePermission("users:manage");
  const users = await listUsers(getDb());
  const now = Date.now();

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in and what their role lets them do. Deactivated users cannot sign in and are never assigned new leads."
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card className="overflow-hidden p-0">
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Users, their roles and status</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="px-4 py-3 font-medium">Person</th>
                  <th scope="col" className="px-4 py-3 font-medium">Role</th>
                  <th scope="col" className="px-4 py-3 font-medium">Status</th>
                  <th scope="col" className="px-4 py-3 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
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
                      locked: user.lockedUntil !== null && user.lockedUntil.getTime() > now,
                      lastSignIn: user.lastSignInAt?.toISOString() ?? null,
                    }}
                    isSelf={user.id === admin.id}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card title="Add a user" description="They sign in with their email and the password you set or generate here.">
          <CreateUserForm />
        </Card>
      </div>
    </>
  );
}

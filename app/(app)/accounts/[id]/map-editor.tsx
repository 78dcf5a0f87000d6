"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import {
  buyingGroupRoleInfo,
  buyingGroupRoles,
  contactStatuses,
  engagementLevels,
  suggestRoleFromTitle,
  type BuyingGroupRole,
} from "@/lib/domain/buying-group";
import { editMapAction, type MapEditInput } from "./actions";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { CellLabel, cardTable } from "@/components/ui/card-table";

export interface EditorContact {
  id: number;
  name: string;
  title: string | null;
  role: BuyingGroupRole | null;
  status: (typeof contactStatuses)[number];
  engagementLevel: (typeof engagementLevels)[number];
  /** ISO time of the last touch, or null. */
  lastTouchAt: string | null;
  gapAction: string | null;
}

const small =
  "max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500";
/** On a phone, each role's rows are one card, and each contact's cells a small grid in it. */
const roleCard = "max-md:mb-3 max-md:block max-md:rounded-md max-md:border max-md:border-slate-200 max-md:p-3";
const contactLine = "max-md:grid max-md:grid-cols-2 max-md:gap-x-3 max-md:gap-y-2 max-md:border-b-0";
const statusTone = { identified: "neutral", engaged: "brand", active: "success" } as const;

/** What became of the last edit, shown next to the control that made it. */
interface Feedback {
  /** Which control made the edit (e.g. "status-12"). */
  control: string;
  state: "saving" | "saved" | "failed";
  reason?: string;
}

/** "Saving…", "✓ Saved" or "✕ Not saved — why", next to the control the last edit came from. */
function SaveMark({ control, feedback }: { control: string; feedback: Feedback | null }) {
  if (!feedback || feedback.control !== control) return null;
  const { state, reason } = feedback;
  const look = { saving: "text-slate-600", saved: "text-emerald-700", failed: "text-red-700" }[state];
  const text = state === "saving" ? "Saving…" : state === "saved" ? "✓ Saved" : `✕ Not saved — ${reason}`;
  return (
    <span data-testid="save-mark" className={`mt-1 block max-w-xs text-xs font-medium whitespace-normal ${look}`}>
      {text}
    </span>
  );
}

function lastTouch(iso: string | null, now: number, darkAfterDays: number) {
  if (!iso) return <span className="text-slate-500">Never</span>;
  const days = Math.floor((now - new Date(iso).getTime()) / 86_400_000);
  const text = days <= 0 ? "Today" : days === 1 ? "1 day ago" : `${days} days ago`;
  return days > darkAfterDays ? <span className="text-amber-800">{text} · dark</span> : <span>{text}</span>;
}

/**
 * One buying-group map (an account's or a deal's): the five roles with their contacts, editable
 * field by field when the user may edit it. Each change is saved at once against the version the
 * page loaded; a refusal (someone else saved first) says what they changed and keeps nothing.
 */
export function MapEditor({
  accountId,
  opportunityId,
  version: loadedVersion,
  contacts,
  candidates,
  canEdit,
  canAddContacts = canEdit && opportunityId === undefined,
  darkAfterDays,
  now,
  label,
}: {
  accountId: number;
  opportunityId?: number;
  version: number;
  /** The contacts on the map (on an account's map, all of its contacts). */
  contacts: EditorContact[];
  /** Contacts of the account that can be put on the map in a role (not on a deal yet, or without a role). */
  candidates: { id: number; name: string; title: string | null }[];
  canEdit: boolean;
  /**
   * Whether the user may add new contacts here: a new contact joins the account, so on a deal's map
   * this needs the account's map (its owner, admins), not only the deal's.
   */
  canAddContacts?: boolean;
  darkAfterDays: number;
  now: number;
  label: string;
}) {
  const router = useRouter();
  // The version of this tab's last save; a refreshed page brings a newer one in as a prop.
  const [savedVersion, setSavedVersion] = useState(0);
  const version = Math.max(savedVersion, loadedVersion);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [pending, startTransition] = useTransition();

  /** Saves one edit; `control` names the control it came from, where its outcome is shown. */
  const save = (edit: MapEditInput["edit"], done: string, control: string) => {
    setError(null);
    setSaved(null);
    setFeedback({ control, state: "saving" });
    startTransition(async () => {
      const result = await editMapAction({ accountId, ...(opportunityId ? { opportunityId } : {}), expectedVersion: version, edit });
      if (result.ok) {
        setSavedVersion(result.data.version);
        setSaved(done);
        setFeedback({ control, state: "saved" });
        router.refresh();
      } else {
        setError(result.error);
        setFeedback({ control, state: "failed", reason: /changed this map/.test(result.error) ? "someone else changed this map (see above)" : result.error });
      }
    });
  };

  const inRole = (role: BuyingGroupRole) => contacts.filter((c) => c.role === role);
  const unassigned = contacts.filter((c) => c.role === null);

  return (
    <div aria-busy={pending}>
      {error ? (
        <div className="mb-3">
          <Alert tone="error" title="Not saved">
            <p>{error}</p>
            {/changed this map/.test(error) ? (
              <button type="button" className="mt-1 font-medium underline" onClick={() => { setError(null); router.refresh(); }}>
                Reload the map
              </button>
            ) : null}
          </Alert>
        </div>
      ) : null}
      <p role="status" className="sr-only">
        {pending ? "Saving…" : saved ? `Saved: ${saved}` : ""}
      </p>
      <ScrollRegion label={label}>
        {/* A card per role on a phone: each contact's Status and Engagement on screen, under their names. */}
        <table className={`${cardTable.table} md:min-w-[56rem]`}>
          <caption className="sr-only">{label}</caption>
          <thead className={cardTable.head}>
            <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
              <th scope="col" className="w-44 py-2 pr-3 font-medium">Role</th>
              <th scope="col" className="py-2 pr-3 font-medium">Contact</th>
              <th scope="col" className="py-2 pr-3 font-medium">Status</th>
              <th scope="col" className="py-2 pr-3 font-medium">Engagement</th>
              <th scope="col" className="py-2 pr-3 font-medium">Last touch</th>
              <th scope="col" className="py-2 font-medium">Gap action</th>
            </tr>
          </thead>
          {buyingGroupRoles.map((role) => {
            const people = inRole(role);
            const info = buyingGroupRoleInfo[role];
            const header = (rows: number) => (
              <th scope="rowgroup" rowSpan={rows} className={`border-b border-slate-100 py-2 pr-3 text-left align-top font-medium text-slate-800 ${cardTable.cell} ${cardTable.wide} max-md:border-0`}>
                {info.label}
                <span className="block text-xs font-normal text-slate-500">{info.description}</span>
              </th>
            );
            return (
              <tbody key={role} className={roleCard}>
                {people.length === 0 ? (
                  <tr className={`border-b border-slate-100 align-top ${contactLine}`}>
                    {header(1)}
                    <td colSpan={5} className={`py-2 ${cardTable.cell} ${cardTable.wide}`}>
                      <span className="mr-3 inline-flex items-center gap-1.5 text-amber-800">
                        <span aria-hidden="true">○</span> No {info.label} yet
                      </span>
                      {canEdit && candidates.length > 0 ? (
                        <AssignSelect role={role} candidates={candidates} disabled={pending} onAssign={(contactId, name) => save({ kind: "assign", contactId, role }, `${name} is the ${info.label}`, `assign-${role}`)} />
                      ) : null}
                      <SaveMark control={`assign-${role}`} feedback={feedback} />
                    </td>
                  </tr>
                ) : null}
                {people.map((c, i) => (
                  <tr key={c.id} className={`border-b border-slate-100 align-top ${contactLine} ${i > 0 ? "max-md:mt-3 max-md:border-t max-md:pt-3" : ""}`}>
                    {i === 0 ? header(people.length) : null}
                    <td className={`py-2 pr-3 ${cardTable.cell} ${cardTable.wide}`}>
                      <span className="font-medium text-slate-900">{c.name}</span>
                      <span className="block text-xs text-slate-500">{c.title ?? "No title"}</span>
                      {canEdit ? (
                        <button type="button" disabled={pending} className="mt-1 text-xs text-red-700 hover:underline disabled:opacity-50" onClick={() => save({ kind: "remove", contactId: c.id }, `${c.name} removed`, `remove-${c.id}`)}>
                          Remove from {opportunityId ? "deal" : "role"}
                          <span className="sr-only"> ({c.name})</span>
                        </button>
                      ) : null}
                      <SaveMark control={`remove-${c.id}`} feedback={feedback} />
                      <SaveMark control={`role-${c.id}`} feedback={feedback} />
                    </td>
                    <td className={`py-2 pr-3 ${cardTable.cell}`}>
                      <CellLabel>Status</CellLabel>
                      {canEdit ? (
                        <select aria-label={`Status of ${c.name}`} className={`${small} max-md:w-full`} value={c.status} disabled={pending} onChange={(e) => save({ kind: "status", contactId: c.id, value: e.target.value as EditorContact["status"] }, `${c.name} is ${e.target.value}`, `status-${c.id}`)}>
                          {contactStatuses.map((s) => (
                            <option key={s} value={s}>
                              {s[0]!.toUpperCase() + s.slice(1)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <Badge tone={statusTone[c.status]}>{c.status}</Badge>
                      )}
                      <SaveMark control={`status-${c.id}`} feedback={feedback} />
                    </td>
                    <td className={`py-2 pr-3 ${cardTable.cell}`}>
                      <CellLabel>Engagement</CellLabel>
                      {canEdit ? (
                        <select aria-label={`Engagement of ${c.name}`} className={`${small} max-md:w-full`} value={c.engagementLevel} disabled={pending} onChange={(e) => save({ kind: "engagement", contactId: c.id, value: e.target.value as EditorContact["engagementLevel"] }, `${c.name}'s engagement is ${e.target.value}`, `engagement-${c.id}`)}>
                          {engagementLevels.map((s) => (
                            <option key={s} value={s}>
                              {s[0]!.toUpperCase() + s.slice(1)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span className="capitalize">{c.engagementLevel}</span>
                      )}
                      <SaveMark control={`engagement-${c.id}`} feedback={feedback} />
                    </td>
                    <td className={`py-2 pr-3 whitespace-nowrap ${cardTable.cell} ${cardTable.wide}`}>
                      <CellLabel>Last touch</CellLabel>
                      {lastTouch(c.lastTouchAt, now, darkAfterDays)}
                    </td>
                    <td className={`py-2 ${cardTable.cell} ${cardTable.wide}`}>
                      <CellLabel>Gap action</CellLabel>
                      {canEdit ? (
                        <GapActionInput key={c.gapAction ?? ""} contact={c} disabled={pending} onSave={(value) => save({ kind: "gapAction", contactId: c.id, value }, `gap action for ${c.name}`, `gap-${c.id}`)} />
                      ) : (
                        (c.gapAction ?? <span className="text-slate-500">—</span>)
                      )}
                      <SaveMark control={`gap-${c.id}`} feedback={feedback} />
                    </td>
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      </ScrollRegion>
      {unassigned.length > 0 ? (
        <div className="mt-4">
          <h4 className="text-sm font-medium text-slate-700">{opportunityId ? "On this deal without a role" : "Contacts without a role"}</h4>
          <ul className="relative mt-2 divide-y divide-slate-100 rounded-md border border-slate-200">
            {unassigned.map((c) => {
              const suggested = suggestRoleFromTitle(c.title);
              return (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                  <span>
                    <span className="font-medium text-slate-900">{c.name}</span> <span className="text-slate-500">{c.title ?? "No title"}</span>
                    {suggested ? <span className="ml-2 text-xs text-slate-500">Title suggests {buyingGroupRoleInfo[suggested].label}</span> : null}
                  </span>
                  {canEdit ? (
                    <span className="flex items-center gap-3">
                      <RoleSelect name={c.name} suggested={suggested} disabled={pending} onPick={(role) => save({ kind: "assign", contactId: c.id, role }, `${c.name} is the ${buyingGroupRoleInfo[role].label}`, `role-${c.id}`)} />
                      {opportunityId ? (
                        <button type="button" disabled={pending} className="text-xs text-red-700 hover:underline disabled:opacity-50" onClick={() => save({ kind: "remove", contactId: c.id }, `${c.name} removed`, `remove-${c.id}`)}>
                          Remove from deal<span className="sr-only"> ({c.name})</span>
                        </button>
                      ) : null}
                      <SaveMark control={`role-${c.id}`} feedback={feedback} />
                      <SaveMark control={`remove-${c.id}`} feedback={feedback} />
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {canEdit && canAddContacts ? (
        <AddContact disabled={pending} onAdd={(name, title, role) => save({ kind: "add", name, title, role }, `${name} added`, "add")} onDeal={Boolean(opportunityId)} mark={<SaveMark control="add" feedback={feedback} />} />
      ) : canEdit ? (
        <p className="mt-4 text-sm text-slate-600">New contacts join the account, so its owner or an admin adds them. Put the account&apos;s existing contacts on this deal from the “Assign a contact…” lists.</p>
      ) : null}
    </div>
  );
}

function AssignSelect({ role, candidates, disabled, onAssign }: { role: BuyingGroupRole; candidates: { id: number; name: string; title: string | null }[]; disabled: boolean; onAssign: (contactId: number, name: string) => void }) {
  const label = buyingGroupRoleInfo[role].label;
  return (
    <select
      aria-label={`Assign a contact as ${label}`}
      className={small}
      value=""
      disabled={disabled}
      onChange={(e) => {
        const contact = candidates.find((c) => c.id === Number(e.target.value));
        if (contact) onAssign(contact.id, contact.name);
      }}
    >
      <option value="">Assign a contact…</option>
      {candidates.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
          {c.title ? ` (${c.title})` : ""}
        </option>
      ))}
    </select>
  );
}

function RoleSelect({ name, suggested, disabled, onPick }: { name: string; suggested: BuyingGroupRole | null; disabled: boolean; onPick: (role: BuyingGroupRole) => void }) {
  return (
    <select aria-label={`Role of ${name}`} className={small} value="" disabled={disabled} onChange={(e) => e.target.value && onPick(e.target.value as BuyingGroupRole)}>
      <option value="">Give a role…</option>
      {buyingGroupRoles.map((r) => (
        <option key={r} value={r}>
          {buyingGroupRoleInfo[r].label}
          {r === suggested ? " (suggested)" : ""}
        </option>
      ))}
    </select>
  );
}

function GapActionInput({ contact, disabled, onSave }: { contact: EditorContact; disabled: boolean; onSave: (value: string | null) => void }) {
  const [value, setValue] = useState(contact.gapAction ?? "");
  // The value last sent: Enter saves, and the blur that follows (the field is disabled while it
  // saves) must not send the same value again against a version that is no longer current.
  const sent = useRef<string | null>(null);
  const commit = (onBlur = false) => {
    const next = value.trim();
    if (next !== (contact.gapAction ?? "") && !(onBlur && next === sent.current)) {
      sent.current = next;
      onSave(next || null);
    }
  };
  return (
    <input
      aria-label={`Gap action for ${contact.name}`}
      className={`${small} w-full min-w-48`}
      placeholder="Next step for this person"
      maxLength={500}
      value={value}
      disabled={disabled}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => commit(true)}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          commit();
        }
        if (e.key === "Escape") setValue(contact.gapAction ?? "");
      }}
    />
  );
}

function AddContact({ disabled, onAdd, onDeal, mark }: { disabled: boolean; onAdd: (name: string, title: string | null, role: BuyingGroupRole | null) => void; onDeal: boolean; mark: ReactNode }) {
  const id = useId();
  const [name, setName] = useState("");
  const [title, setTitle] = useState("");
  const [role, setRole] = useState<BuyingGroupRole | "">("");
  const [problem, setProblem] = useState<string | null>(null);
  const suggested = suggestRoleFromTitle(title);
  return (
    <form
      className="mt-4 flex flex-wrap items-end gap-3 rounded-md bg-slate-50 p-3"
      aria-label={onDeal ? "Add a new contact to this deal" : "Add a contact"}
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) {
          setProblem("Enter the contact's name.");
          return;
        }
        setProblem(null);
        onAdd(name.trim(), title.trim() || null, role || suggested);
        setName("");
        setTitle("");
        setRole("");
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-name`} className="text-xs font-medium text-slate-600">
          New contact&apos;s name
        </label>
        <input id={`${id}-name`} className={small} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-title`} className="text-xs font-medium text-slate-600">
          Job title
        </label>
        <input id={`${id}-title`} className={small} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-role`} className="text-xs font-medium text-slate-600">
          Role
        </label>
        <select id={`${id}-role`} className={small} value={role} onChange={(e) => setRole(e.target.value as BuyingGroupRole | "")}>
          <option value="">{suggested ? `${buyingGroupRoleInfo[suggested].label} (from the title)` : "No role yet"}</option>
          {buyingGroupRoles.map((r) => (
            <option key={r} value={r}>
              {buyingGroupRoleInfo[r].label}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary" disabled={disabled}>
        Add contact
      </Button>
      {mark}
      {problem ? (
        <p id={`${id}-problem`} className="w-full text-sm text-red-700">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

import "server-only";
import { sql } from "drizzle-orm";
import { accounts, contacts, type Account, type Contact } from "@/db/schema";
import { storableText } from "@/db/storable";
import { candidateNames, matchAccountName, MAX_MATCH_EXAMPLES, normaliseAccountName, type MatchKey } from "@/lib/import/match-keys";
import { fitOf } from "@/lib/abm/account-fit";
import type { IndustryRule } from "@/lib/abm/industries";
import type { ImportedAccount, ImportedContact } from "@/lib/import/records";
import type { IcpModel } from "@/lib/metrics/icp-fit";
import { accountIdOf, accountNameIndex, emptyOutcome, inList, withAccounts, writeMatched, type ApplyContext, type BatchOutcome, type MatchedRow, type Rowed } from "./import-apply";
import { getSetting } from "./settings";

/**
 * Accounts and contacts, each matched on its CRM id when the file has one, else on what the file
 * says about it: an account on its domain, else its name; a contact on its e-mail. A row with a
 * CRM id that no record has yet may also take over a record of that domain, name or e-mail that has
 * no CRM id (an account the opportunity import created by name). Each existing record is matched by
 * one row of the file at most, so every row's outcome is the same in the dry run and the commit.
 */

function noteMatch(ctx: ApplyContext, row: number, key: MatchKey | "new", value = "", matched = ""): void {
  const { counts, examples } = ctx.matches;
  counts[key] = (counts[key] ?? 0) + 1;
  if (key !== "new" && key !== "externalId" && examples.length < MAX_MATCH_EXAMPLES) {
    examples.push({ row, key, value: storableText(value, 200), matched: storableText(matched, 200) });
  }
}

type Matched<T> = T & { via: MatchKey | "new" };

export async function applyAccounts(
  ctx: ApplyContext,
  rows: Rowed<ImportedAccount>[],
  opts: { mapped: ReadonlySet<string>; ownerIds: ReadonlyMap<string, number | null> },
): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  if (rows.length === 0) return outcome;
  const [icpModel, { rules: industryRules }] = await Promise.all([getSetting(ctx.db, "icpModel"), getSetting(ctx.db, "industryRules")]);
  const ids = rows.flatMap((r) => (r.value.externalId ? [r.value.externalId] : []));
  const domains = rows.flatMap((r) => (r.value.domain ? [r.value.domain] : []));
  const byId = new Map((ids.length ? await ctx.db.select().from(accounts).where(inList(accounts.externalId, ids)) : []).map((a) => [a.externalId!, a]));
  const byDomain = new Map(
    (domains.length ? await ctx.db.select().from(accounts).where(inList(sql`lower(${accounts.domain})`, domains)) : []).map((a) => [a.domain!.toLowerCase(), a]),
  );
  const index = await accountNameIndex(ctx);
  const column = { externalId: ctx.columnOf("externalId", "Account ID"), domain: ctx.columnOf("domain", "Domain"), name: ctx.columnOf("name", "Name") };
  const refuse = (row: number, field: keyof typeof column, value: string, problem: string) => outcome.errors.push({ row, column: column[field], value, problem });

  const decided: { row: number; value: Matched<ImportedAccount>; matchId: number | null; matched: Account | undefined }[] = [];
  for (const { row, value: a } of rows) {
    // A domain is one account's: a domain an earlier row gave (or an account it matched had) is this row's error.
    const domainRow = a.domain ? ctx.domainRows.get(a.domain) : undefined;
    if (domainRow !== undefined) {
      refuse(row, "domain", a.domain!, `is also the domain of row ${domainRow}; a domain belongs to one account`);
      continue;
    }
    const holder = a.domain ? byDomain.get(a.domain) : undefined;
    const same = a.externalId ? byId.get(a.externalId) : undefined;
    let match: { id: number; name: string; domain: string | null; record?: Account } | undefined;
    let via: "externalId" | "domain" | "name" | undefined;
    if (same) {
      if (holder && holder.id !== same.id) {
        refuse(row, "domain", a.domain!, `already belongs to the account "${holder.name}"`);
        continue;
      }
      match = { ...same, record: same };
      via = "externalId";
    } else if (holder) {
      if (a.externalId && holder.externalId) {
        refuse(row, "domain", a.domain!, `already belongs to the account "${holder.name}"`);
        continue;
      }
      match = { ...holder, record: holder };
      via = "domain";
    } else {
      // By name: never an account with another domain; for a row with a CRM id, only an account
      // without one that no earlier row took.
      const candidates = (index.get(normaliseAccountName(a.name)) ?? []).filter(
        (c) => c.id !== null && !(a.domain && c.domain) && !(a.externalId && (c.externalId || ctx.matchedRecords.has(c.id))),
      );
      const found = matchAccountName(a.name, candidates);
      if (found.kind === "many") {
        refuse(row, "name", a.name, `matches more than one account (${candidateNames(found.candidates)}); add the account's ID or website to the file, or rename one of them`);
        continue;
      }
      if (found.kind === "one") {
        match = { id: found.account.id!, name: found.account.name, domain: found.account.domain };
        via = "name";
      }
    }
    const nameKey = `account:${normaliseAccountName(a.name)}`;
    if (match) {
      const first = ctx.matchedRecords.get(match.id);
      if (first !== undefined) {
        refuse(row, via!, via === "name" ? a.name : via === "domain" ? a.domain! : a.externalId!, `is the same account as row ${first}; each account may appear once`);
        continue;
      }
      ctx.matchedRecords.set(match.id, row);
      // The domain it has now is taken by this row too, whatever the row changes it to.
      if (match.domain && !ctx.domainRows.has(match.domain.toLowerCase())) ctx.domainRows.set(match.domain.toLowerCase(), row);
    } else if (!a.externalId && !a.domain) {
      const first = ctx.keyRows.get(nameKey);
      if (first !== undefined) {
        refuse(row, "name", a.name, `appears again (first on row ${first}); a row without an account ID or domain is matched on its name`);
        continue;
      }
    }
    if (a.domain) ctx.domainRows.set(a.domain, row);
    if (!ctx.keyRows.has(nameKey)) ctx.keyRows.set(nameKey, row);
    decided.push({ row, value: { ...a, via: via ?? "new" }, matchId: match?.id ?? null, matched: match?.record });
    noteMatch(ctx, row, via ?? "new", via === "domain" ? a.domain! : a.name, match?.name);
  }

  const byName = decided.filter((d) => d.matchId !== null && !d.matched).map((d) => d.matchId!);
  const named = new Map((byName.length ? await ctx.db.select().from(accounts).where(inList(accounts.id, byName, "int")) : []).map((a) => [a.id, a]));
  const matched: MatchedRow<Matched<ImportedAccount>>[] = decided.map((d) => ({
    value: d.value,
    current: (d.matched ?? (d.matchId !== null ? named.get(d.matchId) : undefined)) as Record<string, unknown> | undefined,
  }));
  await writeMatched(
    ctx,
    accounts,
    "accounts",
    matched,
    (a, existing) => {
      // Matched by domain or name, the account keeps its own spelling of its name (else importing the
      // file again would rename what it matched); matched by CRM id, the file's name is the CRM's.
      const fields: Record<string, unknown> = a.via === "domain" || a.via === "name" ? {} : { name: a.name };
      for (const f of ["domain", "employees", "segment", "annualRevenue", "country"] as const) if (opts.mapped.has(f)) fields[f] = a[f];
      // A blank website does not take away the domain of an account matched by name.
      if (a.via === "name" && !a.domain) delete fields.domain;
      if (opts.mapped.has("owner")) fields.ownerId = a.owner ? (opts.ownerIds.get(a.owner) ?? null) : null;
      if (opts.mapped.has("industry")) fields.industryRaw = a.industry;
      if (opts.mapped.has("parentAccount")) fields.parentAccountName = a.parentAccount;
      if (opts.mapped.has("technologies")) fields.technographicTags = a.technologies;
      if (existing && a.externalId && !existing.externalId) fields.externalId = a.externalId;
      Object.assign(fields, accountFit(fields, existing, icpModel, industryRules));
      return fields;
    },
    outcome,
  );
  return outcome;
}

/**
 * The industry and ICP fit of an account as the import leaves it: by the rules and the model, over
 * its fields after the import (the file's, else the ones it has); marketing's override stays in force.
 */
function accountFit(fields: Record<string, unknown>, existing: Record<string, unknown> | undefined, model: IcpModel, rules: readonly IndustryRule[]) {
  const field = <T>(key: string): T | null => ((key in fields ? fields[key] : existing?.[key]) ?? null) as T | null;
  // The file's industry when it has the column (an empty cell clears it); else the one kept, and for
  // an account kept before the industry rules, its industry is its raw value.
  const industryRaw = "industryRaw" in fields ? (fields.industryRaw as string | null) : ((existing?.industryRaw ?? existing?.industry ?? null) as string | null);
  const fit = fitOf(
    {
      industryRaw,
      industry: null,
      employees: field<number>("employees"),
      annualRevenue: field<string>("annualRevenue"),
      country: field<string>("country"),
      technologies: field<string[]>("technographicTags") ?? [],
      override: field<number>("icpFitOverride"),
    },
    model,
    rules,
  );
  return { industryRaw, industry: fit.industry, icpFitModel: fit.model, icpFitReasons: fit.reasons, icpFitScore: fit.score };
}

export async function applyContacts(ctx: ApplyContext, batch: Rowed<ImportedContact>[], opts: { mapped: ReadonlySet<string> }): Promise<BatchOutcome> {
  const outcome = emptyOutcome();
  if (batch.length === 0) return outcome;
  const rows = await withAccounts(ctx, batch, opts.mapped, outcome);
  const ids = rows.flatMap((r) => (r.value.externalId ? [r.value.externalId] : []));
  const emails = rows.flatMap((r) => (r.value.email ? [r.value.email] : []));
  const byId = new Map((ids.length ? await ctx.db.select().from(contacts).where(inList(contacts.externalId, ids)) : []).map((c) => [c.externalId!, c]));
  const byEmail = new Map<string, Contact[]>();
  for (const c of emails.length ? await ctx.db.select().from(contacts).where(inList(sql`lower(${contacts.email})`, emails)).orderBy(contacts.id) : []) {
    const email = c.email!.toLowerCase();
    byEmail.set(email, [...(byEmail.get(email) ?? []), c]);
  }
  const column = { externalId: ctx.columnOf("externalId", "Contact ID"), email: ctx.columnOf("email", "Email") };

  const matched: MatchedRow<Matched<ImportedContact>>[] = [];
  for (const { row, value: c } of rows) {
    const emailKey = c.email ? `contact:${c.email}` : null;
    const seen = emailKey ? ctx.keyRows.get(emailKey) : undefined;
    let match: Contact | undefined = c.externalId ? byId.get(c.externalId) : undefined;
    let via: MatchKey | "new" = match ? "externalId" : "new";
    if (!match && c.email) {
      if (seen !== undefined) {
        // An e-mail an earlier row gave (or whose contact it matched): a row with its own ID is a new contact; one without is the same person twice.
        if (!c.externalId) {
          outcome.errors.push({ row, column: column.email, value: c.email, problem: `appears again (first on row ${seen}); a row without a contact ID is matched on its e-mail` });
          continue;
        }
      } else {
        const candidates = (byEmail.get(c.email) ?? []).filter((x) => !(c.externalId && (x.externalId || ctx.matchedRecords.has(x.id))));
        if (candidates.length > 1) {
          outcome.errors.push({ row, column: column.email, value: c.email, problem: `is the e-mail of more than one contact (${candidateNames(candidates)}); add the contact's ID to the file` });
          continue;
        }
        match = candidates[0];
        if (match) via = "email";
      }
    }
    if (match) {
      const first = ctx.matchedRecords.get(match.id);
      if (first !== undefined) {
        outcome.errors.push({ row, column: via === "email" ? column.email : column.externalId, value: (via === "email" ? c.email : c.externalId) ?? "", problem: `is the same contact as row ${first}; each contact may appear once` });
        continue;
      }
      ctx.matchedRecords.set(match.id, row);
      const had = match.email?.toLowerCase();
      if (had && !ctx.keyRows.has(`contact:${had}`)) ctx.keyRows.set(`contact:${had}`, row);
    }
    if (emailKey && seen === undefined) ctx.keyRows.set(emailKey, row);
    matched.push({ value: { ...c, via }, current: match as Record<string, unknown> | undefined });
    noteMatch(ctx, row, via, c.email ?? "", match?.name);
  }

  await writeMatched(
    ctx,
    contacts,
    "contacts",
    matched,
    (c, existing) => {
      const fields: Record<string, unknown> = { name: c.name };
      if (opts.mapped.has("email")) fields.email = c.email;
      if (opts.mapped.has("title")) fields.title = c.title;
      if (opts.mapped.has("account")) fields.accountId = accountIdOf(ctx, c.account);
      // The title suggests a role only where no one has set one: a rep's map is never overwritten.
      if (!existing?.buyingGroupRole && c.suggestedRole) fields.buyingGroupRole = c.suggestedRole;
      if (existing && c.externalId && !existing.externalId) fields.externalId = c.externalId;
      return fields;
    },
    outcome,
  );
  return outcome;
}

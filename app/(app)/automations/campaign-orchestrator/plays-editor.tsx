"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";
import { abmTiers, tierInfo, type AbmTier } from "@/lib/domain/abm-tiers";
import { audienceLabel, channelInfo, MAX_STEPS, playChannels, stepAudiences, type CampaignPlays, type PlayStep } from "@/lib/domain/campaign-plays";
import { saveRulesAction, savePlayAction } from "./actions";

type Result = ActionResult<{ loadedAt: number | null }> | null;
type Draft = Omit<PlayStep, "day"> & { day: string };

function Message({ result, id }: { result: Result; id: string }) {
  if (!result) return null;
  return (
    <p id={id} role="status" className={`text-sm ${result.ok ? "text-emerald-700" : "text-red-700"}`}>
      {result.ok ? result.message : result.error}
      {!result.ok && result.fieldErrors?.form === "stale" ? " Reload the page to see the plays as saved." : ""}
    </p>
  );
}

/**
 * Marketing's editor of the tier plays and of the rules (weekly touch cap, pause after a meeting).
 * One saved version is shared by every form on the page, so a save made elsewhere meanwhile is
 * refused rather than overwritten.
 */
export function PlaysEditor({ plays, loadedAt, owners }: { plays: CampaignPlays; loadedAt: number | null; owners: { value: string; label: string }[] }) {
  const [stamp, setStamp] = useState(loadedAt);
  return (
    <div className="mt-4 space-y-6">
      <RulesForm plays={plays} stamp={stamp} setStamp={setStamp} />
      {abmTiers.map((tier) => (
        <TierForm key={tier} tier={tier} initial={plays.tiers[tier]} owners={owners} stamp={stamp} setStamp={setStamp} />
      ))}
    </div>
  );
}

function RulesForm({ plays, stamp, setStamp }: { plays: CampaignPlays; stamp: number | null; setStamp: (n: number | null) => void }) {
  const [touchCap, setTouchCap] = useState(String(plays.touchCap));
  const [pauseDays, setPauseDays] = useState(String(plays.pauseDays));
  const [result, setResult] = useState<Result>(null);
  const [pending, start] = useTransition();
  const error = (field: string) => (result && !result.ok ? result.fieldErrors?.[field] : undefined);
  return (
    <form
      aria-label="Orchestrator rules"
      className="flex flex-wrap items-end gap-4 rounded-md border border-slate-200 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const out = (await saveRulesAction({ touchCap, pauseDays, loadedAt: stamp })) as Result;
          setResult(out);
          if (out?.ok) setStamp(out.data.loadedAt);
        });
      }}
    >
      <div className="w-56">
        <Field label="Touch cap (per contact per week)" htmlFor="touch-cap" error={error("touchCap")}>
          <Input id="touch-cap" inputMode="numeric" value={touchCap} onChange={(e) => setTouchCap(e.target.value)} aria-invalid={error("touchCap") ? true : undefined} />
        </Field>
      </div>
      <div className="w-56">
        <Field label="Pause after a meeting (days)" htmlFor="pause-days" error={error("pauseDays")}>
          <Input id="pause-days" inputMode="numeric" value={pauseDays} onChange={(e) => setPauseDays(e.target.value)} aria-invalid={error("pauseDays") ? true : undefined} />
        </Field>
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Save rules"}
      </Button>
      <div className="basis-full">
        <Message result={result} id="rules-message" />
      </div>
    </form>
  );
}

function TierForm({ tier, initial, owners, stamp, setStamp }: { tier: AbmTier; initial: CampaignPlays["tiers"][AbmTier]; owners: { value: string; label: string }[]; stamp: number | null; setStamp: (n: number | null) => void }) {
  const label = tierInfo[tier].label;
  const [enrolled, setEnrolled] = useState(initial.enrolled);
  const [steps, setSteps] = useState<Draft[]>(initial.steps.map((s) => ({ ...s, day: String(s.day) })));
  const [result, setResult] = useState<Result>(null);
  const [pending, start] = useTransition();
  const failed = result && !result.ok ? result.fieldErrors ?? {} : {};
  const set = (i: number, change: Partial<Draft>) => setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const invalid = (field: string) => (field in failed ? true : undefined);
  return (
    <form
      aria-label={`${label} play`}
      className="rounded-md border border-slate-200 p-4"
      data-testid={`play-${tier}`}
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const out = (await savePlayAction({ tier, enrolled, steps, loadedAt: stamp })) as Result;
          setResult(out);
          if (out?.ok) setStamp(out.data.loadedAt);
        });
      }}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 className="text-sm font-semibold text-slate-900">
          {label} play <span className="font-normal text-slate-500">({tierInfo[tier].motion})</span>
        </h3>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={enrolled} onChange={(e) => setEnrolled(e.target.checked)} className="size-4 rounded border-slate-300" />
          Enrol {label} accounts
        </label>
      </div>
      <ol className="mt-3 space-y-3">
        {steps.map((s, i) => {
          const n = i + 1;
          return (
            <li key={i} className="rounded-md bg-slate-50 p-3" data-testid={`${tier}-step-${n}`} aria-labelledby={`${tier}-step-${i}-title`}>
              <div className="flex items-center justify-between gap-3">
                <h4 id={`${tier}-step-${i}-title`} className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
                  Step {n}
                </h4>
                <Button type="button" variant="secondary" onClick={() => setSteps((all) => all.filter((_, j) => j !== i))} aria-label={`Remove step ${n} of the ${label} play`}>
                  Remove
                </Button>
              </div>
              <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-[6rem_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.2fr)]">
                <Field label="Day" htmlFor={`${tier}-day-${i}`}>
                  <Input id={`${tier}-day-${i}`} inputMode="numeric" value={s.day} onChange={(e) => set(i, { day: e.target.value })} aria-invalid={invalid(`day-${i}`)} />
                </Field>
                <Field label="Channel" htmlFor={`${tier}-channel-${i}`}>
                  <Select id={`${tier}-channel-${i}`} value={s.channel} onChange={(e) => set(i, { channel: e.target.value as Draft["channel"] })} aria-invalid={invalid(`channel-${i}`)}>
                    {playChannels.map((c) => (
                      <option key={c} value={c}>
                        {channelInfo[c].label}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="To" htmlFor={`${tier}-audience-${i}`}>
                  <Select id={`${tier}-audience-${i}`} value={s.audience} onChange={(e) => set(i, { audience: e.target.value as Draft["audience"] })} aria-invalid={invalid(`audience-${i}`)}>
                    {stepAudiences.map((a) => (
                      <option key={a} value={a}>
                        {audienceLabel(a)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Owner" htmlFor={`${tier}-owner-${i}`}>
                  <Select id={`${tier}-owner-${i}`} value={s.owner} onChange={(e) => set(i, { owner: e.target.value as Draft["owner"] })} aria-invalid={invalid(`owner-${i}`)}>
                    <option value="">Pick an owner…</option>
                    {owners.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <div className="mt-2">
                <Field label="What to do" htmlFor={`${tier}-action-${i}`}>
                  <Input id={`${tier}-action-${i}`} value={s.action} maxLength={300} onChange={(e) => set(i, { action: e.target.value })} aria-invalid={invalid(`action-${i}`)} />
                </Field>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button
          type="button"
          variant="secondary"
          disabled={steps.length >= MAX_STEPS}
          onClick={() => setSteps((all) => [...all, { day: String(Number(all[all.length - 1]?.day ?? 0) + 7 || 0), channel: "email", audience: "champion", owner: "account_owner", action: "" }])}
        >
          Add a step
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : `Save the ${label} play`}
        </Button>
      </div>
      <div className="mt-2">
        <Message result={result} id={`${tier}-message`} />
      </div>
    </form>
  );
}

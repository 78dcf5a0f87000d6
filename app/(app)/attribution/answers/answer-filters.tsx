"use client";

import { useState } from "react";
import { filterControl as control, Labelled, useUrlFilters } from "@/components/filters/url-filters";
import { channelInfo, channels } from "@/lib/domain/channels";

/** The answers list's filters, kept in the URL. */
export function AnswerFilters() {
  const { params, pending, navigate } = useUrlFilters({ hash: "#answers", drop: ["page"] });
  const [search, setSearch] = useState(params.get("q") ?? "");
  return (
    <form
      role="search"
      aria-label="Filter answers"
      aria-busy={pending}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        navigate({ q: search.trim() });
      }}
    >
      <Labelled label="Search">
        {(id) => (
          <input
            id={id}
            type="search"
            className={`${control} w-52`}
            placeholder="Answer, name, email, company"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onBlur={() => search.trim() !== (params.get("q") ?? "") && navigate({ q: search.trim() })}
          />
        )}
      </Labelled>
      <Labelled label="Channel">
        {(id) => (
          <select id={id} className={control} value={params.get("channel") ?? ""} onChange={(e) => navigate({ channel: e.target.value })}>
            <option value="">All channels</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {channelInfo[c].label}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled label="Mapped">
        {(id) => (
          <select id={id} className={control} value={params.get("by") ?? ""} onChange={(e) => navigate({ by: e.target.value })}>
            <option value="">By rules or by hand</option>
            <option value="rules">By the rules</option>
            <option value="hand">By hand</option>
          </select>
        )}
      </Labelled>
      {pending ? (
        <span role="status" className="pb-2 text-xs text-slate-500">
          Updating…
        </span>
      ) : null}
    </form>
  );
}

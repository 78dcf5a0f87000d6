"use client";

import { UrlFilterForm, UrlSelect, useUrlFilters } from "@/components/filters/url-filters";
import { channelInfo, channels } from "@/lib/domain/channels";

/** The answers list's filters, kept in the URL. */
export function AnswerFilters() {
  const filters = useUrlFilters({ hash: "#answers", drop: ["page"] });
  return (
    <UrlFilterForm filters={filters} label="Filter answers" placeholder="Answer, name, email, company" searchWidth="w-52">
      <UrlSelect filters={filters} name="channel" label="Channel" all="All channels" options={channels.map((c): [string, string] => [c, channelInfo[c].label])} />
      <UrlSelect filters={filters} name="by" label="Mapped" all="By rules or by hand" options={[["rules", "By the rules"], ["hand", "By hand"]]} />
    </UrlFilterForm>
  );
}

import { formatCount, formatDecimal } from "@/lib/format";
import { dealFactInfo, type FactComparison } from "@/lib/metrics/win-loss";
import type { SampleSummary } from "@/lib/metrics/statistics";
import { FiguresTable, WinLossSection } from "./figures";

const mean = (s: SampleSummary | null) =>
  s === null ? (
    <span title="no deals on this side">—</span>
  ) : (
    <>
      {formatDecimal(s.mean)}
      <span className="block text-xs text-slate-500">n = {formatCount(s.n)}</span>
    </>
  );

/** What distinguishes won from lost deals: each fact's mean on either side, the difference, and whether it is beyond noise. */
export function FactsSection({ facts }: { facts: FactComparison[] }) {
  return (
    <WinLossSection
      id="facts"
      title="What distinguishes won from lost"
      description="The mean of each fact over the deals won and lost in the period, and their difference; beyond noise when Welch's t test at 95 % says so."
    >
      <FiguresTable caption="What distinguishes won from lost deals" columns={["Fact", "Won", "Lost", "Difference", "Beyond noise?"]} minWidth="md:min-w-[34rem]" testId="facts">
        {facts.map((f) => (
          <tr key={f.fact}>
            <th scope="row" className="py-2 pr-3 font-medium text-slate-900" title={dealFactInfo[f.fact].definition}>
              {dealFactInfo[f.fact].label}
              <span className="block text-xs font-normal text-slate-500">{dealFactInfo[f.fact].definition}</span>
            </th>
            <td className="py-2 pr-3 text-right whitespace-nowrap" data-label="Won">{mean(f.won)}</td>
            <td className="py-2 pr-3 text-right whitespace-nowrap" data-label="Lost">{mean(f.lost)}</td>
            <td className="py-2 pr-3 text-right whitespace-nowrap" data-label="Difference">{f.test ? `${f.test.difference > 0 ? "+" : ""}${formatDecimal(f.test.difference)}` : "—"}</td>
            <td className="py-2 pr-3 text-right whitespace-nowrap" data-label="Beyond noise?">
              {f.test === null ? (
                <span title="needs two deals on each side">—</span>
              ) : f.test.beyondNoise ? (
                <strong className="text-emerald-800">Yes{f.test.t !== null ? ` (t = ${formatDecimal(f.test.t, 2)})` : ""}</strong>
              ) : (
                <span className="text-slate-600">No{f.test.t !== null ? ` (t = ${formatDecimal(f.test.t, 2)})` : ""}</span>
              )}
            </td>
          </tr>
        ))}
      </FiguresTable>
    </WinLossSection>
  );
}

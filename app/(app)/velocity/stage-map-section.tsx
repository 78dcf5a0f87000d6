import { FigureValue } from "@/components/ui/figure-value";
import type { StageMap } from "@/lib/metrics/stage-map";
import { ScrollRegion } from "@/components/ui/scroll-region";

function Bar({ value, tone }: { value: number | null; tone: string }) {
  return (
    <div className="mt-1 h-1.5 w-full rounded-full bg-slate-100" aria-hidden="true">
      {value !== null ? <div className={`h-1.5 rounded-full ${tone}`} style={{ width: `${Math.min(100, value * 100)}%` }} /> : null}
    </div>
  );
}

/** Conversion to the next stage, drop-off and dwell per open stage; the stage where most deals die is marked. */
export function StageMapSection({ map }: { map: StageMap }) {
  const maxDwell = Math.max(1, ...map.stages.map((s) => s.meanDwellDays.value ?? 0));
  const worst = map.stages.find((s) => s.stageId === map.worstStageId);
  return (
    <section aria-labelledby="stages-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="stages-heading" className="text-base font-semibold text-slate-900">
        Opportunity stage map
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Conversion: of the deals that entered a stage in the period, the share that moved on to a later stage or closed won. Drop-off: of the deals lost in
        the period, the share whose last stage was this one. Dwell: mean days in the stage over exits in the period.
      </p>
      {worst ? (
        <p className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="worst-stage">
          <strong>{worst.name}</strong> is where most lost deals die ({worst.lostFrom} of them
          {worst.meanDwellDays.value !== null ? `, ${worst.meanDwellDays.value.toFixed(1)} days mean dwell` : ""}).
        </p>
      ) : null}
      <ScrollRegion label="Stage conversion, drop-off and dwell" className="mt-4">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <caption className="sr-only">Stage conversion, drop-off and dwell</caption>
          <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">Stage</th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">Entered</th>
              <th scope="col" className="w-1/5 py-2 pr-3 font-medium">Conversion</th>
              <th scope="col" className="w-1/5 py-2 pr-3 font-medium">Drop-off</th>
              <th scope="col" className="w-1/5 py-2 font-medium">Mean dwell</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {map.stages.map((s) => {
              const isWorst = s.stageId === map.worstStageId;
              return (
                <tr key={s.stageId} className={isWorst ? "bg-red-50/60" : ""} data-testid={`stage-${s.name}`}>
                  <th scope="row" className="py-2 pr-3 font-medium text-slate-900">
                    {s.name}
                    {isWorst ? <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800">worst</span> : null}
                  </th>
                  <td className="py-2 pr-3 text-right">{s.entered}</td>
                  <td className="py-2 pr-3">
                    <FigureValue figure={s.conversion} valueFormat={{ kind: "percent" }} />
                    <Bar value={s.conversion.value} tone="bg-emerald-500" />
                  </td>
                  <td className="py-2 pr-3">
                    <FigureValue figure={s.dropOff} valueFormat={{ kind: "percent" }} />
                    <Bar value={s.dropOff.value} tone="bg-red-500" />
                  </td>
                  <td className="py-2">
                    <FigureValue figure={s.meanDwellDays} valueFormat={{ kind: "days" }} />
                    <Bar value={s.meanDwellDays.value === null ? null : s.meanDwellDays.value / maxDwell} tone="bg-slate-500" />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

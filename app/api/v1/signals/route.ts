import { getDb } from "@/db/index";
import { ingestContext } from "@/db/queries/signal-context";
import { ingestSignal, type IngestResult } from "@/db/queries/signal-ingest";
import { apiError } from "@/lib/auth/api-key";
import { apiKeyRoute } from "@/app/_guard/api-key-route";
import { SignalItemError } from "@/lib/errors";
import { MAX_BODY_BYTES, parseSignalBody, type FieldError } from "@/lib/signals/ingest-request";
import { signalBucketKey, signalRateLimiter } from "@/lib/signals/rate-limit";
import { readCappedBody } from "@/lib/http/body";
import { signalResultJson } from "@/lib/signals/result-json";

export const dynamic = "force-dynamic";

type ItemOutcome = ({ index: number; ok: true } & ReturnType<typeof signalResultJson>) | { index: number; ok: false; errors: FieldError[] };

/**
 * POST /api/v1/signals (API key with signals:write): one signal as a JSON object, or a batch of up to
 * 1,000 as an array or { "signals": [...] }. Each stored signal is scored and routed before the
 * answer: a 2xx means it is committed. A bad item gets errors naming its index and field while the
 * batch's good items are stored; an idempotency key seen before answers the first result.
 */
export const POST = apiKeyRoute("signals:write", async (request, auth) => {

  const body = await readCappedBody(request, MAX_BODY_BYTES);
  if (!body.ok) return apiError(413, `The body is over ${MAX_BODY_BYTES / 1024 / 1024} MB; send smaller batches.`);
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch (error) {
    return apiError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }

  const db = getDb();
  const context = await ingestContext(db);
  const now = new Date();
  const parsed = parseSignalBody(json, { knownTypes: new Set(context.types.keys()), now });
  if (!parsed.ok) return apiError(parsed.status, parsed.error, parsed.field);

  const decision = await signalRateLimiter().take(db, signalBucketKey(auth.keyId), parsed.items.length);
  if (!decision.allowed) {
    return Response.json(
      { error: `Too many signals from this key; retry in ${decision.retryAfterSeconds} s.` },
      { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds) } },
    );
  }

  const outcomes: ItemOutcome[] = [];
  for (const item of parsed.items) {
    if (!item.ok) {
      outcomes.push(item);
      continue;
    }
    const prefix = parsed.batch ? `signals[${item.index}].` : "";
    try {
      const result: IngestResult = await ingestSignal(db, item.input, context, { now: new Date(), apiKeyId: auth.keyId });
      outcomes.push({ index: item.index, ok: true, ...signalResultJson(result) });
    } catch (error) {
      if (error instanceof SignalItemError) outcomes.push({ index: item.index, ok: false, errors: [{ field: prefix + error.field, message: error.message }] });
      else {
        console.error(`Signal ${prefix || "item"} could not be stored:`, error);
        outcomes.push({ index: item.index, ok: false, errors: [{ field: prefix + "signal", message: "This signal could not be stored; nothing of it was kept. Send it again." }] });
      }
    }
  }

  if (!parsed.batch) {
    const only = outcomes[0]!;
    if (!only.ok) return Response.json({ error: "The signal was not stored.", errors: only.errors }, { status: 400 });
    const { index: _index, ok: _ok, ...result } = only;
    return Response.json(result, { status: result.duplicate ? 200 : 201 });
  }
  const accepted = outcomes.filter((o) => o.ok).length;
  return Response.json(
    { accepted, rejected: outcomes.length - accepted, results: outcomes },
    { status: accepted === 0 ? 400 : outcomes.some((o) => o.ok && !o.duplicate) ? 201 : 200 },
  );
});

/**
 * Sending one notification: an e-mail over SMTP, or a signed JSON POST to a webhook. Each try ends
 * within SEND_TIMEOUT_MS and reports what happened; it never throws.
 */
import "server-only";
import nodemailer from "nodemailer";
import type { AttemptOutcome, DueDelivery } from "@/db/queries/notifications";
import { eventInfo } from "@/lib/domain/notifications";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from "./signing";
import { BLOCKED_PORT_PROBLEM } from "./webhook-url";

export const SEND_TIMEOUT_MS = 10_000;

type EventContent = DueDelivery["event"];

const absolute = (baseUrl: string, link: string | null) => (link ? `${baseUrl}${link}` : baseUrl);

/** The JSON a webhook receives: Slack's `text` (so a Slack incoming webhook shows it as is), and the event's fields. */
export function webhookBody(event: EventContent, baseUrl: string): string {
  const url = absolute(baseUrl, event.link);
  return JSON.stringify({
    text: `*${event.title}*\n${event.body}\n<${url}|Open in Pipeline Accelerator>`,
    id: event.id,
    event: event.event,
    label: eventInfo[event.event].label,
    title: event.title,
    body: event.body,
    url,
    occurredAt: event.createdAt.toISOString(),
  });
}

const short = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function failure(started: number, error: unknown, status: number | null = null): AttemptOutcome {
  const message =
    error instanceof Error
      ? error.name === "TimeoutError"
        ? `No answer within ${SEND_TIMEOUT_MS / 1000} s.`
        : error.message === "bad port"
          ? `The address's port ${BLOCKED_PORT_PROBLEM}`
          : error.message
      : String(error);
  return { ok: false, status, error: short(message), durationMs: performance.now() - started };
}

/** POSTs the event to the webhook, signed; only a 2xx answer counts as delivered (a redirect is not followed). */
export async function postWebhook(url: string, secret: string, event: EventContent, { baseUrl, now = new Date() }: { baseUrl: string; now?: Date }): Promise<AttemptOutcome> {
  const started = performance.now();
  const body = webhookBody(event, baseUrl);
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "PipelineAccelerator-Webhook/1",
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const answer = await response.text().catch(() => "");
    const durationMs = performance.now() - started;
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, error: null, durationMs };
    const why = response.status >= 300 && response.status < 400 ? `redirected to ${response.headers.get("location") ?? "another address"}; give the final address` : short(answer.trim(), 200) || response.statusText;
    return { ok: false, status: response.status, error: `HTTP ${response.status}${why ? `: ${why}` : ""}`, durationMs };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return failure(started, cause);
  }
}

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** A mailer on the SMTP server at `smtpUrl` (smtp:// or smtps://), every step bounded by SEND_TIMEOUT_MS. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
    dnsTimeout: SEND_TIMEOUT_MS,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}

export function emailText(event: EventContent, baseUrl: string): { subject: string; text: string } {
  return {
    subject: event.title,
    text: `${event.body}\n\nOpen: ${absolute(baseUrl, event.link)}\n\n—\nPipeline Accelerator · ${eventInfo[event.event].label}. Choose what you get at ${baseUrl}/settings/notifications`,
  };
}

export async function sendEmail(mailer: Mailer, to: string, event: EventContent, baseUrl: string): Promise<AttemptOutcome> {
  const started = performance.now();
  try {
    await mailer.send({ to, ...emailText(event, baseUrl) });
    return { ok: true, status: null, error: null, durationMs: performance.now() - started };
  } catch (error) {
    return failure(started, error);
  }
}

/**
 * Environment variables, validated once with messages a person can act on.
 * Every variable is listed in the README.
 */
import path from "node:path";
import { z } from "zod";
import { EnvironmentError } from "@/lib/errors";

const onOff = z
  .enum(["on", "off", "true", "false", "1", "0"], {
    error: () => 'use "on" or "off"',
  })
  .transform((v) => v === "on" || v === "true" || v === "1");

const proxyHopsMessage =
  "must be the number of reverse proxies in front of the app, from 0 to 10: 0 when clients connect to it directly, 1 behind one proxy or load balancer, 2 behind a load balancer and a proxy";

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      message: "must be a PostgreSQL connection string such as postgres://user:password@host:5432/db",
    })
    .optional(),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  /** Where the import command writes error reports (uploaded files are kept in the database). */
  IMPORT_DIR: z.string().min(1).default(".data/imports"),
  PORT: z.coerce.number({ error: () => "must be a port number" }).int().min(1).max(65535).default(3000),
  /** Unset: on with the embedded database, off with DATABASE_URL (a production database gets no demo users by accident). */
  DEMO_DATA: onOff.optional(),
  DEMO_SEED: z.coerce.number({ error: () => "must be a whole number" }).int().default(20261124),
  DEMO_SCALE: z.coerce.number({ error: () => "must be a positive number" }).positive().max(100).default(1),
  /** Signals one API key may send per second, sustained (bursts of five seconds' worth, at least a full batch). */
  /**
   * How many reverse proxies (load balancers) stand between clients and the app. Sign-in throttling
   * reads the client's address that many entries left of the right-most X-Forwarded-For entry
   * (lib/auth/client-address.ts); too low counts everyone as the proxy, too high lets clients choose.
   */
  TRUST_PROXY_HOPS: z.coerce
    .number({ error: () => proxyHopsMessage })
    .int({ error: () => proxyHopsMessage })
    .min(0, { error: () => proxyHopsMessage })
    .max(10, { error: () => proxyHopsMessage })
    .default(0),
  /** Server processes `npm start` runs on PORT (PostgreSQL only: PGlite is opened by one process). */
  WEB_CONCURRENCY: z.coerce
    .number({ error: () => "must be the number of server processes, a whole number from 1 to 64" })
    .int({ error: () => "must be the number of server processes, a whole number from 1 to 64" })
    .min(1, { error: () => "must be the number of server processes, a whole number from 1 to 64" })
    .max(64, { error: () => "must be the number of server processes, a whole number from 1 to 64" })
    .default(1),
  SIGNALS_PER_SECOND_PER_KEY: z.coerce.number({ error: () => "must be a positive number" }).positive().max(1_000_000).default(200),
  /** The mail server notifications are e-mailed through, e.g. smtp://user:password@mail.example.com:587; unset: no e-mail. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, { message: "must be a mail server address such as smtp://user:password@mail.example.com:587 or smtps://…:465" })
    .optional(),
  /** The address people open the app at, for the links in e-mails and webhooks; unset: http://localhost:PORT. */
  APP_URL: z.url({ protocol: /^https?$/, error: () => "must be the app's address such as https://revops.example.com" }).optional(),
  /** The sender of notification e-mails. */
  SMTP_FROM: z.string().trim().min(3).max(200).default("Pipeline Accelerator <notifications@localhost>"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const blankless = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(blankless);
  if (!result.success) {
    throw new EnvironmentError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return result.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Why WEB_CONCURRENCY above 1 cannot be used (on the embedded database), or null when it can. */
export function webConcurrencyProblem(e: Pick<Env, "WEB_CONCURRENCY" | "DATABASE_URL">): string | null {
  if (e.WEB_CONCURRENCY <= 1 || e.DATABASE_URL) return null;
  return (
    `WEB_CONCURRENCY=${e.WEB_CONCURRENCY} needs PostgreSQL: the embedded database (PGlite) can be opened by one process only. ` +
    `Set DATABASE_URL to a PostgreSQL database, or unset WEB_CONCURRENCY to run one server process.`
  );
}

export function demoDataEnabled(e: Env = env()): boolean {
  return e.DEMO_DATA ?? !e.DATABASE_URL;
}

/** The PGlite folder as an absolute path (relative paths are from the project root). */
export function pgliteDir(e: Env = env()): string {
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), e.PGLITE_DIR);
}

/** The folder of the import command's error reports, as an absolute path. */
export function importDir(e: Env = env()): string {
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), e.IMPORT_DIR);
}

/** The app's public address without a trailing slash, for links sent outside the app. */
export function appUrl(e: Env = env()): string {
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

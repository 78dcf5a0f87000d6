import { z } from "zod";

/** http(s) only, with a host: a webhook never reaches a file, a data: URL or another scheme. */
export const webhookUrl = z
  .string()
  .trim()
  .min(1, "Enter the address to post to, e.g. https://hooks.slack.com/services/…")
  .max(2000, "Keep the address under 2,000 characters.")
  .refine((value) => {
    if (/[\u0000-\u001f\s]/.test(value)) return false;
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, "A webhook address starts with https:// (or http://) and names a host.");

import { z } from "zod";

/** What is wrong with a port fetch refuses, after "That port" / "The address's port". */
export const BLOCKED_PORT_PROBLEM = "is one web requests may not use (such as 25 for mail or 22 for SSH); give the receiver's HTTP port.";

/** The ports fetch refuses to reach ("bad ports" of the Fetch standard): a webhook there could never be delivered. */
const blockedPorts = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161,
  179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060,
  5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

function portOf(value: string): number {
  try {
    const url = new URL(value);
    return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  } catch {
    return 0;
  }
}

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
  }, "A webhook address starts with https:// (or http://) and names a host.")
  .refine((value) => !blockedPorts.has(portOf(value)), `That port ${BLOCKED_PORT_PROBLEM}`);

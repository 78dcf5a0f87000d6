import { describe, expect, it } from "vitest";
import { webhookUrl } from "./webhook-url";

describe("webhook address", () => {
  it.each(["https://hooks.slack.com/services/T0/B0/x", "http://127.0.0.1:8080/hook", "  https://example.com/a?b=c  "])("accepts %s", (url) => {
    expect(webhookUrl.safeParse(url).success).toBe(true);
  });

  it.each(["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "data:text/plain,hi", "example.com/hook", "https://", "", "https://exa mple.com", "https://example.com/\u0000"])(
    "refuses %j naming what is wrong",
    (url) => {
      const parsed = webhookUrl.safeParse(url);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/https:\/\/|Enter the address/);
    },
  );

  it.each(["http://127.0.0.1:25/hook", "https://mail.example.com:587/", "http://10.0.0.5:6667"])("refuses %s, on a port fetch never reaches, naming the port", (url) => {
    const parsed = webhookUrl.safeParse(url);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^That port is one web requests may not use/)]);
  });

  it("refuses an address over 2,000 characters", () => {
    expect(webhookUrl.safeParse(`https://example.com/${"a".repeat(2000)}`).error?.issues[0]?.message).toMatch(/2,000/);
  });
});

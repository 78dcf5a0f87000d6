import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { channelChoices } from "@/db/queries/notifications";
import { eventInfo } from "@/lib/domain/notifications";
import { emailConfigured } from "@/lib/notifications/deliver";
import { guardedPage } from "@/app/_guard/guarded-page";
import { ChoicesForm } from "./form";

export const metadata: Metadata = { title: "Notifications" };

export default guardedPage("notifications:read", async function NotificationSettingsPage({ user }) {
  const choices = await channelChoices(getDb(), user);
  const rows = [...choices].map(([event, channels]) => ({ event, label: eventInfo[event].label, description: eventInfo[event].description, channels }));
  return (
    <>
      <PageHeader title="Notifications" description={`What you hear about, in the app (the bell and your inbox) and by e-mail to ${user.email}.`} />
      <div className="max-w-3xl space-y-4">
        {emailConfigured() ? null : (
          <Alert tone="info" title="E-mail is not set up on this server">
            Your e-mail choices are kept and take effect once an admin gives the server a mail server (SMTP_URL).
          </Alert>
        )}
        <Card>
          <ChoicesForm rows={rows} />
        </Card>
      </div>
    </>
  );
});

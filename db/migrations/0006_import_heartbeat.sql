ALTER TABLE "import_jobs" ADD COLUMN "worker" text;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "heartbeat_at" timestamp with time zone;
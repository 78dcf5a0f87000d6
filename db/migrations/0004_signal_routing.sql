CREATE SEQUENCE "public"."routing_turns" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "signal_types" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "signal_types" ADD COLUMN "updated_by" integer;--> statement-breakpoint
ALTER TABLE "signal_types" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "derived_from" integer;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "api_key_id" integer;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "readiness" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "crossed_into_handoff" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signals" ADD COLUMN "responded_by" integer;--> statement-breakpoint
ALTER TABLE "signal_types" ADD CONSTRAINT "signal_types_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signals" ADD CONSTRAINT "signals_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signals" ADD CONSTRAINT "signals_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "signals_contact_time_idx" ON "signals" USING btree ("contact_id","occurred_at");
CREATE TABLE "account_rollups" (
	"account_id" integer PRIMARY KEY NOT NULL,
	"intent" numeric(5, 2) DEFAULT '0' NOT NULL,
	"intent_at" timestamp with time zone,
	"intent_score_id" integer,
	"identified" smallint DEFAULT 0 NOT NULL,
	"engaged" smallint DEFAULT 0 NOT NULL,
	"active" smallint DEFAULT 0 NOT NULL,
	"has_champion" boolean DEFAULT false NOT NULL,
	"open_pipeline" numeric DEFAULT '0' NOT NULL,
	"open_deals" integer DEFAULT 0 NOT NULL,
	"open_without_amount" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_rollups" ADD CONSTRAINT "account_rollups_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Each part of an account's rollup computed from scratch for the accounts `ids`: the one definition
-- the triggers below refresh with and a full rebuild (or a test) compares against.
CREATE FUNCTION "account_intent_of"("ids" integer[]) RETURNS TABLE ("account_id" integer, "intent" numeric, "computed_at" timestamptz, "score_id" integer) LANGUAGE sql STABLE AS $$
	SELECT DISTINCT ON (s.account_id) s.account_id, s.intent, s.computed_at, s.id
	FROM scores s
	WHERE s.contact_id IS NULL AND s.account_id = ANY (ids)
	ORDER BY s.account_id, s.computed_at DESC, s.id DESC
$$;--> statement-breakpoint
-- A role counts at its best contact's status (2 active, 1 engaged, 0 identified); a champion is
-- known when the Champion is Engaged or Active (knownChampions in lib/metrics/buying-group.ts).
CREATE FUNCTION "account_coverage_of"("ids" integer[]) RETURNS TABLE ("account_id" integer, "identified" integer, "engaged" integer, "active" integer, "has_champion" boolean) LANGUAGE sql STABLE AS $$
	SELECT r.account_id, count(*)::int, (count(*) FILTER (WHERE r.best >= 1))::int, (count(*) FILTER (WHERE r.best = 2))::int,
		bool_or(r.role = 'champion' AND r.best >= 1)
	FROM (
		SELECT c.account_id, c.buying_group_role::text AS role, max(CASE c.status WHEN 'active' THEN 2 WHEN 'engaged' THEN 1 ELSE 0 END) AS best
		FROM contacts c
		WHERE c.buying_group_role IS NOT NULL AND c.account_id = ANY (ids)
		GROUP BY c.account_id, c.buying_group_role
	) r
	GROUP BY r.account_id
$$;--> statement-breakpoint
CREATE FUNCTION "account_pipeline_of"("ids" integer[]) RETURNS TABLE ("account_id" integer, "open_pipeline" numeric, "open_deals" integer, "open_without_amount" integer) LANGUAGE sql STABLE AS $$
	SELECT o.account_id, coalesce(sum(o.amount), 0), count(*)::int, (count(*) FILTER (WHERE o.amount IS NULL))::int
	FROM opportunities o
	WHERE o.status = 'open' AND o.account_id = ANY (ids)
	GROUP BY o.account_id
$$;--> statement-breakpoint
-- The rollup rows of the existing accounts among `ids`, created when missing and locked in id order,
-- so two transactions on one account take turns and the second's next statement (a fresh snapshot)
-- reads what the first committed. Returns the ids, distinct and sorted.
CREATE FUNCTION "lock_account_rollups"("ids" integer[]) RETURNS integer[] LANGUAGE plpgsql AS $$
BEGIN
	ids := ARRAY(SELECT DISTINCT x FROM unnest(ids) x WHERE x IS NOT NULL ORDER BY x);
	IF cardinality(ids) = 0 THEN RETURN ids; END IF;
	INSERT INTO account_rollups (account_id) SELECT a.id FROM accounts a WHERE a.id = ANY (ids) ORDER BY a.id ON CONFLICT (account_id) DO NOTHING;
	PERFORM 1 FROM account_rollups r WHERE r.account_id = ANY (ids) ORDER BY r.account_id FOR UPDATE;
	RETURN ids;
END
$$;--> statement-breakpoint
-- Recomputes `part` ('intent', 'coverage', 'pipeline' or 'all') of the rollups of `ids`.
CREATE FUNCTION "refresh_account_rollups"("ids" integer[], "part" text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	ids := lock_account_rollups(ids);
	IF cardinality(ids) = 0 THEN RETURN; END IF;
	IF part IN ('intent', 'all') THEN
		UPDATE account_rollups r SET intent = coalesce(i.intent, 0), intent_at = i.computed_at, intent_score_id = i.score_id
		FROM unnest(ids) x(id) LEFT JOIN account_intent_of(ids) i ON i.account_id = x.id
		WHERE r.account_id = x.id AND (r.intent, r.intent_at, r.intent_score_id) IS DISTINCT FROM (coalesce(i.intent, 0), i.computed_at, i.score_id);
	END IF;
	IF part IN ('coverage', 'all') THEN
		UPDATE account_rollups r SET identified = coalesce(c.identified, 0), engaged = coalesce(c.engaged, 0), active = coalesce(c.active, 0),
			has_champion = coalesce(c.has_champion, false)
		FROM unnest(ids) x(id) LEFT JOIN account_coverage_of(ids) c ON c.account_id = x.id
		WHERE r.account_id = x.id
			AND (r.identified, r.engaged, r.active, r.has_champion) IS DISTINCT FROM (coalesce(c.identified, 0), coalesce(c.engaged, 0), coalesce(c.active, 0), coalesce(c.has_champion, false));
	END IF;
	IF part IN ('pipeline', 'all') THEN
		UPDATE account_rollups r SET open_pipeline = coalesce(p.open_pipeline, 0), open_deals = coalesce(p.open_deals, 0), open_without_amount = coalesce(p.open_without_amount, 0)
		FROM unnest(ids) x(id) LEFT JOIN account_pipeline_of(ids) p ON p.account_id = x.id
		WHERE r.account_id = x.id
			AND (r.open_pipeline, r.open_deals, r.open_without_amount) IS DISTINCT FROM (coalesce(p.open_pipeline, 0), coalesce(p.open_deals, 0), coalesce(p.open_without_amount, 0));
	END IF;
END
$$;--> statement-breakpoint
-- The accounts a statement on scores, contacts or opportunities touched, through the columns the
-- rollup reads: an update that leaves them alone (a last touch, a score's signal) refreshes nothing.
CREATE FUNCTION "account_rollups_on_write"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	ids integer[];
	part text := TG_ARGV[0];
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		PERFORM refresh_account_rollups(ARRAY(SELECT account_id FROM account_rollups), part);
		RETURN NULL;
	END IF;
	IF TG_TABLE_NAME = 'scores' THEN
		IF TG_OP = 'INSERT' THEN
			-- New scores replace the latest only where they are newer: no need to read the account's others.
			ids := lock_account_rollups(ARRAY(SELECT n.account_id FROM new_rows n WHERE n.contact_id IS NULL));
			IF cardinality(ids) > 0 THEN
				UPDATE account_rollups r SET intent = n.intent, intent_at = n.computed_at, intent_score_id = n.id
				FROM (SELECT DISTINCT ON (s.account_id) s.account_id, s.intent, s.computed_at, s.id FROM new_rows s WHERE s.contact_id IS NULL
					ORDER BY s.account_id, s.computed_at DESC, s.id DESC) n
				WHERE r.account_id = n.account_id AND (r.intent_at IS NULL OR (n.computed_at, n.id) > (r.intent_at, r.intent_score_id));
			END IF;
			RETURN NULL;
		ELSIF TG_OP = 'DELETE' THEN
			ids := ARRAY(SELECT o.account_id FROM old_rows o WHERE o.contact_id IS NULL);
		ELSE
			ids := ARRAY(SELECT unnest(ARRAY[o.account_id, n.account_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
				WHERE (o.contact_id IS NULL OR n.contact_id IS NULL)
					AND (o.account_id, o.contact_id, o.intent, o.computed_at) IS DISTINCT FROM (n.account_id, n.contact_id, n.intent, n.computed_at));
		END IF;
	ELSIF TG_TABLE_NAME = 'contacts' THEN
		IF TG_OP = 'INSERT' THEN
			ids := ARRAY(SELECT n.account_id FROM new_rows n WHERE n.buying_group_role IS NOT NULL);
		ELSIF TG_OP = 'DELETE' THEN
			ids := ARRAY(SELECT o.account_id FROM old_rows o WHERE o.buying_group_role IS NOT NULL);
		ELSE
			ids := ARRAY(SELECT unnest(ARRAY[o.account_id, n.account_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
				WHERE (o.account_id, o.buying_group_role, o.status) IS DISTINCT FROM (n.account_id, n.buying_group_role, n.status));
		END IF;
	ELSE
		IF TG_OP = 'INSERT' THEN
			ids := ARRAY(SELECT n.account_id FROM new_rows n WHERE n.status = 'open');
		ELSIF TG_OP = 'DELETE' THEN
			ids := ARRAY(SELECT o.account_id FROM old_rows o WHERE o.status = 'open');
		ELSE
			ids := ARRAY(SELECT unnest(ARRAY[o.account_id, n.account_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
				WHERE (o.account_id, o.status, o.amount) IS DISTINCT FROM (n.account_id, n.status, n.amount));
		END IF;
	END IF;
	PERFORM refresh_account_rollups(ids, part);
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "scores_rollup_insert" AFTER INSERT ON "scores" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('intent');--> statement-breakpoint
CREATE TRIGGER "scores_rollup_update" AFTER UPDATE ON "scores" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('intent');--> statement-breakpoint
CREATE TRIGGER "scores_rollup_delete" AFTER DELETE ON "scores" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('intent');--> statement-breakpoint
CREATE TRIGGER "scores_rollup_truncate" AFTER TRUNCATE ON "scores" FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('intent');--> statement-breakpoint
CREATE TRIGGER "contacts_rollup_insert" AFTER INSERT ON "contacts" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('coverage');--> statement-breakpoint
CREATE TRIGGER "contacts_rollup_update" AFTER UPDATE ON "contacts" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('coverage');--> statement-breakpoint
CREATE TRIGGER "contacts_rollup_delete" AFTER DELETE ON "contacts" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('coverage');--> statement-breakpoint
CREATE TRIGGER "contacts_rollup_truncate" AFTER TRUNCATE ON "contacts" FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('coverage');--> statement-breakpoint
CREATE TRIGGER "opportunities_rollup_insert" AFTER INSERT ON "opportunities" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('pipeline');--> statement-breakpoint
CREATE TRIGGER "opportunities_rollup_update" AFTER UPDATE ON "opportunities" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('pipeline');--> statement-breakpoint
CREATE TRIGGER "opportunities_rollup_delete" AFTER DELETE ON "opportunities" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('pipeline');--> statement-breakpoint
CREATE TRIGGER "opportunities_rollup_truncate" AFTER TRUNCATE ON "opportunities" FOR EACH STATEMENT EXECUTE FUNCTION "account_rollups_on_write"('pipeline');--> statement-breakpoint
-- The rollups of the accounts already stored.
SELECT refresh_account_rollups(ARRAY(SELECT id FROM accounts), 'all');

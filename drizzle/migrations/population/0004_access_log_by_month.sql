-- The access log, partitioned by month (written by hand: drizzle-kit cannot declare partitioning; its
-- snapshot holds the same columns and indexes). Each record's month (UTC) is its partition; rows are
-- copied over, their ids and leaves unchanged, and the id sequence carries on.
ALTER TABLE "population"."access_records" RENAME TO "access_records_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "population"."access_records_id_seq" OWNED BY NONE;--> statement-breakpoint
DROP INDEX "population"."access_records_citizen_idx";--> statement-breakpoint
DROP INDEX "population"."access_records_leaf_idx";--> statement-breakpoint
DROP INDEX "population"."access_records_unsequenced_idx";--> statement-breakpoint
DROP INDEX "population"."access_records_request_idx";--> statement-breakpoint
CREATE TABLE "population"."access_records" (
	"id" bigint DEFAULT nextval('"population"."access_records_id_seq"') NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"month" date NOT NULL,
	"personal_id" char(12) NOT NULL,
	"client_id" text NOT NULL,
	"agency_code" text NOT NULL,
	"purpose" text NOT NULL,
	"dossier_code" text,
	"fields" text[] NOT NULL,
	"request_id" text NOT NULL,
	"leaf_index" bigint,
	"leaf_hash" text,
	CONSTRAINT "access_records_id_month_pk" PRIMARY KEY("id","month")
) PARTITION BY RANGE ("month");--> statement-breakpoint
ALTER SEQUENCE "population"."access_records_id_seq" OWNED BY "population"."access_records"."id";--> statement-breakpoint
CREATE INDEX "access_records_citizen_idx" ON "population"."access_records" USING btree ("personal_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "access_records_leaf_idx" ON "population"."access_records" USING btree ("leaf_index","month");--> statement-breakpoint
CREATE INDEX "access_records_unsequenced_idx" ON "population"."access_records" USING btree ("id") WHERE leaf_index is null;--> statement-breakpoint
CREATE UNIQUE INDEX "access_records_request_idx" ON "population"."access_records" USING btree ("request_id","client_id","personal_id","purpose","month") WHERE leaf_index is null and leaf_hash is null;--> statement-breakpoint
-- A record whose month has no partition yet (a clock ahead, a month not yet added) lands here; adding
-- its month moves it out.
CREATE TABLE "population"."access_records_default" PARTITION OF "population"."access_records" DEFAULT;--> statement-breakpoint
-- Months already dropped past retention: the leaves [0, end_leaf) are gone from the table, their
-- subtree hashes kept in access_tree, so audit:verify and the proofs start from end_leaf.
CREATE TABLE "population"."access_retention" (
	"month" date PRIMARY KEY NOT NULL,
	"end_leaf" bigint NOT NULL,
	"dropped_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
-- Adds the partition of the month holding m (once: replicas calling it together wait on one lock),
-- moving into it any of its records that waited in the default partition.
CREATE FUNCTION "population"."ensure_access_month"(m date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  first date := date_trunc('month', m)::date;
  part text := 'access_records_' || to_char(date_trunc('month', m), 'YYYY_MM');
BEGIN
  PERFORM pg_advisory_xact_lock(4702111234474983745);
  IF to_regclass(format('population.%I', part)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE population.%I (LIKE population.access_records INCLUDING DEFAULTS)', part);
  EXECUTE format(
    'WITH moved AS (DELETE FROM population.access_records_default WHERE month = %L RETURNING *) '
    'INSERT INTO population.%I SELECT * FROM moved', first, part);
  EXECUTE format('ALTER TABLE population.access_records ATTACH PARTITION population.%I FOR VALUES FROM (%L) TO (%L)',
    part, first, (first + interval '1 month')::date);
  RETURN true;
END $$;--> statement-breakpoint
-- Drops every month before the cutoff whose records are all in the tree, oldest first, answering the
-- months dropped. A month's last leaves may follow the first leaves of the next month (records written
-- across midnight): those move to the next month, so that what stays is one run of leaves [end_leaf, n).
-- A month holding a record not yet in the tree stops it there.
CREATE FUNCTION "population"."drop_access_months_before"(cutoff date) RETURNS SETOF date LANGUAGE plpgsql AS $$
DECLARE
  part record;
  first date;
  next_first date;
  waiting boolean;
  later_min bigint;
  month_max bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(4702111234474983745);
  FOR part IN
    SELECT c.relname FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
      JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE n.nspname = 'population' AND p.relname = 'access_records' AND c.relname ~ '^access_records_[0-9]{4}_[0-9]{2}$'
    ORDER BY c.relname
  LOOP
    first := to_date(substr(part.relname, 16), 'YYYY_MM');
    next_first := (first + interval '1 month')::date;
    EXIT WHEN next_first > cutoff;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM population.%I WHERE leaf_index IS NULL)', part.relname) INTO STRICT waiting;
    EXIT WHEN waiting;
    SELECT min(leaf_index) INTO later_min FROM population.access_records WHERE month >= next_first;
    IF later_min IS NOT NULL THEN
      EXECUTE format('UPDATE population.access_records SET month = %L WHERE month = %L AND leaf_index > %s',
        next_first, first, later_min);
    END IF;
    EXECUTE format('SELECT max(leaf_index) FROM population.%I', part.relname) INTO month_max;
    EXECUTE format('DROP TABLE population.%I', part.relname);
    INSERT INTO population.access_retention (month, end_leaf, dropped_at)
      VALUES (first, GREATEST(coalesce(month_max + 1, 0),
        coalesce((SELECT max(end_leaf) FROM population.access_retention), 0)), now());
    RETURN NEXT first;
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "population"."access_records" ("id", "at", "month", "personal_id", "client_id", "agency_code", "purpose", "dossier_code", "fields", "request_id", "leaf_index", "leaf_hash")
SELECT "id", "at", date_trunc('month', "at", 'UTC')::date, "personal_id", "client_id", "agency_code", "purpose", "dossier_code", "fields", "request_id", "leaf_index", "leaf_hash"
FROM "population"."access_records_unpartitioned";--> statement-breakpoint
DROP TABLE "population"."access_records_unpartitioned";--> statement-breakpoint
SELECT "population"."ensure_access_month"(m) FROM (
  SELECT DISTINCT "month" AS m FROM "population"."access_records_default"
  UNION SELECT (date_trunc('month', now(), 'UTC') + k * interval '1 month')::date FROM generate_series(0, 2) AS k
) AS months ORDER BY m;

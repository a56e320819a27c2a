CREATE TABLE "dossiers"."outbox_epoch" (
	"single" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"epoch" text NOT NULL,
	CONSTRAINT "outbox_epoch_single" CHECK ("dossiers"."outbox_epoch"."single")
);
--> statement-breakpoint
INSERT INTO "dossiers"."outbox_epoch" ("epoch") VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 12)) ON CONFLICT DO NOTHING;
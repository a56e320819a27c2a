CREATE TABLE "dossiers"."dossier_sequences" (
	"agency_code" text NOT NULL,
	"day" char(6) NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "dossier_sequences_agency_code_day_pk" PRIMARY KEY("agency_code","day")
);
--> statement-breakpoint
CREATE TABLE "dossiers"."dossier_submissions" (
	"client_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"payload_hash" text NOT NULL,
	"dossier_code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dossier_submissions_client_id_idempotency_key_pk" PRIMARY KEY("client_id","idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "dossiers"."dossiers" ADD COLUMN "submitted_by" text;--> statement-breakpoint
ALTER TABLE "dossiers"."dossiers" ADD COLUMN "consulted_registries" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "dossiers"."dossiers" ADD COLUMN "clock_stopped_at" timestamp with time zone;
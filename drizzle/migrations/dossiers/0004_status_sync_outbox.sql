CREATE TABLE "dossiers"."dossier_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"sequence" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"agency_code" text NOT NULL,
	"province_code" char(2) NOT NULL,
	"procedure_code" text NOT NULL,
	"channel" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"applicant_personal_id" char(12),
	"applicant_enterprise_code" text,
	"fee_amount_due" numeric(20, 0) NOT NULL,
	"fee_paid" boolean NOT NULL,
	"rating_score" smallint
);
--> statement-breakpoint
CREATE TABLE "dossiers"."webhook_dead_letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"subscriber_id" text NOT NULL,
	"event_id" bigint NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text,
	"parked_at" timestamp with time zone NOT NULL,
	"replayed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dossiers"."webhook_subscribers" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"agency_code" text,
	"province_code" char(2),
	"include_applicant" boolean DEFAULT false NOT NULL,
	"delivered" bigint DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failing_since" timestamp with time zone,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"leased_until" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dossier_outbox_dossier_idx" ON "dossiers"."dossier_outbox" USING btree ("dossier_code","sequence");--> statement-breakpoint
CREATE INDEX "dossier_outbox_agency_idx" ON "dossiers"."dossier_outbox" USING btree ("agency_code","id");--> statement-breakpoint
CREATE INDEX "dossier_outbox_province_idx" ON "dossiers"."dossier_outbox" USING btree ("province_code","id");--> statement-breakpoint
CREATE INDEX "dossier_outbox_citizen_idx" ON "dossiers"."dossier_outbox" USING btree ("applicant_personal_id","id");--> statement-breakpoint
CREATE INDEX "dossier_outbox_at_idx" ON "dossiers"."dossier_outbox" USING btree ("at");--> statement-breakpoint
CREATE INDEX "webhook_dead_letters_subscriber_idx" ON "dossiers"."webhook_dead_letters" USING btree ("subscriber_id","id");
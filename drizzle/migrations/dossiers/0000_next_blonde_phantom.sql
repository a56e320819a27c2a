CREATE SCHEMA "dossiers";
--> statement-breakpoint
CREATE TABLE "dossiers"."dossier_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "dossiers"."dossier_evidence" (
	"dossier_code" text NOT NULL,
	"requirement_id" text NOT NULL,
	"source" text NOT NULL,
	"citizen_id" char(12),
	"enterprise_code" text,
	"prior_dossier_code" text,
	CONSTRAINT "dossier_evidence_dossier_code_requirement_id_pk" PRIMARY KEY("dossier_code","requirement_id")
);
--> statement-breakpoint
CREATE TABLE "dossiers"."dossiers" (
	"code" text PRIMARY KEY NOT NULL,
	"procedure_code" text NOT NULL,
	"applicant_personal_id" char(12),
	"applicant_enterprise_code" text,
	"agency_code" text NOT NULL,
	"province_code" char(2) NOT NULL,
	"channel" text NOT NULL,
	"fully_online" boolean NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"fee_amount_due" numeric(20, 0) NOT NULL,
	"fee_discount_percent" smallint NOT NULL,
	"fee_paid" boolean DEFAULT false NOT NULL,
	"fee_paid_at" timestamp with time zone,
	"rating_score" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "dossier_events_dossier_idx" ON "dossiers"."dossier_events" USING btree ("dossier_code","at");--> statement-breakpoint
CREATE INDEX "dossiers_worklist_idx" ON "dossiers"."dossiers" USING btree ("agency_code","received_at");--> statement-breakpoint
CREATE INDEX "dossiers_procedure_idx" ON "dossiers"."dossiers" USING btree ("procedure_code","received_at");--> statement-breakpoint
CREATE INDEX "dossiers_province_idx" ON "dossiers"."dossiers" USING btree ("province_code","received_at");--> statement-breakpoint
CREATE INDEX "dossiers_received_idx" ON "dossiers"."dossiers" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "dossiers_citizen_idx" ON "dossiers"."dossiers" USING btree ("applicant_personal_id");--> statement-breakpoint
CREATE INDEX "dossiers_business_idx" ON "dossiers"."dossiers" USING btree ("applicant_enterprise_code");
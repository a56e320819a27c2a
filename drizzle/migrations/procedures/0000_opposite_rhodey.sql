CREATE SCHEMA "procedures";
--> statement-breakpoint
CREATE TABLE "procedures"."agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"province_code" char(2)
);
--> statement-breakpoint
CREATE TABLE "procedures"."fee_policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"province_code" char(2) NOT NULL,
	"channel" text NOT NULL,
	"discount_percent" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"legal_basis" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedures"."fees" (
	"procedure_code" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"amount" numeric(20, 0) NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "fees_procedure_code_position_pk" PRIMARY KEY("procedure_code","position")
);
--> statement-breakpoint
CREATE TABLE "procedures"."procedures" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"search_text" text NOT NULL,
	"sector" text NOT NULL,
	"agency_code" text NOT NULL,
	"level" text NOT NULL,
	"online_service" text NOT NULL,
	"processing_days" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedures"."requirements" (
	"id" text PRIMARY KEY NOT NULL,
	"procedure_code" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"originals" integer NOT NULL,
	"copies" integer NOT NULL,
	"evidence" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "fee_policies_province_idx" ON "procedures"."fee_policies" USING btree ("province_code","channel");--> statement-breakpoint
CREATE INDEX "procedures_agency_idx" ON "procedures"."procedures" USING btree ("agency_code");--> statement-breakpoint
CREATE INDEX "procedures_sector_idx" ON "procedures"."procedures" USING btree ("sector");--> statement-breakpoint
CREATE INDEX "requirements_procedure_idx" ON "procedures"."requirements" USING btree ("procedure_code","position");
CREATE SCHEMA "business";
--> statement-breakpoint
CREATE TABLE "business"."business_industries" (
	"enterprise_code" text NOT NULL,
	"code" char(4) NOT NULL,
	"name" text NOT NULL,
	"main" boolean NOT NULL,
	CONSTRAINT "business_industries_enterprise_code_code_pk" PRIMARY KEY("enterprise_code","code")
);
--> statement-breakpoint
CREATE TABLE "business"."businesses" (
	"enterprise_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"search_name" text NOT NULL,
	"foreign_name" text,
	"short_name" text,
	"legal_form" text NOT NULL,
	"status" text NOT NULL,
	"founded_on" date NOT NULL,
	"head_office" jsonb NOT NULL,
	"province_code" char(2) NOT NULL,
	"charter_capital" numeric(20, 0) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business"."legal_representatives" (
	"enterprise_code" text NOT NULL,
	"personal_id" char(12) NOT NULL,
	"position" text NOT NULL,
	CONSTRAINT "legal_representatives_enterprise_code_personal_id_pk" PRIMARY KEY("enterprise_code","personal_id")
);
--> statement-breakpoint
CREATE INDEX "businesses_province_idx" ON "business"."businesses" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "businesses_status_idx" ON "business"."businesses" USING btree ("status");--> statement-breakpoint
CREATE INDEX "legal_representatives_person_idx" ON "business"."legal_representatives" USING btree ("personal_id");
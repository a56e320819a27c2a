CREATE SCHEMA "population";
--> statement-breakpoint
CREATE TABLE "population"."citizens" (
	"personal_id" char(12) PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"birth_date" date NOT NULL,
	"gender" text NOT NULL,
	"nationality" char(2) DEFAULT 'VN' NOT NULL,
	"ethnicity" text,
	"religion" text,
	"hometown" jsonb,
	"permanent_address" jsonb,
	"current_address" jsonb,
	"household_id" text,
	"relationship_to_head" text,
	"father_id" char(12),
	"mother_id" char(12),
	"spouse_id" char(12),
	"old_id_number" char(9),
	"death_date" date
);
--> statement-breakpoint
CREATE TABLE "population"."households" (
	"id" text PRIMARY KEY NOT NULL,
	"address" jsonb NOT NULL,
	"head_id" char(12) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "citizens_household_idx" ON "population"."citizens" USING btree ("household_id");
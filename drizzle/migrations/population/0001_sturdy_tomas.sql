CREATE TABLE "population"."access_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"personal_id" char(12) NOT NULL,
	"client_id" text NOT NULL,
	"agency_code" text NOT NULL,
	"purpose" text NOT NULL,
	"dossier_code" text,
	"fields" text[] NOT NULL,
	"request_id" text NOT NULL,
	"prev_hash" text,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "access_records_citizen_idx" ON "population"."access_records" USING btree ("personal_id","id");
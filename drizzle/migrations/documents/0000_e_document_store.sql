CREATE SCHEMA "documents";
--> statement-breakpoint
CREATE TABLE "documents"."documents" (
	"id" text PRIMARY KEY NOT NULL,
	"type_code" text NOT NULL,
	"number" text NOT NULL,
	"holder_kind" text NOT NULL,
	"holder_id" text NOT NULL,
	"issuer_code" text NOT NULL,
	"dossier_code" text,
	"issued_on" date NOT NULL,
	"valid_until" date,
	"content" jsonb NOT NULL,
	"signed" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "documents_number_unique" UNIQUE("number"),
	CONSTRAINT "documents_dossier_code_unique" UNIQUE("dossier_code")
);
--> statement-breakpoint
CREATE INDEX "documents_holder_idx" ON "documents"."documents" USING btree ("holder_id","type_code");
CREATE TABLE "documents"."blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"stored_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents"."components" (
	"id" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"holder_kind" text NOT NULL,
	"holder_id" text NOT NULL,
	"dossier_code" text NOT NULL,
	"requirement_id" text NOT NULL,
	"requirement_name" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	"size_bytes" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents"."upload_tickets" (
	"secret_hash" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"dossier_code" text NOT NULL,
	"requirement_id" text NOT NULL,
	"requirement_name" text NOT NULL,
	"holder_kind" text NOT NULL,
	"holder_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "components_requirement_idx" ON "documents"."components" USING btree ("dossier_code","requirement_id");--> statement-breakpoint
CREATE INDEX "components_holder_idx" ON "documents"."components" USING btree ("holder_id","requirement_name");--> statement-breakpoint
CREATE INDEX "components_uploader_idx" ON "documents"."components" USING btree ("uploaded_by","uploaded_at");
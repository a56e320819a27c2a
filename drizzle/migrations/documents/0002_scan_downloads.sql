CREATE TABLE "documents"."download_tickets" (
	"secret_hash" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"component_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);

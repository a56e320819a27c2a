ALTER TABLE "procedures"."agencies" ADD COLUMN "level" text DEFAULT 'PROVINCE' NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."agencies" ADD COLUMN "ward_code" char(5);--> statement-breakpoint
ALTER TABLE "procedures"."fees" ADD COLUMN "authority" text DEFAULT 'NATIONAL' NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures"."fees" ADD COLUMN "online_amount" numeric(20, 0);--> statement-breakpoint
ALTER TABLE "procedures"."fees" ADD COLUMN "legal_basis" text DEFAULT '' NOT NULL;
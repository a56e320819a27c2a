ALTER TABLE "population"."access_records" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "population"."access_records" DROP COLUMN "hash";
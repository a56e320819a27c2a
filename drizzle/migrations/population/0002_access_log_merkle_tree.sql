CREATE TABLE "population"."access_checkpoints" (
	"size" bigint PRIMARY KEY NOT NULL,
	"root" text NOT NULL,
	"edge" text[] NOT NULL,
	"note" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "population"."access_tree" (
	"level" smallint NOT NULL,
	"idx" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "access_tree_level_idx_pk" PRIMARY KEY("level","idx")
);
--> statement-breakpoint
ALTER TABLE "population"."access_records" ADD COLUMN "leaf_index" bigint;--> statement-breakpoint
ALTER TABLE "population"."access_records" ADD COLUMN "leaf_hash" text;--> statement-breakpoint
-- Records written before the tree are sequenced into it like any other, but never merged with a new one.
UPDATE "population"."access_records" SET "leaf_hash" = '';--> statement-breakpoint
CREATE UNIQUE INDEX "access_records_leaf_idx" ON "population"."access_records" USING btree ("leaf_index");--> statement-breakpoint
CREATE INDEX "access_records_unsequenced_idx" ON "population"."access_records" USING btree ("id") WHERE leaf_index is null;--> statement-breakpoint
CREATE UNIQUE INDEX "access_records_request_idx" ON "population"."access_records" USING btree ("request_id","client_id","personal_id","purpose") WHERE leaf_index is null and leaf_hash is null;
ALTER TABLE "dossiers"."dossier_evidence" ADD COLUMN "document_id" text;--> statement-breakpoint
ALTER TABLE "dossiers"."dossier_evidence" ADD COLUMN "paper_reason" text;
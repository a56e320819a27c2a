DROP INDEX "dossiers"."dossiers_worklist_idx";--> statement-breakpoint
DROP INDEX "dossiers"."dossiers_procedure_idx";--> statement-breakpoint
DROP INDEX "dossiers"."dossiers_province_idx";--> statement-breakpoint
DROP INDEX "dossiers"."dossiers_received_idx";--> statement-breakpoint
CREATE INDEX "dossiers_worklist_idx" ON "dossiers"."dossiers" USING btree ("agency_code","received_at","code");--> statement-breakpoint
CREATE INDEX "dossiers_procedure_idx" ON "dossiers"."dossiers" USING btree ("procedure_code","received_at","code");--> statement-breakpoint
CREATE INDEX "dossiers_province_idx" ON "dossiers"."dossiers" USING btree ("province_code","received_at","code");--> statement-breakpoint
CREATE INDEX "dossiers_received_idx" ON "dossiers"."dossiers" USING btree ("received_at","code");
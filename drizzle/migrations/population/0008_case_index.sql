CREATE TABLE "population"."case_parties" (
	"personal_id" char(12) NOT NULL,
	"dossier_code" text NOT NULL,
	"agency_code" text NOT NULL,
	"relation" text NOT NULL,
	CONSTRAINT "case_parties_personal_id_dossier_code_agency_code_pk" PRIMARY KEY("personal_id","dossier_code","agency_code")
);

CREATE TABLE "dossiers"."dossier_code_reservations" (
	"client_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"dossier_code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dossier_code_reservations_client_id_idempotency_key_pk" PRIMARY KEY("client_id","idempotency_key")
);

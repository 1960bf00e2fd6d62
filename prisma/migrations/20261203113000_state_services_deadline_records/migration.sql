-- CreateTable
CREATE TABLE "deadline_record" (
    "workflow_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "body_code" TEXT NOT NULL DEFAULT '',
    "workflow_type" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "reminded_at" TIMESTAMPTZ(6),
    "breached_at" TIMESTAMPTZ(6),
    "completed_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deadline_record_pkey" PRIMARY KEY ("workflow_id","key")
);

-- CreateTable
CREATE TABLE "state_service_request" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "recipient_iin" TEXT NOT NULL,
    "submitted_by_iin" TEXT NOT NULL,
    "body_code" TEXT NOT NULL,
    "signed_content" BYTEA,
    "status" TEXT NOT NULL,
    "result_sha256" TEXT,
    "result_signature" BYTEA,
    "service_ms" INTEGER,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "completed_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "state_service_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "administrative_offence" (
    "id" BIGSERIAL NOT NULL,
    "iin" TEXT NOT NULL,
    "article" TEXT NOT NULL,
    "decided_at" DATE NOT NULL,
    "body_name" TEXT NOT NULL,
    "penalty" TEXT NOT NULL,

    CONSTRAINT "administrative_offence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "deadline_record_statistics_by_body_idx" ON "deadline_record"("body_code", "started_at", "rule", "state", "completed_at");

-- CreateIndex
CREATE UNIQUE INDEX "state_service_request_idempotency_key_key" ON "state_service_request"("idempotency_key");

-- CreateIndex
CREATE INDEX "state_service_request_recipient_iin_received_at_idx" ON "state_service_request"("recipient_iin", "received_at");

-- CreateIndex
CREATE INDEX "state_service_request_submitted_by_iin_received_at_idx" ON "state_service_request"("submitted_by_iin", "received_at");

-- CreateIndex
CREATE INDEX "state_service_request_body_code_service_status_idx" ON "state_service_request"("body_code", "service", "status");

-- CreateIndex
CREATE INDEX "administrative_offence_iin_idx" ON "administrative_offence"("iin");

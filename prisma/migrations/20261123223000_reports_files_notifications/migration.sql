-- AlterTable
ALTER TABLE "account" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'kk',
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "sms_opt_in" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "number_allocation" (
    "idempotency_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "allocated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "number_allocation_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateTable
CREATE TABLE "stored_file" (
    "id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "media_type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_iin" TEXT NOT NULL,
    "signature" BYTEA NOT NULL,
    "signer_iin" TEXT NOT NULL,
    "pdf_sha256" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report" (
    "talon" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "applicant_iin" TEXT NOT NULL,
    "signed_report" BYTEA NOT NULL,
    "region_id" TEXT NOT NULL,
    "district_id" TEXT NOT NULL,
    "body_id" TEXT NOT NULL,
    "body_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "kui_number" TEXT,
    "erdr_number" TEXT,
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "submitted_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "workflow_started_at" TIMESTAMPTZ(6),

    CONSTRAINT "report_pkey" PRIMARY KEY ("talon")
);

-- CreateTable
CREATE TABLE "report_material" (
    "id" BIGSERIAL NOT NULL,
    "talon" TEXT NOT NULL,
    "file_id" TEXT,
    "sha256" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_material_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" BIGSERIAL NOT NULL,
    "iin" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "channels" TEXT[],
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(6),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "number_allocation_number_key" ON "number_allocation"("number");

-- CreateIndex
CREATE INDEX "stored_file_owner_iin_idx" ON "stored_file"("owner_iin");

-- CreateIndex
CREATE INDEX "stored_file_sha256_idx" ON "stored_file"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "report_idempotency_key_key" ON "report"("idempotency_key");

-- CreateIndex
CREATE INDEX "report_applicant_iin_submitted_at_idx" ON "report"("applicant_iin", "submitted_at");

-- CreateIndex
CREATE INDEX "report_body_code_status_due_at_idx" ON "report"("body_code", "status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "report_material_talon_sha256_kind_key" ON "report_material"("talon", "sha256", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "notification_dedupe_key_key" ON "notification"("dedupe_key");

-- CreateIndex
CREATE INDEX "notification_iin_created_at_idx" ON "notification"("iin", "created_at");

-- AddForeignKey
ALTER TABLE "report_material" ADD CONSTRAINT "report_material_talon_fkey" FOREIGN KEY ("talon") REFERENCES "report"("talon") ON DELETE RESTRICT ON UPDATE CASCADE;


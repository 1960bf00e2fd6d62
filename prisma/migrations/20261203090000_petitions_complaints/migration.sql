-- CreateTable
CREATE TABLE "case_participant" (
    "erdr_number" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "iin" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "confirmed_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "case_participant_pkey" PRIMARY KEY ("erdr_number","participant_id")
);

-- CreateTable
CREATE TABLE "case_submission" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "erdr_number" TEXT NOT NULL,
    "filer_iin" TEXT NOT NULL,
    "signed_content" BYTEA NOT NULL,
    "body_code" TEXT NOT NULL,
    "addressee_iin" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "result" TEXT,
    "answer_text" TEXT,
    "responder_name" TEXT,
    "answered_at" TIMESTAMPTZ(6),
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "submitted_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_submission_material" (
    "id" BIGSERIAL NOT NULL,
    "submission_id" TEXT NOT NULL,
    "file_id" TEXT,
    "sha256" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_submission_material_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_participant_iin_idx" ON "case_participant"("iin");

-- CreateIndex
CREATE UNIQUE INDEX "case_submission_idempotency_key_key" ON "case_submission"("idempotency_key");

-- CreateIndex
CREATE INDEX "case_submission_filer_iin_submitted_at_idx" ON "case_submission"("filer_iin", "submitted_at");

-- CreateIndex
CREATE INDEX "case_submission_erdr_number_idx" ON "case_submission"("erdr_number");

-- CreateIndex
CREATE INDEX "case_submission_body_code_status_due_at_idx" ON "case_submission"("body_code", "status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "case_submission_material_submission_id_sha256_kind_key" ON "case_submission_material"("submission_id", "sha256", "kind");

-- AddForeignKey
ALTER TABLE "case_submission_material" ADD CONSTRAINT "case_submission_material_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "case_submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

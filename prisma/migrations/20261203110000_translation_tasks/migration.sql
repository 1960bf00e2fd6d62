-- CreateTable
CREATE TABLE "translation_task" (
    "id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "erdr_number" TEXT NOT NULL,
    "body_code" TEXT NOT NULL,
    "sender_iin" TEXT NOT NULL,
    "translator_iin" TEXT NOT NULL,
    "source_kind" TEXT NOT NULL,
    "source_ref" TEXT NOT NULL,
    "source_sha256" TEXT,
    "document_name" TEXT NOT NULL,
    "target_language" TEXT,
    "parent_workflow_id" TEXT,
    "status" TEXT NOT NULL,
    "rounds" INTEGER NOT NULL DEFAULT 0,
    "language" TEXT,
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "sent_at" TIMESTAMPTZ(6) NOT NULL,
    "submitted_at" TIMESTAMPTZ(6),
    "return_reason" TEXT,
    "approved_at" TIMESTAMPTZ(6),
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "translation_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "translation_submission" (
    "id" BIGSERIAL NOT NULL,
    "task_id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "signed_content" BYTEA NOT NULL,
    "signer_iin" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "translation_submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "translation_material" (
    "id" BIGSERIAL NOT NULL,
    "task_id" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "file_id" TEXT,
    "sha256" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "translation_material_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "translation_task_idempotency_key_key" ON "translation_task"("idempotency_key");

-- CreateIndex
CREATE INDEX "translation_task_translator_iin_status_idx" ON "translation_task"("translator_iin", "status");

-- CreateIndex
CREATE INDEX "translation_task_body_code_status_due_at_idx" ON "translation_task"("body_code", "status", "due_at");

-- CreateIndex
CREATE INDEX "translation_task_erdr_number_idx" ON "translation_task"("erdr_number");

-- CreateIndex
CREATE UNIQUE INDEX "translation_submission_task_id_sha256_key" ON "translation_submission"("task_id", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "translation_material_task_id_round_sha256_kind_key" ON "translation_material"("task_id", "round", "sha256", "kind");

-- AddForeignKey
ALTER TABLE "translation_submission" ADD CONSTRAINT "translation_submission_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "translation_task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "translation_material" ADD CONSTRAINT "translation_material_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "translation_task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

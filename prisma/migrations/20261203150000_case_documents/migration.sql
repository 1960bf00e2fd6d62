-- 001 ¶11–¶16: the document register of each case, out of the case workflow's state.
-- CreateTable
CREATE TABLE "case_document" (
    "erdr_number" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "generated_kind" TEXT,
    "title" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(6) NOT NULL,
    "added_by" TEXT NOT NULL,
    "scan_of" TEXT,
    "translation_of" TEXT,
    "language" TEXT,

    CONSTRAINT "case_document_pkey" PRIMARY KEY ("erdr_number","document_id")
);

-- CreateIndex
CREATE INDEX "case_document_erdr_number_position_idx" ON "case_document"("erdr_number", "position");

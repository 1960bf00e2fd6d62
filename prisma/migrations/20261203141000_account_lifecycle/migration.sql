-- 002 p.14, p.16, A-6 §3: why and when an account was blocked, shown with the 403 its sessions get.
ALTER TABLE "account" ADD COLUMN "blocked_at" TIMESTAMPTZ(6);
ALTER TABLE "account" ADD COLUMN "blocked_reason" TEXT;
-- 002 p.17, p.19: the signed user agreement (A-6) on record opens the services to an official.
ALTER TABLE "account" ADD COLUMN "agreement_signed_at" TIMESTAMPTZ(6);

-- CreateTable
CREATE TABLE "account_agreement" (
    "id" BIGSERIAL NOT NULL,
    "iin" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "content_sha256" TEXT NOT NULL,
    "cms" BYTEA NOT NULL,
    "signed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_agreement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_agreement_iin_version_key" ON "account_agreement"("iin", "version");

-- AddForeignKey
ALTER TABLE "account_agreement" ADD CONSTRAINT "account_agreement_iin_fkey" FOREIGN KEY ("iin") REFERENCES "account"("iin") ON DELETE RESTRICT ON UPDATE CASCADE;

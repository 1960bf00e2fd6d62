-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "idempotency_key" TEXT;

-- CreateTable
CREATE TABLE "account" (
    "iin" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "email" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("iin")
);

-- CreateTable
CREATE TABLE "role_grant" (
    "id" BIGSERIAL NOT NULL,
    "iin" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "body_code" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "granted_by" TEXT NOT NULL,
    "granted_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "role_grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_challenge" (
    "id" TEXT NOT NULL,
    "nonce" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "used_at" TIMESTAMPTZ(6),

    CONSTRAINT "auth_challenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "token_hash" TEXT NOT NULL,
    "iin" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "session_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "signature_check" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_iin" TEXT,
    "purpose" TEXT NOT NULL,
    "content_sha256" TEXT NOT NULL,
    "valid" BOOLEAN NOT NULL,
    "verdict" JSONB NOT NULL,

    CONSTRAINT "signature_check_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "role_grant_application_id_key" ON "role_grant"("application_id");

-- CreateIndex
CREATE INDEX "role_grant_iin_idx" ON "role_grant"("iin");

-- CreateIndex
CREATE INDEX "session_iin_idx" ON "session"("iin");

-- CreateIndex
CREATE INDEX "signature_check_content_sha256_idx" ON "signature_check"("content_sha256");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_idempotency_key_key" ON "audit_event"("idempotency_key");

-- AddForeignKey
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_iin_fkey" FOREIGN KEY ("iin") REFERENCES "account"("iin") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_iin_fkey" FOREIGN KEY ("iin") REFERENCES "account"("iin") ON DELETE RESTRICT ON UPDATE CASCADE;


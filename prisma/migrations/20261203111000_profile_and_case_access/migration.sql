-- The citizen's profile (000 §6): fixed-line phone, the register's birth date and address, and
-- the first-login gate.
ALTER TABLE "account" ADD COLUMN "home_phone" TEXT,
ADD COLUMN "birth_date" TEXT,
ADD COLUMN "address" TEXT,
ADD COLUMN "prefilled_at" TIMESTAMPTZ(6),
ADD COLUMN "profile_completed_at" TIMESTAMPTZ(6);

-- Accounts that already hold an e-mail and a mobile keep working: those stand as their profile.
-- The others are asked for the mandatory fields at their next login, as a first login is.
UPDATE "account" SET "profile_completed_at" = "created_at" WHERE "email" IS NOT NULL AND "phone" IS NOT NULL;

-- CreateTable
CREATE TABLE "mobile_confirmation" (
    "iin" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "request_key" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(6),
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mobile_confirmation_pkey" PRIMARY KEY ("iin")
);

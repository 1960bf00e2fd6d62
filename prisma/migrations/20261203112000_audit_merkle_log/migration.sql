-- The audit chain becomes a verifiable log (platform/audit.ts): its rows are the leaves of an
-- RFC 6962 Merkle tree. Rows of the old chain keep their chain hashes (prev_hash, hash); the first
-- batch the application writes after this migration takes them in as the first leaves, in order
-- of id (leaf_index, entry and their tree hashes: the data step, computed where the entry
-- encoding lives), so nothing journalled is lost.

-- AlterTable
ALTER TABLE "audit_event" ADD COLUMN     "entry" BYTEA,
ADD COLUMN     "leaf_index" BIGINT,
ALTER COLUMN "prev_hash" DROP NOT NULL,
ALTER COLUMN "hash" DROP NOT NULL;

-- CreateTable
CREATE TABLE "audit_tree_node" (
    "level" SMALLINT NOT NULL,
    "idx" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "audit_tree_node_pkey" PRIMARY KEY ("level","idx")
);

-- CreateTable
CREATE TABLE "audit_checkpoint" (
    "tree_size" BIGINT NOT NULL,
    "root_hash" BYTEA NOT NULL,
    "note" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_checkpoint_pkey" PRIMARY KEY ("tree_size")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_leaf_index_key" ON "audit_event"("leaf_index");

-- The emergency log (002 p.41–43, A-7), written by the health watch and the operator.
-- CreateTable
CREATE TABLE "incident" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "detected_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(6),
    "detail" JSONB NOT NULL,
    "scenario" TEXT,
    "causes" TEXT,
    "measures" TEXT,
    "responsible" TEXT,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_started_at_idx" ON "incident"("started_at");

-- CreateTable
CREATE TABLE "Rewind" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAtMs" BIGINT NOT NULL,
    "actor" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "topics" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "outcome" TEXT,
    "preview" TEXT NOT NULL,
    "brokers" TEXT NOT NULL DEFAULT '[]',
    "appliedAtMs" BIGINT,
    "appliedBy" TEXT,
    "reason" TEXT,
    "finishedAtMs" BIGINT,
    "undoOfId" INTEGER
);

-- CreateTable
CREATE TABLE "RewindQueue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rewindId" INTEGER NOT NULL,
    "topic" TEXT NOT NULL,
    "brokerName" TEXT NOT NULL,
    "queueId" INTEGER NOT NULL,
    "previewed" BIGINT,
    "before" BIGINT,
    "target" BIGINT NOT NULL,
    "minOffset" BIGINT NOT NULL,
    "maxOffset" BIGINT NOT NULL,
    "after" BIGINT,
    "method" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'planned',
    "detail" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "RewindQueue_rewindId_fkey" FOREIGN KEY ("rewindId") REFERENCES "Rewind" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Rewind_cluster_group_createdAtMs_idx" ON "Rewind"("cluster", "group", "createdAtMs");

-- CreateIndex
CREATE INDEX "Rewind_state_idx" ON "Rewind"("state");

-- CreateIndex
CREATE INDEX "Rewind_createdAtMs_idx" ON "Rewind"("createdAtMs");

-- CreateIndex
CREATE INDEX "RewindQueue_rewindId_idx" ON "RewindQueue"("rewindId");


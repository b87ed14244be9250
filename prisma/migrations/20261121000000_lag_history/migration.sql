-- CreateTable
CREATE TABLE "LagSeries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cluster" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "retry" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "LagSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seriesId" INTEGER NOT NULL,
    "atMs" BIGINT NOT NULL,
    "cycleMs" BIGINT NOT NULL,
    "bucketMs" INTEGER NOT NULL DEFAULT 0,
    "lag" BIGINT,
    "lagMax" BIGINT,
    "committedSum" BIGINT,
    "brokerSum" BIGINT,
    "lagTimeMs" BIGINT,
    "lagTimeExact" BOOLEAN NOT NULL DEFAULT false,
    "onlineClients" INTEGER,
    "partial" BOOLEAN NOT NULL DEFAULT false,
    "offsets" BLOB,
    CONSTRAINT "LagSample_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "LagSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClusterSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cluster" TEXT NOT NULL,
    "cycleMs" BIGINT NOT NULL,
    "bucketMs" INTEGER NOT NULL DEFAULT 0,
    "totalLag" BIGINT NOT NULL,
    "groups" INTEGER NOT NULL,
    "groupsLagging" INTEGER NOT NULL,
    "groupsFailed" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "LagSeries_cluster_group_topic_key" ON "LagSeries"("cluster", "group", "topic");

-- CreateIndex
CREATE INDEX "LagSample_seriesId_atMs_idx" ON "LagSample"("seriesId", "atMs");

-- CreateIndex
CREATE INDEX "LagSample_bucketMs_atMs_idx" ON "LagSample"("bucketMs", "atMs");

-- CreateIndex
CREATE INDEX "ClusterSample_cluster_cycleMs_idx" ON "ClusterSample"("cluster", "cycleMs");

-- CreateIndex
CREATE INDEX "ClusterSample_bucketMs_cycleMs_idx" ON "ClusterSample"("bucketMs", "cycleMs");


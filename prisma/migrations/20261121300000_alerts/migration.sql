-- CreateTable
CREATE TABLE "AlertRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "clusterPattern" TEXT NOT NULL DEFAULT '*',
    "groupPattern" TEXT NOT NULL DEFAULT '*',
    "topicPattern" TEXT NOT NULL DEFAULT '*',
    "condition" TEXT NOT NULL,
    "forMs" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,
    "createdAtMs" BIGINT NOT NULL,
    "updatedAtMs" BIGINT NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ruleId" INTEGER,
    "cluster" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "ruleName" TEXT NOT NULL,
    "conditionText" TEXT NOT NULL,
    "sinceMs" BIGINT NOT NULL,
    "firedAtMs" BIGINT,
    "resolvedAtMs" BIGINT,
    "evidence" TEXT NOT NULL,
    "lastValue" TEXT NOT NULL,
    "lastEvaluatedAtMs" BIGINT NOT NULL,
    "snapshot" TEXT NOT NULL DEFAULT '{}',
    "ackAtMs" BIGINT,
    "ackBy" TEXT,
    "ackComment" TEXT,
    "silencedUntilMs" BIGINT,
    "silencedBy" TEXT,
    "silenceComment" TEXT,
    CONSTRAINT "Alert_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "minSeverity" TEXT NOT NULL DEFAULT 'info',
    "createdAtMs" BIGINT NOT NULL,
    "updatedAtMs" BIGINT NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channelId" INTEGER NOT NULL,
    "alertId" INTEGER,
    "event" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAtMs" BIGINT NOT NULL,
    "lastError" TEXT,
    "lastStatus" INTEGER,
    "createdAtMs" BIGINT NOT NULL,
    "deliveredAtMs" BIGINT,
    CONSTRAINT "Delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Delivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Alert_phase_idx" ON "Alert"("phase");

-- CreateIndex
CREATE INDEX "Alert_cluster_group_sinceMs_idx" ON "Alert"("cluster", "group", "sinceMs");

-- CreateIndex
CREATE INDEX "Alert_ruleId_phase_idx" ON "Alert"("ruleId", "phase");

-- CreateIndex
CREATE INDEX "Delivery_state_nextAttemptAtMs_idx" ON "Delivery"("state", "nextAttemptAtMs");

-- CreateIndex
CREATE INDEX "Delivery_alertId_idx" ON "Delivery"("alertId");

-- CreateIndex
CREATE INDEX "Delivery_channelId_createdAtMs_idx" ON "Delivery"("channelId", "createdAtMs");


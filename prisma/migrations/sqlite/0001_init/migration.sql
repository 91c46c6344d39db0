-- CreateTable
CREATE TABLE "users" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))
);

-- CreateTable
CREATE TABLE "assets" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "host_key" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "agent_id" TEXT,
    "platform" TEXT,
    "first_seen_at" DATETIME NOT NULL,
    "last_seen_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "events" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "time" DATETIME NOT NULL,
    "received_at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "source_event_id" INTEGER,
    "asset_id" INTEGER NOT NULL,
    "hostname" TEXT NOT NULL,
    "agent_id" TEXT,
    "object_key" TEXT,
    "process_name" TEXT,
    "process_path" TEXT,
    "process_pid" INTEGER,
    "process_command_line" TEXT,
    "process_user" TEXT,
    "process_guid" TEXT,
    "process_integrity" TEXT,
    "process_md5" TEXT,
    "process_sha256" TEXT,
    "parent_name" TEXT,
    "parent_path" TEXT,
    "parent_pid" INTEGER,
    "parent_command_line" TEXT,
    "parent_guid" TEXT,
    "local_ip" TEXT,
    "local_ip_key" TEXT,
    "local_port" INTEGER,
    "remote_ip" TEXT,
    "remote_ip_key" TEXT,
    "remote_port" INTEGER,
    "remote_fqdn" TEXT,
    "protocol" TEXT,
    "direction" TEXT,
    "file_path" TEXT,
    "file_name" TEXT,
    "file_md5" TEXT,
    "file_sha256" TEXT,
    "registry_key" TEXT,
    "registry_value_name" TEXT,
    "registry_data" TEXT,
    "handle_name" TEXT,
    "handle_kind" TEXT,
    "score" INTEGER,
    "verdict" TEXT,
    "threat_name" TEXT,
    "raw" TEXT NOT NULL,
    CONSTRAINT "events_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "object_states" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "asset_id" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "guid" TEXT,
    "pid" INTEGER,
    "parent_guid" TEXT,
    "parent_pid" INTEGER,
    "name" TEXT,
    "started_at" DATETIME,
    "ended_at" DATETIME,
    "first_event_id" BIGINT NOT NULL,
    "last_event_id" BIGINT NOT NULL,
    "last_time" DATETIME NOT NULL,
    "process_key" TEXT,
    CONSTRAINT "object_states_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "rules" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "query" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "severity" TEXT NOT NULL DEFAULT 'MEDIUM',
    "trigger_type" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "aggregate" BOOLEAN NOT NULL DEFAULT false,
    "group_by" TEXT,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "version" INTEGER NOT NULL DEFAULT 1,
    "start_event_id" BIGINT NOT NULL DEFAULT 0,
    "reset_version" INTEGER NOT NULL DEFAULT 1,
    "last_triggered_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
    "created_by_id" INTEGER NOT NULL,
    "updated_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
    "updated_by_id" INTEGER NOT NULL,
    "deleted_at" DATETIME,
    CONSTRAINT "rules_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "rules_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "actions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "secrets" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
    "created_by_id" INTEGER NOT NULL,
    "updated_at" DATETIME NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)),
    "updated_by_id" INTEGER NOT NULL,
    "deleted_at" DATETIME,
    CONSTRAINT "actions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "actions_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "rule_actions" (
    "rule_id" INTEGER NOT NULL,
    "action_id" INTEGER NOT NULL,

    PRIMARY KEY ("rule_id", "action_id"),
    CONSTRAINT "rule_actions_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "rule_actions_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "actions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule_id" INTEGER NOT NULL,
    "rule_name" TEXT NOT NULL,
    "rule_version" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,
    "trigger_type" TEXT NOT NULL,
    "group_key" TEXT,
    "hostname" TEXT,
    "title" TEXT NOT NULL,
    "match_count" INTEGER NOT NULL,
    "first_time" DATETIME NOT NULL,
    "last_time" DATETIME NOT NULL,
    "window_start" DATETIME,
    "window_end" DATETIME,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "alert_events" (
    "alert_id" INTEGER NOT NULL,
    "event_id" BIGINT NOT NULL,

    PRIMARY KEY ("alert_id", "event_id"),
    CONSTRAINT "alert_events_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "alert_events_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alert_id" INTEGER NOT NULL,
    "action_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" DATETIME NOT NULL,
    "last_error" TEXT,
    "delivered_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "deliveries_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "actions" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "rule_states" (
    "rule_id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "state" TEXT NOT NULL,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "rule_states_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "counters" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" BIGINT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "users_name_key" ON "users"("name");

-- CreateIndex
CREATE UNIQUE INDEX "assets_host_key_key" ON "assets"("host_key");

-- CreateIndex
CREATE INDEX "events_time_idx" ON "events"("time");

-- CreateIndex
CREATE INDEX "events_type_time_idx" ON "events"("type", "time");

-- CreateIndex
CREATE INDEX "events_asset_id_time_idx" ON "events"("asset_id", "time");

-- CreateIndex
CREATE INDEX "events_process_guid_idx" ON "events"("process_guid");

-- CreateIndex
CREATE INDEX "events_parent_guid_idx" ON "events"("parent_guid");

-- CreateIndex
CREATE INDEX "events_object_key_idx" ON "events"("object_key");

-- CreateIndex
CREATE INDEX "object_states_asset_id_pid_idx" ON "object_states"("asset_id", "pid");

-- CreateIndex
CREATE INDEX "object_states_asset_id_parent_pid_idx" ON "object_states"("asset_id", "parent_pid");

-- CreateIndex
CREATE INDEX "object_states_parent_guid_idx" ON "object_states"("parent_guid");

-- CreateIndex
CREATE INDEX "object_states_process_key_idx" ON "object_states"("process_key");

-- CreateIndex
CREATE INDEX "object_states_state_type_idx" ON "object_states"("state", "type");

-- CreateIndex
CREATE INDEX "alerts_created_at_idx" ON "alerts"("created_at");

-- CreateIndex
CREATE INDEX "alerts_rule_id_created_at_idx" ON "alerts"("rule_id", "created_at");

-- CreateIndex
CREATE INDEX "alert_events_event_id_idx" ON "alert_events"("event_id");

-- CreateIndex
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "deliveries_alert_id_idx" ON "deliveries"("alert_id");


-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assets" (
    "id" SERIAL NOT NULL,
    "host_key" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "agent_id" TEXT,
    "platform" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGINT NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT COLLATE "C" NOT NULL,
    "action" TEXT COLLATE "C" NOT NULL,
    "source" TEXT COLLATE "C" NOT NULL,
    "source_event_id" INTEGER,
    "asset_id" INTEGER NOT NULL,
    "hostname" TEXT COLLATE "C" NOT NULL,
    "agent_id" TEXT COLLATE "C",
    "object_key" TEXT COLLATE "C",
    "process_name" TEXT COLLATE "C",
    "process_path" TEXT COLLATE "C",
    "process_pid" INTEGER,
    "process_command_line" TEXT COLLATE "C",
    "process_user" TEXT COLLATE "C",
    "process_guid" TEXT COLLATE "C",
    "process_integrity" TEXT COLLATE "C",
    "process_md5" TEXT COLLATE "C",
    "process_sha256" TEXT COLLATE "C",
    "parent_name" TEXT COLLATE "C",
    "parent_path" TEXT COLLATE "C",
    "parent_pid" INTEGER,
    "parent_command_line" TEXT COLLATE "C",
    "parent_guid" TEXT COLLATE "C",
    "local_ip" TEXT COLLATE "C",
    "local_ip_key" TEXT COLLATE "C",
    "local_port" INTEGER,
    "remote_ip" TEXT COLLATE "C",
    "remote_ip_key" TEXT COLLATE "C",
    "remote_port" INTEGER,
    "remote_fqdn" TEXT COLLATE "C",
    "protocol" TEXT COLLATE "C",
    "direction" TEXT COLLATE "C",
    "file_path" TEXT COLLATE "C",
    "file_name" TEXT COLLATE "C",
    "file_md5" TEXT COLLATE "C",
    "file_sha256" TEXT COLLATE "C",
    "registry_key" TEXT COLLATE "C",
    "registry_value_name" TEXT COLLATE "C",
    "registry_data" TEXT COLLATE "C",
    "handle_name" TEXT COLLATE "C",
    "handle_kind" TEXT COLLATE "C",
    "score" INTEGER,
    "verdict" TEXT COLLATE "C",
    "threat_name" TEXT COLLATE "C",
    "raw" TEXT COLLATE "C" NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "object_states" (
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "asset_id" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "guid" TEXT,
    "pid" INTEGER,
    "parent_guid" TEXT,
    "parent_pid" INTEGER,
    "name" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "first_event_id" BIGINT NOT NULL,
    "last_event_id" BIGINT NOT NULL,
    "last_time" TIMESTAMPTZ(3) NOT NULL,
    "process_key" TEXT,

    CONSTRAINT "object_states_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "rules" (
    "id" SERIAL NOT NULL,
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
    "last_triggered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" INTEGER NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "actions" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "secrets" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" INTEGER NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_actions" (
    "rule_id" INTEGER NOT NULL,
    "action_id" INTEGER NOT NULL,

    CONSTRAINT "rule_actions_pkey" PRIMARY KEY ("rule_id","action_id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" SERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "rule_name" TEXT NOT NULL,
    "rule_version" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,
    "trigger_type" TEXT NOT NULL,
    "group_key" TEXT,
    "hostname" TEXT,
    "title" TEXT NOT NULL,
    "match_count" INTEGER NOT NULL,
    "first_time" TIMESTAMPTZ(3) NOT NULL,
    "last_time" TIMESTAMPTZ(3) NOT NULL,
    "window_start" TIMESTAMPTZ(3),
    "window_end" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "alert_id" INTEGER NOT NULL,
    "event_id" BIGINT NOT NULL,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("alert_id","event_id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" SERIAL NOT NULL,
    "alert_id" INTEGER NOT NULL,
    "action_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_states" (
    "rule_id" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rule_states_pkey" PRIMARY KEY ("rule_id")
);

-- CreateTable
CREATE TABLE "counters" (
    "name" TEXT NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "counters_pkey" PRIMARY KEY ("name")
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

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "object_states" ADD CONSTRAINT "object_states_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rules" ADD CONSTRAINT "rules_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rules" ADD CONSTRAINT "rules_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actions" ADD CONSTRAINT "actions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actions" ADD CONSTRAINT "actions_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_actions" ADD CONSTRAINT "rule_actions_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_actions" ADD CONSTRAINT "rule_actions_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "actions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "actions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_states" ADD CONSTRAINT "rule_states_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;


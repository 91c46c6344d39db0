-- Indexes for the query language and the hunting search, written by hand: Prisma cannot
-- declare expression indexes. Text compares as lower(column), so equality and patterns
-- with a literal prefix on these fields use an index; the event time that follows lets a
-- search read matches newest first without sorting them.

CREATE INDEX "events_lower_process_name_time_idx" ON "events"(lower("process_name"), "time");

CREATE INDEX "events_lower_parent_name_time_idx" ON "events"(lower("parent_name"), "time");

CREATE INDEX "events_lower_hostname_time_idx" ON "events"(lower("hostname"), "time");

CREATE INDEX "events_lower_file_name_time_idx" ON "events"(lower("file_name"), "time");

CREATE INDEX "events_remote_ip_key_time_idx" ON "events"("remote_ip_key", "time");

CREATE INDEX "events_remote_port_time_idx" ON "events"("remote_port", "time");

-- "Current State" searches keep the events that are the latest of a live object.
CREATE INDEX "object_states_last_event_id_idx" ON "object_states"("last_event_id");

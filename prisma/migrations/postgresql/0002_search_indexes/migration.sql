-- Indexes for the query language and the hunting search, written by hand: Prisma cannot
-- declare expression indexes. Text compares as lower(column), so equality and patterns
-- with a literal prefix on these fields use an index. The event time and type that follow
-- let a search find its page (newest first) and count matches by type from the index
-- alone, without reading the rows. PostgreSQL scans an expression index without the table
-- only when the column itself is in it, and "Current State" joins on the event id: both
-- are included. Fields most events lack (parent name, file name, remote address and port)
-- are indexed only where present, so an event updates only the indexes of the fields it
-- has; a term on such a field (equality, list, range or prefix: never true for NULL)
-- implies the index's condition, so both stores still use the index.

CREATE INDEX "events_lower_process_name_time_idx" ON "events"(lower("process_name"), "time", "type") INCLUDE ("process_name", "id");

CREATE INDEX "events_lower_parent_name_time_idx" ON "events"(lower("parent_name"), "time", "type") INCLUDE ("parent_name", "id")
  WHERE lower("parent_name") IS NOT NULL;

CREATE INDEX "events_lower_hostname_time_idx" ON "events"(lower("hostname"), "time", "type") INCLUDE ("hostname", "id");

CREATE INDEX "events_lower_file_name_time_idx" ON "events"(lower("file_name"), "time", "type") INCLUDE ("file_name", "id")
  WHERE lower("file_name") IS NOT NULL;

CREATE INDEX "events_remote_ip_key_time_idx" ON "events"("remote_ip_key", "time", "type") INCLUDE ("id")
  WHERE "remote_ip_key" IS NOT NULL;

CREATE INDEX "events_remote_port_time_idx" ON "events"("remote_port", "time", "type") INCLUDE ("id")
  WHERE "remote_port" IS NOT NULL;

-- "Current State" searches keep the events that are the latest of a live object.
CREATE INDEX "object_states_last_event_id_idx" ON "object_states"("last_event_id", "state");

-- The raw record is the widest value of an event row, and PostgreSQL compresses it when the
-- row passes about 2 KB: a third of real Sysmon events do. lz4 compresses several times
-- faster than the default pglz, which ingest pays for on each such event, and the stored
-- size is about the same. Existing rows keep their compression; a server built without
-- lz4 keeps pglz. (SQLite stores records uncompressed: it has no such migration.)
DO '
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_settings
    WHERE name = ''default_toast_compression'' AND ''lz4'' = ANY (enumvals)
  ) THEN
    EXECUTE ''ALTER TABLE "events" ALTER COLUMN "raw" SET COMPRESSION lz4'';
  END IF;
END';

-- Custom migration: trigram indexes for the booking list's search (ILIKE '%…%' on title, organizer
-- e-mail and notes). Only where pg_trgm is available: the PostgreSQL server (contrib, a trusted
-- extension); the embedded PGlite database runs without it unless it was opened with the pg_trgm
-- extension, and there the search stays a scan of a small table. Without the right to create the
-- extension the indexes are skipped too: the search works either way, only slower.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pg_trgm not created (insufficient privilege): booking search is not indexed';
      RETURN;
    END;
    CREATE INDEX IF NOT EXISTS bookings_title_trgm_idx ON bookings USING gin (title gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS bookings_organizer_trgm_idx ON bookings USING gin (organizer_email gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS bookings_notes_trgm_idx ON bookings USING gin (notes gin_trgm_ops);
  END IF;
END
$$;

-- PostgreSQL's trigram indexes stop queueing rows (fastupdate off); SQLite's
-- FTS5 tables have no such queue. This migration keeps the two numberings in step.
SELECT 1;

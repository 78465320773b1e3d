-- A GIN index with fastupdate (the default) queues new rows in a pending list
-- that every search reads end to end until VACUUM merges it. After the bulk
-- seed that list held 369 pages and a search for four digits of a mobile read
-- all of them (1.9 ms, against 0.04 ms merged). Owners, cars and club posts are
-- written far less often than they are searched: insert into the index
-- directly, and merge what is queued now.
ALTER INDEX users_name_trigrams SET (fastupdate = off);
ALTER INDEX users_mobile_trigrams SET (fastupdate = off);
ALTER INDEX users_email_trigrams SET (fastupdate = off);
ALTER INDEX ownerships_vin_trigrams SET (fastupdate = off);
ALTER INDEX ownerships_plate_trigrams SET (fastupdate = off);
ALTER INDEX club_search_trigrams SET (fastupdate = off);
SELECT gin_clean_pending_list(index)
FROM unnest(ARRAY['users_name_trigrams', 'users_mobile_trigrams', 'users_email_trigrams',
                  'ownerships_vin_trigrams', 'ownerships_plate_trigrams', 'club_search_trigrams']::regclass[]) AS index;

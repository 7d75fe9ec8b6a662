-- Resource bodies up to about 8 kB stay in their resource_version row, uncompressed (issue #4;
-- docs/adr/0006-resource-bodies-stored-inline.md). With the default toast_tuple_target (about
-- 2 kB, four rows a page) PostgreSQL compresses every body over 2 kB with pglz on insert and
-- decompresses it on every read: most of the Synthea bodies (average 1.85 kB) sit near that limit,
-- and pglz_compress was 12 to 14 % of PostgreSQL's CPU in the bulk load phase. The parameter is the
-- tuple length above which TOAST starts compressing or moving values out of line, and the length
-- it then aims for (PostgreSQL 17 docs, CREATE TABLE, "toast_tuple_target"; 8160 is the maximum
-- for 8 kB pages); larger bodies are still compressed, then stored out of line. It applies to rows
-- written from now on; rows already stored keep their form until they are rewritten.
alter table resource_version set (toast_tuple_target = 8160);

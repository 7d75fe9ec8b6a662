-- resource_link_target keyed by target_id alone instead of (target_type, target_id) (issue #4,
-- docs/benchmarks.md, Bulk data, "2026-11-27 12:39-13:10 UTC"). The only query by target, the
-- delete check (ResourceRepository.referrers), asks for one type and one id; the id alone is nearly
-- unique (ids are per type, and a Synthea or client id is usually a UUID), so the type becomes a
-- filter on the few rows the id finds. What it buys: a one-column text key is compared with
-- abbreviated keys and without nocache_index_getattr, so the CREATE INDEX at the end of a large
-- import's load phase (V35) built 2.4 to 3.3 times faster on 7.8 million links (4.3 s against 10.6
-- to 14.0 s), and each link inserted outside a large import compares one column per level.
-- Same name, so V35's suspend/restore functions and link_index_suspended keep working; a
-- definition left suspended by a crash is replaced by the new one, which the next start builds.
drop index if exists resource_link_target;
delete from link_index_suspended where name = 'resource_link_target';
create index resource_link_target on resource_link (target_id);

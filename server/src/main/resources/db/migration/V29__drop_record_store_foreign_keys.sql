-- The record store's two foreign keys go (issue #4; docs/adr/0005-record-store-without-foreign-keys.md).
-- Each row COPYed into resource_version or resource_link fired an RI trigger running
-- SELECT 1 FROM resource WHERE pk = $1 FOR KEY SHARE: a row lock per row, WAL-logged and dirtying
-- the resource page (PostgreSQL 17 docs, 13.3.2 "Row-Level Locks"; ri_triggers.c), about a million
-- times for 184k Synthea resources. The writers (records.internal.storage.ResourceRepository) put
-- a resource's row, its versions and its links in one transaction, resource rows are never deleted
-- (a delete is a tombstone version), and RecordStoreIntegrityTest checks that no version or link
-- is left without its resource.
alter table resource_version drop constraint resource_version_res_pk_fkey;
alter table resource_link drop constraint resource_link_src_pk_fkey;

-- The kick-off caller of a Bulk Data job as JSON (issue #5): the export queries are filtered by
-- that caller's access rules, so a job never exports more than its requester may see, even after
-- a restart re-queues it. Null for jobs kicked off before access control existed.
alter table bulk_job add column caller text;

-- The record store: every version of every resource, immutable (FHIR R4 RESTful API, 3.1.0.1.2
-- "Resource versions"). `resource` is the small current-pointer table; `resource_version`
-- holds each version's JSON exactly once, deletes included as tombstones (body null).

create sequence resource_pk_seq;

create table resource (
  pk           bigint      primary key,
  res_type     text        not null,
  res_id       text        not null,
  version      integer     not null,
  deleted      boolean     not null default false,
  last_updated timestamptz not null,
  constraint resource_type_id_key unique (res_type, res_id)
);

create table resource_version (
  res_pk       bigint      not null references resource (pk),
  version      integer     not null,
  res_type     text        not null,
  res_id       text        not null,
  last_updated timestamptz not null,
  -- global write order, a tie-breaker for history paging
  seq          bigint      generated always as identity,
  -- the interaction that made this version: POST, PUT, PATCH or DELETE
  method       text        not null,
  body         text,
  primary key (res_pk, version)
);

create index resource_version_system_history on resource_version (last_updated, seq);
create index resource_version_type_history on resource_version (res_type, last_updated, seq);

-- Local references from the current version of each resource: referential integrity on write and
-- on delete (R4 3.1.0.7 "Delete": servers may refuse to delete referenced resources).
create table resource_link (
  src_pk      bigint not null references resource (pk),
  target_type text   not null,
  target_id   text   not null
);
create index resource_link_src on resource_link (src_pk);
create index resource_link_target on resource_link (target_type, target_id);

-- Spring Modulith's event publication registry (schema v2 for PostgreSQL), owned by Flyway.
create table event_publication (
  id                     uuid        not null primary key,
  listener_id            text        not null,
  event_type             text        not null,
  serialized_event       text        not null,
  publication_date       timestamptz not null,
  completion_date        timestamptz,
  status                 text,
  completion_attempts    int,
  last_resubmission_date timestamptz
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);

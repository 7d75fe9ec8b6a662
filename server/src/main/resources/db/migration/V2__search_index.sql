-- Search index (FHIR R4 search, 3.1.1.4 "Search parameter types"): one table per parameter type,
-- one row per extracted value. Rows of a resource are replaced on every write inside the write
-- transaction, so they always describe the current version. No foreign key to resource: the rows
-- are written and deleted with their resource, and the check would cost a lookup per row.

-- Small ids for (resource type, parameter code), so index rows stay narrow and index lookups are
-- selective per resource type. "Resource" is the base of parameters common to all types.
create table sp_param (
  id       integer generated always as identity primary key,
  res_type text not null,
  code     text not null,
  constraint sp_param_type_code_key unique (res_type, code)
);

-- token: Coding, CodeableConcept, Identifier, ContactPoint, code/boolean/string. text is the
-- display or CodeableConcept.text (for :text); type_* an Identifier's type (for :of-type).
create table sp_token (
  res_pk      bigint  not null,
  param_id    integer not null,
  system      text,
  code        text,
  text        text,
  type_system text,
  type_code   text
);
create index sp_token_res on sp_token (res_pk);
create index sp_token_code on sp_token (param_id, code, system);

-- string: value_norm is lower case without accents, cut to 200 characters, for the default
-- starts-with match; value_exact for :exact.
create table sp_string (
  res_pk      bigint  not null,
  param_id    integer not null,
  value_norm  text    not null,
  value_exact text    not null
);
create index sp_string_res on sp_string (res_pk);
create index sp_string_norm on sp_string (param_id, value_norm text_pattern_ops);

-- reference: relative Type/id (version dropped); absolute urls whole in target_id, type null.
create table sp_reference (
  res_pk      bigint  not null,
  param_id    integer not null,
  target_type text,
  target_id   text    not null
);
create index sp_reference_res on sp_reference (res_pk);
create index sp_reference_target on sp_reference (param_id, target_id, target_type);

-- date: the half-open range [low, high) the value covers at its precision; open bounds are
-- -infinity / infinity.
create table sp_date (
  res_pk   bigint      not null,
  param_id integer     not null,
  low      timestamptz not null,
  high     timestamptz not null
);
create index sp_date_res on sp_date (res_pk);
create index sp_date_low on sp_date (param_id, low);
create index sp_date_high on sp_date (param_id, high);

-- Searches page in pk order within a type (stable paging); _lastUpdated filters by type.
create index resource_type_pk on resource (res_type, pk) where not deleted;
create index resource_type_updated on resource (res_type, last_updated) where not deleted;

-- uri: uri, url and canonical values as written; text_pattern_ops serves = and :below (LIKE 'x%').
create table sp_uri (
  res_pk   bigint  not null,
  param_id integer not null,
  uri      text    not null
);
create index sp_uri_res on sp_uri (res_pk);
create index sp_uri_value on sp_uri (param_id, uri text_pattern_ops);

-- number and quantity: the value as written, and for quantities its system, code and unit.
create table sp_quantity (
  res_pk   bigint  not null,
  param_id integer not null,
  value    numeric not null,
  system   text,
  code     text,
  unit     text
);
create index sp_quantity_res on sp_quantity (res_pk);
create index sp_quantity_value on sp_quantity (param_id, value);

-- Composite parameters (R4 search 3.1.1.4.14 "composite"): one row per value of each component of
-- each element the composite's expression selects. pos numbers those elements within the
-- resource and comp the component, so a search joins the rows of all components on the same pos:
-- code and value must come from the same element, never from two different ones. The value
-- columns are those of the per-type tables (token, quantity, date, string, reference, uri), so the
-- same conditions apply.
create table sp_composite (
  res_pk      bigint   not null,
  param_id    integer  not null,
  pos         integer  not null,
  comp        smallint not null,
  system      text,
  code        text,
  text        text,
  type_system text,
  type_code   text,
  value       numeric,
  unit        text,
  canon_value numeric,
  canon_unit  text,
  low         timestamptz,
  high        timestamptz,
  value_norm  text,
  value_exact text,
  target_type text,
  target_id   text,
  uri         text
);
create index sp_composite_res on sp_composite (res_pk);
create index sp_composite_code on sp_composite (param_id, code, system) where comp = 0;

-- UCUM canonical form of quantities (R4 search 3.1.1.4.8): the value in the base unit of its
-- dimension (g, m, L, s, mol/L, g/L, Pa, /h, %) beside the value as written, so 1000 g and 1 kg
-- compare equal. Null when the unit is not a known UCUM code.
alter table sp_quantity add column canon_value numeric, add column canon_unit text;
create index sp_quantity_canon on sp_quantity (param_id, canon_unit, canon_value)
  where canon_unit is not null;

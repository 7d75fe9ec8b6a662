-- Consent deny provisions in force (issue #5), derived from Consent resources by the write session
-- in the same transaction as the Consent, so that the access conditions of every read and search
-- test them with one indexed lookup instead of parsing Consents per request. One row per current,
-- active Consent whose top-level provision.type is deny (R4 Consent.provision).
create table consent_deny (
  -- the Consent's resource.pk
  consent_pk   bigint      not null primary key,
  -- the id of the Patient the Consent is about (Consent.patient)
  patient_id   text        not null,
  -- provision.period (or Consent.dateTime as start when absent); null: open
  period_start timestamptz,
  period_end   timestamptz,
  -- provision.actor.reference references; empty: applies to every actor
  actors       text[]      not null,
  -- provision.purpose codes; empty: applies to every purpose of use
  purposes     text[]      not null
);
create index consent_deny_patient on consent_deny (patient_id);

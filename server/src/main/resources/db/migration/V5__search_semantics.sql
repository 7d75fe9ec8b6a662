-- Full-text search (R4 search 3.2.1.5.x "_text" and "_content"): one row per resource, with a
-- tsvector of the narrative (text.div without markup) and one of every string value in the
-- resource. Words are folded (lower case, accents removed) before to_tsvector, and search terms
-- alike, so the 'simple' configuration matches regardless of language, case and accents.
create table sp_fulltext (
  res_pk    bigint   primary key,
  narrative tsvector not null,
  content   tsvector not null
);
create index sp_fulltext_narrative on sp_fulltext using gin (narrative);
create index sp_fulltext_content on sp_fulltext using gin (content);

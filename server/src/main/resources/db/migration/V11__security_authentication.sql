-- Authentication (issue #5): Spring Authorization Server's registered clients and authorizations
-- (the library's documented schema, with timestamptz and text as its notes ask for PostgreSQL),
-- and Custodian's users.

create table oauth2_registered_client (
  id varchar(100) not null primary key,
  client_id varchar(100) not null unique,
  client_id_issued_at timestamptz default current_timestamp not null,
  client_secret varchar(200) default null,
  client_secret_expires_at timestamptz default null,
  client_name varchar(200) not null,
  client_authentication_methods varchar(1000) not null,
  authorization_grant_types varchar(1000) not null,
  redirect_uris varchar(1000) default null,
  post_logout_redirect_uris varchar(1000) default null,
  scopes text not null,
  client_settings varchar(2000) not null,
  token_settings varchar(2000) not null
);

create table oauth2_authorization (
  id varchar(100) not null primary key,
  registered_client_id varchar(100) not null,
  principal_name varchar(200) not null,
  authorization_grant_type varchar(100) not null,
  authorized_scopes text default null,
  attributes text default null,
  state varchar(500) default null,
  authorization_code_value text default null,
  authorization_code_issued_at timestamptz default null,
  authorization_code_expires_at timestamptz default null,
  authorization_code_metadata text default null,
  access_token_value text default null,
  access_token_issued_at timestamptz default null,
  access_token_expires_at timestamptz default null,
  access_token_metadata text default null,
  access_token_type varchar(100) default null,
  access_token_scopes text default null,
  oidc_id_token_value text default null,
  oidc_id_token_issued_at timestamptz default null,
  oidc_id_token_expires_at timestamptz default null,
  oidc_id_token_metadata text default null,
  refresh_token_value text default null,
  refresh_token_issued_at timestamptz default null,
  refresh_token_expires_at timestamptz default null,
  refresh_token_metadata text default null,
  user_code_value text default null,
  user_code_issued_at timestamptz default null,
  user_code_expires_at timestamptz default null,
  user_code_metadata text default null,
  device_code_value text default null,
  device_code_issued_at timestamptz default null,
  device_code_expires_at timestamptz default null,
  device_code_metadata text default null
);

-- Expired authorizations are found by their token expiry; lookups by token value use the id
-- the library keeps in its own state column or the token columns, which are rare (one per
-- refresh or code exchange), so no index on the text values.
create index oauth2_authorization_principal on oauth2_authorization (principal_name);

create table app_user (
  name varchar(100) not null primary key,
  password_hash varchar(200) not null,
  -- Role.code() values, e.g. {clinician,records-supervisor}
  roles text[] not null default '{}',
  patient_id varchar(64),
  actor_reference varchar(200),
  -- security label codes the user may see (meta.security), e.g. {R,PSY}
  clearances text[] not null default '{}',
  disabled boolean not null default false,
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  -- base32 TOTP secret (RFC 6238); null until enrolled
  totp_secret varchar(64),
  created timestamptz not null default now(),
  last_login timestamptz
);

-- PostgreSQL roles and database for the family plan portal. Run once, as a superuser:
--   runuser -u postgres -- psql -v ON_ERROR_STOP=1 \
--     -v owner_password="$(openssl rand -hex 24)" -v app_password="$(openssl rand -hex 24)" \
--     -v backup_password="$(openssl rand -hex 24)" -f deploy/postgresql/roles.sql
-- (keep the three passwords: they go into portal.env, migrate.env and backup.env).
--
-- portal_owner  owns the database and its tables; only migrations run as it.
-- portal_app    what gunicorn and the scheduled jobs connect as: it reads and writes
--               rows, and cannot create, alter, drop or truncate a table, nor change or
--               delete an audit row (deploy/postgresql/grants.sql).
-- portal_backup reads everything, for pg_dump, and writes nothing.

CREATE ROLE portal_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE portal_app LOGIN PASSWORD :'app_password' CONNECTION LIMIT 40;
CREATE ROLE portal_backup LOGIN PASSWORD :'backup_password';
GRANT pg_read_all_data TO portal_backup;

CREATE DATABASE family_plan_portal OWNER portal_owner ENCODING 'UTF8' TEMPLATE template0;
\connect family_plan_portal
-- Nobody but the owner creates anything in the public schema (PostgreSQL 15's default;
-- said again for older servers).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO portal_owner;
REVOKE ALL ON DATABASE family_plan_portal FROM PUBLIC;
GRANT CONNECT ON DATABASE family_plan_portal TO portal_app, portal_backup;
GRANT USAGE ON SCHEMA public TO portal_app;
-- Tables a later migration adds can be used by the app at once (grants.sql narrows).
ALTER DEFAULT PRIVILEGES FOR ROLE portal_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portal_app;
ALTER DEFAULT PRIVILEGES FOR ROLE portal_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO portal_app;

-- What the app's role may do with each table. Run as portal_owner after every
-- `flask db upgrade` (it is idempotent):
--   psql -v ON_ERROR_STOP=1 -f deploy/postgresql/grants.sql "$MIGRATE_DATABASE_URL"
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portal_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO portal_app;
-- The audit log only grows: the app adds rows and reads them, never changes one.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM portal_app;
-- Only migrations change the schema version.
REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM portal_app;

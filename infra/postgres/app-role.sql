-- A role for the app in production: it may read the log and add to it, and nothing else.
-- The events and tree_heads tables also refuse UPDATE, DELETE and TRUNCATE by trigger, for every role;
-- this role cannot even ask. Run as the owner of the schema after the first migration, e.g.
--   psql "$ADMIN_DATABASE_URL" -v app_password="'…'" -f infra/postgres/app-role.sql
create role storyledger_app login password :app_password;
grant usage on schema public to storyledger_app;
grant select, insert on events, tree_heads to storyledger_app;
-- The log head and the stream index move with every append.
grant select, update on log_head to storyledger_app;
grant select, insert, update on streams to storyledger_app;
grant select on kysely_migration, kysely_migration_lock to storyledger_app;
revoke update, delete, truncate on events, tree_heads from storyledger_app;
-- The classroom's own tables beside the log (teachers, one-time sign-in tokens, the stored session secret):
-- accounts change (a token is used once, a sign-in is noted), so these are not append-only.
grant select, insert, update on classroom_teachers, classroom_sign_in_tokens to storyledger_app;
grant select, insert on classroom_secrets to storyledger_app;
grant select on classroom_migration, classroom_migration_lock to storyledger_app;
-- Published quizzes (join codes kept as hashes), attempts (claimed once on submission) and the join rate
-- limit's recent tries (old ones are deleted as they fall out of the window).
grant select, insert on classroom_quizzes to storyledger_app;
grant select, insert, update on classroom_attempts to storyledger_app;
grant select, insert, delete on classroom_join_tries to storyledger_app;

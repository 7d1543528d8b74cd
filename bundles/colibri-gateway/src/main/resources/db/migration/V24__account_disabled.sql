-- Issue 15: an operator disables an account (and with it its sub-accounts): from then on no
-- channel takes its requests, its keys open nothing, its schedules pause. Enabled again, it
-- finds everything as it was.
alter table account add column disabled_at timestamp with time zone;

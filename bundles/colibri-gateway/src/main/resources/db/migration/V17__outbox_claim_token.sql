-- Issue 13, point 6: a claim whose commit answer was lost (the database restarting during the
-- commit) left its messages claimed by nobody, never submitted. Each claim now writes a random
-- token with claimed_at, so that the claimer can ask whether its claim was made.
alter table message_outbox add column claim_token bigint;

-- The duplicate guard looked for the same text among every message to the number in 24 hours:
-- a script sending thousands of texts to one number made each check scan them all. It now finds
-- candidates by a 64-bit hash of the text first (then compares the text). Rows from before this
-- column have no hash: for the first 24 hours after the upgrade they are not guarded against.
alter table message add column body_hash bigint;
create index message_duplicate on message (account_id, recipient, body_hash);
drop index message_recent;

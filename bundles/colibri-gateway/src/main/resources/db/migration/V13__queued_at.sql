-- Messages are queued on the broker after the commit that records them (issue 12): queued_at
-- says a message is on its connector's queue. The dispatch route looks for ACCEPTED messages
-- without it: recorded but never queued (a crash in between), due again (deferred, landline
-- hours), or to send again as flash. Messages ACCEPTED at the upgrade get queued once more: a
-- second queue entry is harmless (the outbound claim sends a message once).
alter table message add column queued_at timestamp with time zone;
create index message_unqueued on message (status, queued_at, id);

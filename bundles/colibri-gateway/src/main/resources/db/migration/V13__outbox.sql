-- Messages are put on the broker after the commit that records them (issue 12), and the message
-- table loses its two indexes that held the status (every status change moved an entry in both).
--
-- message_outbox: the messages on their way to the SMSC, from the commit that records them (or
-- makes them due) until the SMSC's answer is recorded. "queued" once the dispatch route has put
-- the id on the connector's queue; rows not queued are what a crash left recorded but unqueued,
-- found by the next round rather than by queueing everything again at each start. "claimed_at"
-- once an outbound consumer has taken the message for its submit_sm (of two queue entries for one
-- message, one claims it); a row claimed before a start was interrupted mid-submission.
create table message_outbox (
    message_id bigint primary key,
    connector  varchar(50) not null,
    queued     boolean not null,
    claimed_at timestamp with time zone
);

-- Messages waiting for their time (diff=..., landline hours): made ACCEPTED and put in the
-- outbox when due, by the dispatch route.
create table message_due (
    message_id bigint primary key,
    send_at    timestamp with time zone not null,
    connector  varchar(50) not null
);
create index message_due_at on message_due (send_at, message_id);

insert into message_due (message_id, send_at, connector)
    select id, send_at, connector from message where status = 'SCHEDULED';
-- Messages waiting for their connector at the upgrade are queued once more: a second queue entry
-- is harmless (the outbound claim sends a message once). Those being submitted stay in the
-- outbox until the start's recovery settles them.
insert into message_outbox (message_id, connector, queued)
    select id, connector, false from message where status = 'ACCEPTED';
insert into message_outbox (message_id, connector, queued, claimed_at)
    select id, connector, true, coalesce(submitted_at, accepted_at) from message where status = 'SUBMITTING';

drop index message_schedule;

-- The duplicate guard's index leads with the number, so that it also finds a reply's last writer
-- (SMPP-3): one index fewer for every message recorded.
drop index message_recipient;
drop index message_duplicate;
create index message_duplicate on message (recipient, account_id, body_hash);

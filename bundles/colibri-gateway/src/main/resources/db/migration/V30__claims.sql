-- Issue 18: several gateway nodes on one database. Each claim on a message now says which node
-- made it, so that a node's start fails and refunds only what it was itself submitting (and the
-- rows claimed before this column, by nobody), and the others fail and refund the claims of a
-- node that died (not heard from for deadAfterMillis), never those of a live node.
alter table message_outbox add column claimed_by varchar(64);

-- The callback events of an account are POSTed by one node at a time, the one holding the
-- account's lease (until: renewed at each of its rounds while it has events of the account, let
-- go when it has none); a lease not renewed in time (a dead node's) is taken by another node. So
-- no event is POSTed by two live nodes, and the events of a message keep their order.
create table callback_lease (
    account_id bigint primary key,
    node       varchar(64) not null,
    until      timestamp with time zone not null
);

-- A held mail given back to the mail route (its block over) is taken by one node for a while
-- (taken_by, taken_until), so that two nodes' rounds do not read it both; a node that fails to
-- read it takes it again at its next round, another once taken_until has passed.
alter table held_mail add column taken_by varchar(64);
alter table held_mail add column taken_until timestamp with time zone;

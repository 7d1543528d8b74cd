-- Issue 18: a connector whose key binds limits how many gateway nodes bind to its SMSC at once
-- (the operator's allowed count): one row per slot a node holds. A slot of a node that is dead
-- (table node) is taken over by another.
create table smpp_bind_slot (
    connector varchar(50) not null,
    slot integer not null,
    node varchar(64) not null,
    taken_at timestamp with time zone not null,
    primary key (connector, slot)
);

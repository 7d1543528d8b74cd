-- Issue 18: the gateway nodes sharing this database. Each node writes its row at start and beats
-- every heartbeatMillis (etc/io.colibri.node.cfg); a node not seen for deadAfterMillis is dead,
-- and what it held (claims on messages) is taken over by the others.
create table node (
    name varchar(64) primary key,
    instance varchar(36) not null,
    started_at timestamp with time zone not null,
    seen_at timestamp with time zone not null,
    draining boolean not null default false
);

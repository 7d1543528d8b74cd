-- Per-account options (ACC-7) as key/value text: a missing key means the default (see AccountOptions).
create table account_option (
    account_id bigint not null references account (id),
    name       varchar(40) not null,
    option_value varchar(2000) not null,
    constraint account_option_pk primary key (account_id, name)
);

-- Numbers that must never receive an account's messages (STOP replies, the console).
create table blacklist_entry (
    account_id bigint not null references account (id),
    phone_number varchar(20) not null,
    reason     varchar(50) not null,
    created_at timestamp with time zone not null,
    constraint blacklist_entry_pk primary key (account_id, phone_number)
);

-- Deferred sends and landline hours: a SCHEDULED message leaves at send_at. Format and validity
-- are the account's options when the message was accepted.
alter table message add column send_at timestamp with time zone;
alter table message add column format varchar(20) default 'NORMAL' not null;
alter table message add column validity_minutes integer default 2880 not null;
create index message_schedule on message (status, send_at);
-- The duplicate guard (OPT-6) looks for the same text to the same number in the last 24 hours.
create index message_recent on message (account_id, recipient, accepted_at);

-- Issue 15, ACC-4: sub-accounts. A sub-account is an account (its own login, keys, balance,
-- ledger and options) with a parent, one level deep; its kind says what it is to its parent.
-- Credit moves between them by two ledger entries of kind TRANSFER in one transaction.
alter table account add column parent_id bigint references account (id);
alter table account add column sub_kind varchar(20);
alter table account add column name varchar(100);
create index account_parent on account (parent_id);

-- ACC-5: every address of a shared domain may send by mail on one account's credit, with the
-- domain's own password (stored only hashed). A domain is shared by one account at most, so a
-- sender's address always names one account.
create table shared_domain (
    domain        varchar(255) primary key,
    account_id    bigint not null references account (id),
    password_hash varchar(200) not null,
    created_at    timestamp with time zone not null
);

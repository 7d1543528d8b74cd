-- ACC-6: the low-balance alerts sent, one per account and day (Paris), so a run restarted in the
-- middle, or run twice, alerts nobody twice.
create table balance_alert (
    account_id bigint not null references account (id),
    alert_day  date not null,
    balance    bigint not null,
    sent_at    timestamp with time zone not null,
    primary key (account_id, alert_day)
);

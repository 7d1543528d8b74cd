-- The balance kept on the account row, changed in the same transaction as each ledger entry and
-- under the account's row lock, so a send reads it in O(1) instead of summing the whole ledger.
-- The ledger stays the record: the balance always equals the sum of its entries.
alter table account add column balance bigint default 0 not null;
update account set balance = (select coalesce(sum(l.credits), 0) from ledger_entry l where l.account_id = account.id);

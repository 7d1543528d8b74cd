-- Retention (issue 13): what is purged is found by its time, not by reading the whole table.
create index request_key_created on request_key (created_at);
create index reply_received on reply (received_at);
create index unmatched_receipt_received on unmatched_receipt (received_at);

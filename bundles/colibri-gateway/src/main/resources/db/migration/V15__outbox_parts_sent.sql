-- Long messages part by part (issue 13, point 3): each part is its own submit_sm, and a message
-- whose later part is refused for now goes back on its queue with the parts the SMSC took already
-- recorded (a submission row each). "parts_sent" says how many of its parts left, so that the
-- next claim submits only the others; a refusal for good, no answer in time, or a restart
-- refunds only the parts that did not leave.
alter table message_outbox add column parts_sent integer default 0 not null;

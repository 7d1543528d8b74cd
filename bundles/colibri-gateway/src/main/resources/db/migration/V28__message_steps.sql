-- Connector failover (issue 17): what a message's history keeps besides the times of its status
-- (accepted, submitted, done, on the message row), e.g. "connector mobile unavailable (...) ->
-- sent via backup". Written with the submission it explains; read by the API's message view.
create table message_step (
    message_id bigint not null,
    at         timestamp with time zone not null,
    step       varchar(200) not null
);
create index message_step_message on message_step (message_id);

-- Issue 14: request_key had one column, code, with three meanings (the legacy /http.php code a
-- channel's send got, 0 or 1 for a mail done or set aside, 0 for a STOP acted on). Each meaning
-- now has its own column (entity RequestKey):
--   kind        what the key counts once:
--                 REQUEST  a send of a channel, recorded by Accept: a mail's recipient
--                          (mail:<digest>#<n>), a reply's answer (reply:<id>:<contact|rule|ack|
--                          forward>), a low-balance alert (alert:<account>:<day>);
--                 MAIL     a received mail, its requests recorded and its replies queued
--                          (mail:<digest>);
--                 STOP     a reply's STOP: blacklisted, pending messages cancelled, confirmed
--                          (reply:<id>:stop).
--   legacy_code the code the REQUEST got the first time (80-97, io.colibri.domain.Code), that a
--               second call with its key answers again; null for the other kinds.
--   outcome     what became of a MAIL: DONE (filed in the done folder) or SET_ASIDE (not
--               processed, e.g. a wrong password: filed with the failed mails), and DONE for a
--               STOP; null for a REQUEST, whose outcome is its legacy code.
-- code is dropped: nothing reads it any more, and a second column saying the same would drift.
alter table request_key add column kind varchar(20);
alter table request_key add column legacy_code integer;
alter table request_key add column outcome varchar(20);

-- Existing rows, by key prefix and code. Only ReplyActions wrote reply:<id>:stop, always with 0.
update request_key set kind = 'STOP', outcome = 'DONE'
 where request_key like 'reply:%:stop' and code = 0;
-- Legacy codes are 80 to 97 and a mail's outcomes 0 and 1, so the code tells a mail from a
-- request also for keys written before the mail:, reply:, alert: namespaces (a mail's bare
-- Message-ID or digest, its recipients <id>#<n>).
update request_key set kind = 'MAIL', outcome = case when code = 1 then 'SET_ASIDE' else 'DONE' end
 where kind is null and code in (0, 1) and request_key not like 'alert:%' and request_key not like 'reply:%'
   and request_key not like 'mail:%#%';
update request_key set kind = 'REQUEST', legacy_code = code
 where kind is null and code not in (0, 1);
-- Anything left (none was ever written) fails the not null below: the upgrade stops rather than guess.

alter table request_key alter column kind set not null;
alter table request_key add constraint request_key_one_meaning check (
       (kind = 'REQUEST' and legacy_code is not null and outcome is null)
    or (kind = 'MAIL' and legacy_code is null and outcome in ('DONE', 'SET_ASIDE'))
    or (kind = 'STOP' and legacy_code is null and outcome = 'DONE'));
alter table request_key drop column code;

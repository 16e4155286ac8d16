"""The contract's views, built from the predicate enum and the session key, so a renamed
predicate or a reordered session ID cannot leave the SQL behind.

`sessions` and `acuerdos` are views over the claims, so they never disagree with them:
one row per distinct session or acuerdo, each value the one most claims give.
"""

from __future__ import annotations

from models import Predicate as P
from models import SessionKey, SubjectKind


def part(column: str, name: str) -> str:
    return SessionKey.sql(column, name)


VIEWS = f"""
create or replace view acuerdo_parts_one as
select acuerdo_id, mode(issuer) as issuer, mode(organ) as organ, mode(number) as number, mode(year) as year
from acuerdo_parts group by acuerdo_id;

create or replace view sessions as
with ids as (
    select subject_id as session_id from claims where subject_kind = '{SubjectKind.session}'
    union select object from claims where predicate = '{P.approved_in}'
), facts as (
    select subject_id as session_id,
           mode(try_cast(object as date)) filter (where predicate = '{P.held_on}') as held_on,
           mode(try_cast(object as time)) filter (where predicate = '{P.held_at}') as held_at
    from claims where subject_kind = '{SubjectKind.session}' group by subject_id
)
select ids.session_id,
       nullif({part("ids.session_id", "issuer")}, '') as issuer,
       {part("ids.session_id", "body")} as body,
       {part("ids.session_id", "type")} as type,
       try_cast({part("ids.session_id", "number")} as integer) as number,
       facts.held_on, facts.held_at
from ids left join facts using (session_id);

create or replace view acuerdos as
with ids as (select distinct acuerdo_id from acuerdo_parts), facts as (
    select subject_id as acuerdo_id,
           arg_max(object, length(object)) filter (where predicate = '{P.subject}') as subject,
           mode(object) filter (where predicate = '{P.approved_in}') as session_id,
           mode(try_cast(object as date)) filter (where predicate = '{P.approved_on}') as approved_on
    from claims where subject_kind = '{SubjectKind.acuerdo}' group by subject_id
)
select ids.acuerdo_id, p.issuer, p.organ, p.number, p.year, facts.subject, facts.session_id, facts.approved_on
from ids left join acuerdo_parts_one p using (acuerdo_id) left join facts using (acuerdo_id);

create or replace view acuerdos_por_sesion as
select s.session_id, s.issuer, s.body, s.type, s.number, s.held_on,
       count(a.acuerdo_id) as acuerdos,
       list(a.acuerdo_id order by a.number, a.acuerdo_id) filter (where a.acuerdo_id is not null) as acuerdo_ids
from sessions s left join acuerdos a using (session_id)
group by all order by s.held_on nulls last, s.session_id;

create or replace view sesiones_por_mes as
select strftime(held_on, '%Y-%m') as mes, issuer, count(*) as sesiones,
       list(session_id order by held_on, session_id) as session_ids
from sessions where held_on is not null group by all order by mes, issuer;

create or replace view timeline as
select try_cast(c.object as date) as fecha, c.subject_kind, c.subject_id, c.predicate,
       c.doc_id, d.path, c.page, c.section_no, c.sentence, c.claim_id
from claims c join documents d using (doc_id)
where c.predicate in ({", ".join(f"'{p}'" for p in P.dated())}) and try_cast(c.object as date) is not null
order by fecha, d.path, c.char_start, c.predicate;
"""

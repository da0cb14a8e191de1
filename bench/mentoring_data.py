"""The mentoring benchmark's records, generated in SQL with a fixed seed on top of the
partners benchmark's directory: 100 programmes in the 100 largest districts, 20,000
participants (a quarter mentors), 50,000 matches (each mentee's latest open, earlier
ones completed), 500,000 check-ins, 100,000 survey responses and 40,000 reviews, and
20,000 more staff who were never mentored, for the retention comparison."""

import time
from typing import Any

import asyncpg

PARTICIPANTS, MATCHES, CHECK_INS, RESPONSES, REVIEWS = 20_000, 50_000, 500_000, 100_000, 40_000
STAFF = 2 * PARTICIPANTS
DIMENSIONS = [
    "communication",
    "collaboration",
    "partnership_management",
    "instructional_support",
    "data_use",
    "family_engagement",
    "leadership",
]
RECORD = "gen_random_uuid(), now(), now(), 1"

GENERATE = [
    "SELECT setseed(0.29)",
    """CREATE TEMP TABLE bench_districts AS
       SELECT district_id AS id, row_number() OVER (ORDER BY count(*) DESC, district_id) AS rn
       FROM schools GROUP BY district_id ORDER BY count(*) DESC, district_id LIMIT 100""",
    """CREATE TEMP TABLE bench_schools AS
       SELECT s.id, s.district_id, s.level, s.locale_type, d.rn AS drn,
           row_number() OVER (PARTITION BY s.district_id ORDER BY s.id) - 1 AS srn,
           count(*) OVER (PARTITION BY s.district_id) AS scount
       FROM schools s JOIN bench_districts d ON d.id = s.district_id""",
    f"""CREATE TEMP TABLE bench_people AS
       SELECT gen_random_uuid() AS id, n, 1 + (n - 1) % 100 AS drn FROM generate_series(1, {STAFF}) n""",
    """INSERT INTO people (id, created_at, updated_at, version, given_name, family_name,
           social_handles, is_active, sis_id)
       SELECT id, now(), now(), 1, 'Bench', 'Staff ' || n, '{}'::jsonb, true,
           'bench-mentoring-' || n
       FROM bench_people""",
    """CREATE TEMP TABLE bench_placed AS
       SELECT p.id AS person_id, p.n, p.drn, s.id AS school_id, s.district_id, s.level,
           s.locale_type,
           CASE WHEN p.n % 4 = 0 THEN 'principal' ELSE 'teacher' END AS role,
           DATE '2023-08-01' + (p.n % 365) AS start_date
       FROM bench_people p
       JOIN bench_schools s ON s.drn = p.drn AND s.srn = (p.n / 100) % s.scount""",
    f"""INSERT INTO role_assignments (id, created_at, updated_at, version, person_id, school_id,
           role, subjects, grade_levels, is_primary, start_date, end_date)
       SELECT {RECORD}, person_id, school_id, role, '[]'::jsonb, '[]'::jsonb, true, start_date,
           CASE WHEN random() < 0.2 THEN start_date + 200 + floor(random() * 500)::int END
       FROM bench_placed""",
    """CREATE TEMP TABLE bench_programs AS
       SELECT gen_random_uuid() AS id, d.rn, d.id AS district_id FROM bench_districts d""",
    """INSERT INTO mentoring_programs (id, created_at, updated_at, version, name, kind,
           start_date, district_id, cadence_days, target_caseload, status, external_id)
       SELECT id, now(), now(), 1, 'Bench programme ' || rn,
           CASE WHEN rn % 2 = 0 THEN 'coaching' ELSE 'mentoring' END, DATE '2024-08-01',
           district_id, 14, 5, 'active', 'bench-programme-' || rn
       FROM bench_programs""",
    f"""CREATE TEMP TABLE bench_participants AS
       SELECT gen_random_uuid() AS id, pl.*, pr.id AS program_id,
           ((pl.n - 1) / 100) % 4 = 0 AS is_mentor,
           ((pl.n - 1) / 100) AS k
       FROM bench_placed pl JOIN bench_programs pr ON pr.rn = pl.drn
       WHERE pl.n <= {PARTICIPANTS}""",
    """INSERT INTO mentoring_participants (id, created_at, updated_at, version, program_id,
           person_id, role, school_id, district_id, staff_role, subjects, grade_levels,
           school_level, locale_type, interests, years_experience, capacity, enrolled_on,
           left_on)
       SELECT id, now(), now(), 1, program_id, person_id,
           CASE WHEN is_mentor THEN 'mentor' ELSE 'mentee' END, school_id, district_id, role,
           '["math"]'::jsonb, '[]'::jsonb, level, locale_type, '[]'::jsonb,
           CASE WHEN is_mentor THEN 12 ELSE 3 END, CASE WHEN is_mentor THEN 5 END,
           DATE '2024-08-01' + (n % 60), CASE WHEN random() < 0.1 THEN DATE '2026-06-30' END
       FROM bench_participants""",
    # Mentors and mentees numbered within their programme, to pair them.
    """CREATE TEMP TABLE bench_roles AS
       SELECT id, program_id, is_mentor,
           row_number() OVER (PARTITION BY program_id, is_mentor ORDER BY n) - 1 AS i,
           count(*) OVER (PARTITION BY program_id, is_mentor) AS total
       FROM bench_participants""",
    # Three matches for each mentee, a fourth for a third of them: 50,000.
    f"""CREATE TEMP TABLE bench_matches AS
       SELECT gen_random_uuid() AS id, e.program_id, r.id AS mentor_id, e.id AS mentee_id, m,
           m = CASE WHEN e.i % 3 = 0 THEN 4 ELSE 3 END AS is_open,
           DATE '2024-09-01' + (m - 1) * 150 AS started_on
       FROM bench_roles e
       CROSS JOIN generate_series(1, 4) AS m
       JOIN bench_roles r ON r.program_id = e.program_id AND r.is_mentor
           AND r.i = (e.i + m) % r.total
       WHERE NOT e.is_mentor AND (m < 4 OR e.i % 3 = 0)
       LIMIT {MATCHES}""",
    """INSERT INTO mentoring_matches (id, created_at, updated_at, version, program_id, mentor_id,
           mentee_id, status, started_on, ended_on, end_reason, focus_areas, goal_ids,
           check_in_count)
       SELECT id, now(), now(), 1, program_id, mentor_id, mentee_id,
           CASE WHEN is_open THEN 'active' ELSE 'completed' END, started_on,
           CASE WHEN is_open THEN NULL ELSE started_on + 140 END,
           CASE WHEN is_open THEN NULL ELSE 'Programme year ended' END,
           '["instructional_support"]'::jsonb, '[]'::jsonb, 0
       FROM bench_matches""",
    f"""INSERT INTO mentoring_check_ins (id, created_at, updated_at, version, match_id,
           program_id, held_on, channel, minutes, focus, goal_ids)
       SELECT {RECORD}, id, program_id, started_on + 14 * k + floor(random() * 5)::int,
           CASE WHEN random() < 0.5 THEN 'video' ELSE 'in_person' END, 30 + k, 'Next steps',
           '[]'::jsonb
       FROM bench_matches CROSS JOIN generate_series(0, {CHECK_INS // MATCHES - 1}) AS k""",
    # The summary each match keeps of its check-ins, as the check-ins service keeps it.
    """UPDATE mentoring_matches SET last_check_in_on = c.last, check_in_count = c.n,
           first_check_in_on = c.first, longest_check_in_gap = c.longest_gap
       FROM (SELECT match_id, max(held_on) AS last, min(held_on) AS first, count(*) AS n,
                 max(gap) AS longest_gap
             FROM (SELECT match_id, held_on,
                       held_on - lag(held_on) OVER (PARTITION BY match_id ORDER BY held_on) AS gap
                   FROM mentoring_check_ins) AS gaps
             GROUP BY match_id) AS c
       WHERE c.match_id = mentoring_matches.id""",
    """CREATE TEMP TABLE bench_surveys AS
       SELECT gen_random_uuid() AS id, name, level FROM (VALUES
           ('Bench satisfaction', 'satisfaction'), ('Bench self-assessment', 'growth')) AS v(name, level)""",
    """INSERT INTO mentoring_surveys (id, created_at, updated_at, version, name)
       SELECT id, now(), now(), 1, name FROM bench_surveys""",
    """INSERT INTO mentoring_survey_items (id, survey_id, position, text, outcome_level)
       SELECT gen_random_uuid(), s.id, p, 'Item ' || p, s.level
       FROM bench_surveys s CROSS JOIN generate_series(1, 5) AS p""",
    # Each participant: a pre and a post self-assessment and three satisfaction surveys.
    """CREATE TEMP TABLE bench_responses AS
       SELECT gen_random_uuid() AS id, s.id AS survey_id, s.level, p.id AS participant_id,
           p.program_id, w.phase, DATE '2024-09-15' + w.offset_days AS responded_on
       FROM bench_participants p
       CROSS JOIN (VALUES ('growth', 'pre', 0), ('growth', 'post', 300),
           ('satisfaction', NULL, 100), ('satisfaction', NULL, 200),
           ('satisfaction', NULL, 400)) AS w(level, phase, offset_days)
       JOIN bench_surveys s ON s.level = w.level""",
    """INSERT INTO mentoring_survey_responses (id, created_at, updated_at, version, survey_id,
           participant_id, program_id, phase, responded_on)
       SELECT id, now(), now(), 1, survey_id, participant_id, program_id, phase, responded_on
       FROM bench_responses""",
    """INSERT INTO mentoring_survey_answers (response_id, item_id, score)
       SELECT r.id, i.id, 1 + floor(random() * 5)::int
       FROM bench_responses r JOIN mentoring_survey_items i ON i.survey_id = r.survey_id""",
    # The growth answers' sum and count each response keeps, as the responses service keeps them.
    """UPDATE mentoring_survey_responses r SET growth_total = a.total, growth_answers = a.n
       FROM (SELECT a.response_id, sum(a.score) AS total, count(*) AS n
             FROM mentoring_survey_answers a
             JOIN mentoring_survey_items i ON i.id = a.item_id AND i.outcome_level = 'growth'
             GROUP BY a.response_id) AS a
       WHERE a.response_id = r.id""",
    """CREATE TEMP TABLE bench_reviews AS
       SELECT gen_random_uuid() AS id, p.person_id, p.program_id, w.phase,
           DATE '2024-09-01' + w.offset_days AS reviewed_on
       FROM bench_participants p
       CROSS JOIN (VALUES ('pre', 0), ('post', 330)) AS w(phase, offset_days)""",
    """INSERT INTO mentoring_reviews (id, created_at, updated_at, version, person_id,
           program_id, phase, reviewed_on)
       SELECT id, now(), now(), 1, person_id, program_id, phase, reviewed_on FROM bench_reviews""",
    f"""INSERT INTO mentoring_review_scores (review_id, dimension, score)
       SELECT r.id, d, 1 + floor(random() * 5)::int
       FROM bench_reviews r CROSS JOIN unnest(ARRAY{DIMENSIONS!r}) AS d""",
    # The totals the responses and reviews services keep for the impact metrics.
    """INSERT INTO mentoring_answer_totals (participant_id, item_id, answers, total, first_on,
           last_on)
       SELECT r.participant_id, a.item_id, count(*), sum(a.score), min(r.responded_on),
           max(r.responded_on)
       FROM mentoring_survey_answers a JOIN mentoring_survey_responses r ON r.id = a.response_id
       GROUP BY r.participant_id, a.item_id ORDER BY r.participant_id, a.item_id""",
    """INSERT INTO mentoring_growth_totals (participant_id, survey_id, pre_answers, pre_total,
           post_answers, post_total, post_first_on, post_last_on)
       SELECT participant_id, survey_id,
           coalesce(sum(growth_answers) FILTER (WHERE phase = 'pre'), 0),
           coalesce(sum(growth_total) FILTER (WHERE phase = 'pre'), 0),
           coalesce(sum(growth_answers) FILTER (WHERE phase = 'post'), 0),
           coalesce(sum(growth_total) FILTER (WHERE phase = 'post'), 0),
           min(responded_on) FILTER (WHERE phase = 'post'),
           max(responded_on) FILTER (WHERE phase = 'post')
       FROM mentoring_survey_responses
       WHERE growth_answers > 0 AND phase IN ('pre', 'post')
       GROUP BY participant_id, survey_id ORDER BY participant_id, survey_id""",
    """INSERT INTO mentoring_score_totals (person_id, program_id, dimension, pre_scores,
           pre_total, post_scores, post_total, post_first_on, post_last_on)
       SELECT r.person_id, r.program_id, s.dimension,
           count(*) FILTER (WHERE r.phase = 'pre'),
           coalesce(sum(s.score) FILTER (WHERE r.phase = 'pre'), 0),
           count(*) FILTER (WHERE r.phase = 'post'),
           coalesce(sum(s.score) FILTER (WHERE r.phase = 'post'), 0),
           min(r.reviewed_on) FILTER (WHERE r.phase = 'post'),
           max(r.reviewed_on) FILTER (WHERE r.phase = 'post')
       FROM mentoring_review_scores s JOIN mentoring_reviews r ON r.id = s.review_id
       WHERE r.program_id IS NOT NULL AND r.phase IN ('pre', 'post')
       GROUP BY r.person_id, r.program_id, s.dimension
       ORDER BY r.person_id, r.program_id, s.dimension""",
]
# Every table the generator fills: the server runs without autovacuum, so a table
# left unanalysed keeps the statistics of its empty self and its joins are planned
# as if it had a few rows.
TABLES = (
    "mentoring_programs",
    "mentoring_program_schools",
    "mentoring_participants",
    "mentoring_matches",
    "mentoring_check_ins",
    "mentoring_surveys",
    "mentoring_survey_items",
    "mentoring_survey_responses",
    "mentoring_survey_answers",
    "mentoring_reviews",
    "mentoring_review_scores",
    "mentoring_answer_totals",
    "mentoring_growth_totals",
    "mentoring_score_totals",
)


async def count(connection: asyncpg.Connection, table: str) -> int:
    return int(await connection.fetchval(f"SELECT count(*) FROM {table}"))


async def generate(connection: asyncpg.Connection) -> dict[str, Any]:
    began = time.perf_counter()
    async with connection.transaction():
        await connection.execute(
            "TRUNCATE mentoring_score_totals, mentoring_growth_totals, mentoring_answer_totals, "
            "mentoring_review_scores, mentoring_reviews, mentoring_survey_answers, "
            "mentoring_survey_responses, mentoring_survey_items, mentoring_surveys, "
            "mentoring_check_ins, mentoring_matches, mentoring_participants, "
            "mentoring_program_schools, mentoring_programs CASCADE"
        )
        await connection.execute(
            "DELETE FROM role_assignments WHERE person_id IN "
            "(SELECT id FROM people WHERE sis_id LIKE 'bench-mentoring-%')"
        )
        await connection.execute("DELETE FROM people WHERE sis_id LIKE 'bench-mentoring-%'")
        for statement in GENERATE:
            await connection.execute(statement)
    for table in (*TABLES, "role_assignments", "people"):
        await connection.execute(f"VACUUM ANALYZE {table}")
    return {"seconds": round(time.perf_counter() - began, 1)}


async def loaded(connection: asyncpg.Connection) -> bool:
    return await count(connection, "mentoring_matches") >= MATCHES

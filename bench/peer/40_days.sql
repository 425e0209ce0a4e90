-- Attended days (RULES 4.1): a (project, worker, date) with at least one
-- valid row; hours the maximum of its day rows and its punch span (a
-- single punch counts 8.00; D16: two or more count last minus first).
CREATE TABLE att_ids AS
SELECT raw, norm_id(raw) AS worker_id FROM (SELECT DISTINCT worker_id AS raw FROM att);

CREATE TABLE days AS
SELECT a.project_id, i.worker_id, a.date,
       greatest(coalesce(max(centi), 0),
                CASE count(sec)
                    WHEN 0 THEN 0
                    WHEN 1 THEN 800
                    ELSE (max(sec) - min(sec)) * 100 // 3600
                END) AS centi
FROM att a JOIN att_ids i ON i.raw = a.worker_id
GROUP BY a.project_id, i.worker_id, a.date;

-- The applicable contract of each day (RULES 4.2): the segment the date
-- lies in (10_reference.sql), by a range join: equal pair, seg_start <=
-- date < seg_end. NULL contract_seq: a no-contract day (before the pair's
-- first segment, or in a gap).
CREATE TABLE day_contract AS
SELECT d.project_id, d.worker_id, d.date, period_of(d.date) AS period, d.centi,
       s.contract_seq, s.rate_type, s.rate_fen, s.contract_pay_day
FROM days d
LEFT JOIN contract_segments s
       ON s.project_id = d.project_id AND s.worker_id = d.worker_id
      AND d.date >= s.seg_start AND d.date < s.seg_end;

-- RULES 4.3, per bucket and contract. D13: HOUR rounds once per contract,
-- MONTH is min(rate, round_half_up(rate x days x 100 / 2175)).
CREATE TABLE owed_by_contract AS
SELECT project_id, worker_id, period, contract_seq,
       CASE any_value(rate_type)
           WHEN 'DAY' THEN any_value(rate_fen) * count(*)
           WHEN 'HOUR' THEN (sum(CAST(centi AS HUGEINT) * rate_fen) + 50) // 100
           WHEN 'MONTH' THEN least(any_value(rate_fen),
                                   (any_value(rate_fen) * count(*) * 100 * 2 + 2175) // (2 * 2175))
           ELSE 0
       END AS owed_fen
FROM day_contract
WHERE contract_seq IS NOT NULL
GROUP BY project_id, worker_id, period, contract_seq;

-- The minimum wage in force (RULES 5.2) for each region and each day of
-- the run: latest effective_from <= date; D14: byte-equal region, none
-- for an empty region. A few hundred rows, joined to days by equality.
CREATE TABLE min_wage_day AS
SELECT r.region, CAST(c.d AS DATE) AS date, mw.monthly_fen, mw.hourly_fen
FROM (SELECT DISTINCT region FROM projects WHERE region IS NOT NULL) r
CROSS JOIN generate_series(TIMESTAMP '{{FROM_DAY}}', TIMESTAMP '{{TO_DAY}}', INTERVAL 1 DAY) c(d)
ASOF JOIN min_wage mw ON mw.region = r.region AND CAST(c.d AS DATE) >= mw.effective_from;

-- RULES 5.2 RATE_BELOW_MINIMUM per day. D13: exact comparisons.
CREATE TABLE day_below_minimum AS
SELECT dc.project_id, dc.worker_id, dc.period,
       bool_or(CASE dc.rate_type
                   WHEN 'MONTH' THEN dc.rate_fen < mw.monthly_fen
                   WHEN 'DAY' THEN CAST(dc.rate_fen AS HUGEINT) * 2175 < CAST(mw.monthly_fen AS HUGEINT) * 100
                   WHEN 'HOUR' THEN CASE WHEN mw.hourly_fen IS NOT NULL THEN dc.rate_fen < mw.hourly_fen
                                         ELSE CAST(dc.rate_fen AS HUGEINT) * 2175 * 8 < CAST(mw.monthly_fen AS HUGEINT) * 100 END
                   ELSE false
               END) AS below
FROM day_contract dc
JOIN projects p USING (project_id)
JOIN min_wage_day mw ON mw.region = p.region AND mw.date = dc.date
WHERE dc.contract_seq IS NOT NULL
GROUP BY dc.project_id, dc.worker_id, dc.period;

-- Per bucket with attended days: days, no-contract days, owed and whether
-- it is known (RULES 4.3), the pay day of the contract applicable on the
-- last attended day that has one (RULES 4.4).
CREATE TABLE bucket_days AS
SELECT dc.project_id, dc.worker_id, dc.period,
       count(*) AS n_days,
       count(*) FILTER (WHERE contract_seq IS NULL) AS no_contract_days,
       count(*) FILTER (WHERE contract_seq IS NULL OR rate_type = 'PIECE') = 0 AS owed_known,
       max(date) FILTER (WHERE contract_seq IS NOT NULL) AS last_contract_day,
       arg_max_null(contract_pay_day, date) FILTER (WHERE contract_seq IS NOT NULL) AS contract_pay_day
FROM day_contract dc
GROUP BY dc.project_id, dc.worker_id, dc.period;

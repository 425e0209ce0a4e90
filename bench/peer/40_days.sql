-- Attended days (RULES 4.1): a (project, worker, date) with at least one
-- valid row; hours the maximum of its day rows and its punch span (a
-- single punch counts 8.00; D16: two or more count last minus first).
CREATE TABLE days AS
SELECT project_id, worker_id, date,
       greatest(coalesce(max(centi) FILTER (WHERE NOT is_punch), 0),
                CASE count(*) FILTER (WHERE is_punch)
                    WHEN 0 THEN 0
                    WHEN 1 THEN 800
                    ELSE (max(sec) FILTER (WHERE is_punch) - min(sec) FILTER (WHERE is_punch)) * 100 // 3600
                END) AS centi
FROM att
GROUP BY project_id, worker_id, date;

-- The applicable contract of each day (RULES 4.2): valid on the date; the
-- latest valid_from; of equal ones the first read. NULL: a no-contract day.
-- D7: valid_to < valid_from never applies (no date lies between).
CREATE TABLE day_contract AS
SELECT d.project_id, d.worker_id, d.date, period_of(d.date) AS period, d.centi,
       c.seq AS contract_seq, c.rate_type, c.rate_fen, c.pay_day AS contract_pay_day
FROM days d
LEFT JOIN contracts c
       ON c.project_id = d.project_id AND c.worker_id = d.worker_id
      AND d.date BETWEEN c.valid_from AND c.valid_to
QUALIFY row_number() OVER (PARTITION BY d.project_id, d.worker_id, d.date
                           ORDER BY c.valid_from DESC NULLS LAST, c.seq) = 1;

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

-- RULES 5.2 RATE_BELOW_MINIMUM per day: the minimum in force for the
-- project's region (latest effective_from <= date; D14: byte-equal region,
-- none for an empty region). D13: exact comparisons.
CREATE TABLE day_below_minimum AS
SELECT dc.project_id, dc.worker_id, dc.period,
       bool_or(CASE dc.rate_type
                   WHEN 'MONTH' THEN dc.rate_fen < mw.monthly_fen
                   WHEN 'DAY' THEN CAST(dc.rate_fen AS HUGEINT) * 2175 < CAST(mw.monthly_fen AS HUGEINT) * 100
                   WHEN 'HOUR' THEN CASE WHEN mw.hourly_fen IS NOT NULL THEN dc.rate_fen < mw.hourly_fen
                                         ELSE CAST(dc.rate_fen AS HUGEINT) * 2175 * 8 < CAST(mw.monthly_fen AS HUGEINT) * 100 END
                   ELSE false
               END) AS below
FROM (SELECT dc.*, p.region FROM day_contract dc JOIN projects p USING (project_id)
      WHERE dc.contract_seq IS NOT NULL AND p.region IS NOT NULL) dc
ASOF JOIN min_wage mw ON mw.region = dc.region AND dc.date >= mw.effective_from
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

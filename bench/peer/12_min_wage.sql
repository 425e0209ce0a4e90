-- Minimum wages (optional input) per region from a date (RULES 5.2).
CREATE TABLE min_wage AS
SELECT tr(region) AS region, CAST(tr(effective_from) AS DATE) AS effective_from,
       fen(monthly) AS monthly_fen, fen(hourly) AS hourly_fen
FROM read_csv('{{MIN_WAGE}}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

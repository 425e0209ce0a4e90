-- Minimum wages (optional input) per region from a date (RULES 5.2).
CREATE TABLE min_wage AS
SELECT tr(region) AS region, effective_from, fen(monthly) AS monthly_fen, fen(hourly) AS hourly_fen
FROM read_csv('{{MIN_WAGE}}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {'region': 'VARCHAR', 'effective_from': 'DATE', 'monthly': 'DECIMAL(18, 2)',
                         'hourly': 'DECIMAL(18, 2)'});

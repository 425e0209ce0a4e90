-- Holidays (optional input): HOLIDAY and WORKDAY dates (RULES 4.4).
CREATE TABLE holidays AS
SELECT CAST(tr(date) AS DATE) AS date, tr(kind) AS kind
FROM read_csv('{{HOLIDAYS}}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"');

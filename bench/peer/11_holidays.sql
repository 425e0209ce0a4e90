-- Holidays (optional input): HOLIDAY and WORKDAY dates (RULES 4.4).
CREATE TABLE holidays AS
SELECT date, kind
FROM read_csv('{{HOLIDAYS}}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {'date': 'DATE', 'kind': 'VARCHAR'});

-- One day-shape attendance file, in scope only (RULES 4: month of the
-- date in the run; project known). Empty hours count 8.00 (RULES 4.1).
INSERT INTO att
SELECT project_id, worker_id, tr(worker_name), date,
       coalesce(CAST(hours * 100 AS SMALLINT), 800), NULL
FROM read_csv('{{FILE}}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {'project_id': 'VARCHAR', 'worker_id': 'VARCHAR', 'worker_name': 'VARCHAR',
                         'date': 'DATE', 'hours': 'DECIMAL(6, 2)'})
WHERE date BETWEEN DATE '{{FROM_DAY}}' AND DATE '{{TO_DAY}}'
  AND project_id IN (SELECT project_id FROM projects);

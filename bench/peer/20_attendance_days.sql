-- One day-shape attendance file, in scope only (RULES 4: month of the
-- date in the run; project known). Empty hours count 8.00 (RULES 4.1).
INSERT INTO att
SELECT {{FILE_NO}}, project_id, worker_id, worker_name, date,
       coalesce(CAST(CAST(hours AS DECIMAL(6, 2)) * 100 AS INTEGER), 800), NULL, false
FROM (SELECT tr(project_id) AS project_id, norm_id(worker_id) AS worker_id,
             tr(worker_name) AS worker_name, CAST(tr(date) AS DATE) AS date, tr(hours) AS hours
      FROM read_csv('{{FILE}}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'))
WHERE date BETWEEN DATE '{{FROM_DAY}}' AND DATE '{{TO_DAY}}'
  AND project_id IN (SELECT project_id FROM projects);

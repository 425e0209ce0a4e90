-- One punch-shape attendance file, in scope only: date and second of the
-- day of each punch (D5: a punch without time is at 00:00:00).
INSERT INTO att
SELECT {{FILE_NO}}, project_id, worker_id, worker_name, CAST(substr(t, 1, 10) AS DATE), NULL,
       CASE WHEN length(t) > 10
            THEN CAST(substr(t, 12, 2) AS INTEGER) * 3600 + CAST(substr(t, 15, 2) AS INTEGER) * 60
                 + coalesce(CAST(NULLIF(substr(t, 18, 2), '') AS INTEGER), 0)
            ELSE 0 END,
       true
FROM (SELECT tr(project_id) AS project_id, norm_id(worker_id) AS worker_id,
             tr(worker_name) AS worker_name, tr(punch_time) AS t
      FROM read_csv('{{FILE}}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'))
WHERE CAST(substr(t, 1, 10) AS DATE) BETWEEN DATE '{{FROM_DAY}}' AND DATE '{{TO_DAY}}'
  AND project_id IN (SELECT project_id FROM projects);

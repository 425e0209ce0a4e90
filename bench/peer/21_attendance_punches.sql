-- One punch-shape attendance file, in scope only: date and second of the
-- day of each punch (D5: a punch without time is at 00:00:00).
INSERT INTO att
SELECT project_id, worker_id, tr(worker_name), CAST(punch_time AS DATE), NULL,
       hour(punch_time) * 3600 + minute(punch_time) * 60 + second(punch_time)
FROM read_csv('{{FILE}}', header = true, delim = ',', quote = '"', escape = '"',
              columns = {'project_id': 'VARCHAR', 'worker_id': 'VARCHAR', 'worker_name': 'VARCHAR',
                         'punch_time': 'TIMESTAMP'})
WHERE punch_time >= TIMESTAMP '{{FROM_DAY}}' AND punch_time < TIMESTAMP '{{TO_DAY}}' + INTERVAL 1 DAY
  AND project_id IN (SELECT project_id FROM projects);

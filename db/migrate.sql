-- Brings an existing conversation_records table up to the current shape; creates it if missing (run create.sql
-- first, or let the migration command do both). Idempotent: every change is guarded by a look at
-- information_schema, so a second run changes nothing. Portable between MySQL 8 and MariaDB: MySQL 8 has no
-- ADD COLUMN IF NOT EXISTS / CREATE INDEX IF NOT EXISTS, hence the guarded prepared statements.
-- Every step is one "SET @recorder_ddl = IF(<missing>, '<ddl>', 'DO 0')" followed by PREPARE/EXECUTE.

-- 0. user_id compares byte for byte (see create.sql for why, and for why a NO PAD binary collation). It runs
--    first: the duplicate removal in step 5 compares user ids, and under a case/accent-insensitive collation it
--    would take distinct users for copies of one another. Only the collation changes; the column keeps its type
--    and nullability. A binary collation tells apart everything the old one did, so no existing row can clash
--    under the unique key and none is lost; rows the old key already merged were never stored and stay absent.
SET @recorder_user_id_collation = CASE
  WHEN (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_nopad_bin') > 0
    THEN 'utf8mb4_nopad_bin'
  WHEN (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_0900_bin') > 0
    THEN 'utf8mb4_0900_bin'
  ELSE 'utf8mb4_bin'
END;

SET @recorder_ddl = (SELECT IF(COUNT(*) > 0,
    CONCAT('ALTER TABLE conversation_records MODIFY COLUMN user_id ', MAX(COLUMN_TYPE),
      ' CHARACTER SET utf8mb4 COLLATE ', @recorder_user_id_collation, IF(MAX(IS_NULLABLE) = 'YES', ' NULL', ' NOT NULL')),
    'DO 0')
  FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND COLUMN_NAME = 'user_id'
    AND COLLATION_NAME <> CONVERT(@recorder_user_id_collation USING utf8mb4));
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

-- 1. occurred must keep milliseconds (widening DATETIME to DATETIME(3) loses nothing).
SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND COLUMN_NAME = 'occurred'
      AND (DATA_TYPE <> 'datetime' OR DATETIME_PRECISION < 3)) > 0,
  'ALTER TABLE conversation_records MODIFY COLUMN occurred DATETIME(3) NOT NULL',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

-- 2. content must hold MEDIUMTEXT (a round's text may reach 6 MiB); widening TEXT loses nothing.
SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND COLUMN_NAME = 'content'
      AND DATA_TYPE IN ('tinytext', 'text', 'varchar', 'char')) > 0,
  'ALTER TABLE conversation_records MODIFY COLUMN content MEDIUMTEXT NOT NULL',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

-- 3. The digest that makes MEDIUMTEXT content part of the unique key.
SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND COLUMN_NAME = 'content_digest') = 0,
  'ALTER TABLE conversation_records ADD COLUMN content_digest BINARY(32) GENERATED ALWAYS AS (UNHEX(SHA2(content, 256))) STORED AFTER occurred',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

-- 4. Audit timestamps.
SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND COLUMN_NAME = 'created_at') = 0,
  'ALTER TABLE conversation_records ADD COLUMN created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND COLUMN_NAME = 'updated_at') = 0,
  'ALTER TABLE conversation_records ADD COLUMN updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

-- 5. Before the unique key can exist, rows that are the same record under it (an older writer without the key
--    stored at-least-once deliveries twice) are reduced to their first copy; the key would refuse them anyway.
SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND INDEX_NAME = 'uk_rec_dedup') = 0,
  'DELETE later FROM conversation_records later JOIN conversation_records first ON first.user_id = later.user_id AND first.source = later.source AND first.occurred = later.occurred AND first.content_digest = later.content_digest AND first.id < later.id',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND INDEX_NAME = 'uk_rec_dedup') = 0,
  'ALTER TABLE conversation_records ADD UNIQUE KEY uk_rec_dedup (user_id, source, occurred, content_digest)',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

-- 6. Read paths: a user's history in time order, and time-range scans.
SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND INDEX_NAME = 'idx_user_occurred') = 0,
  'ALTER TABLE conversation_records ADD KEY idx_user_occurred (user_id, occurred)',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

SET @recorder_ddl = IF((SELECT COUNT(*) FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' AND INDEX_NAME = 'idx_occurred') = 0,
  'ALTER TABLE conversation_records ADD KEY idx_occurred (occurred)',
  'DO 0');
PREPARE recorder_stmt FROM @recorder_ddl; EXECUTE recorder_stmt; DEALLOCATE PREPARE recorder_stmt;

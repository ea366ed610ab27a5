-- Creates the recorder's table when it does not exist. Runs unchanged on MySQL 8 and MariaDB 10.10+:
--   mariadb -u recorder -p recorder < db/create.sql      (or: mysql ... < db/create.sql)
-- The table collation is the best utf8mb4 accent/case-insensitive one the server has: utf8mb4_0900_ai_ci on
-- MySQL 8, utf8mb4_uca1400_ai_ci on MariaDB 10.10+, utf8mb4_unicode_ci elsewhere. DDL cannot take a variable,
-- so the statement is assembled and run as a prepared statement.

SET @recorder_collation = CASE
  WHEN (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_0900_ai_ci') > 0
    THEN 'utf8mb4_0900_ai_ci'
  -- MariaDB lists its UCA 14 collations under charset-free names (uca1400_ai_ci).
  WHEN (SELECT COUNT(*) FROM information_schema.COLLATIONS
        WHERE COLLATION_NAME IN ('uca1400_ai_ci', 'utf8mb4_uca1400_ai_ci')) > 0
    THEN 'utf8mb4_uca1400_ai_ci'
  ELSE 'utf8mb4_unicode_ci'
END;

SET @recorder_ddl = CONCAT(
  'CREATE TABLE IF NOT EXISTS conversation_records (',
  '  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,',
  '  user_id VARCHAR(64) NOT NULL,',
  '  source ENUM(''USER'',''AI'') NOT NULL,',
  '  content MEDIUMTEXT NOT NULL,',
  '  occurred DATETIME(3) NOT NULL,',
  '  content_digest BINARY(32) GENERATED ALWAYS AS (UNHEX(SHA2(content, 256))) STORED,',
  '  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),',
  '  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),',
  '  PRIMARY KEY (id),',
  '  UNIQUE KEY uk_rec_dedup (user_id, source, occurred, content_digest),',
  '  KEY idx_user_occurred (user_id, occurred),',
  '  KEY idx_occurred (occurred)',
  ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=', @recorder_collation);

PREPARE recorder_stmt FROM @recorder_ddl;
EXECUTE recorder_stmt;
DEALLOCATE PREPARE recorder_stmt;

-- Creates the recorder's table when it does not exist. Runs unchanged on MySQL 8 and MariaDB 10.10+:
--   mariadb -u recorder -p recorder < db/create.sql      (or: mysql ... < db/create.sql)
-- The table collation is the best utf8mb4 accent/case-insensitive one the server has: utf8mb4_0900_ai_ci on
-- MySQL 8, utf8mb4_uca1400_ai_ci on MariaDB 10.10+, utf8mb4_unicode_ci elsewhere. DDL cannot take a variable,
-- so the statement is assembled and run as a prepared statement.
--
-- user_id is the exception: external user ids are opaque, case-sensitive strings, and user_id leads the unique
-- key, so under the table collation 'CaseUser'/'caseuser', 'José'/'Jose' (or its NFD spelling) and 'pad'/'pad '
-- would be one user and the second one's rows would be dropped as duplicates. It compares byte for byte instead.
-- utf8mb4_bin is not enough: it is a PAD SPACE collation, under which 'pad' = 'pad '. The NO PAD binary
-- collations compare every code point, trailing spaces included: utf8mb4_nopad_bin (MariaDB 10.2+) and
-- utf8mb4_0900_bin (MySQL 8.0.17+); MariaDB's name is tried first because MySQL has no such collation. Unlike
-- VARBINARY, the column stays text: VARCHAR(64) still counts characters, and clients still read a string.
-- migrate.sql picks the same collation the same way; keep the two lists alike.

SET @recorder_collation = CASE
  WHEN (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_0900_ai_ci') > 0
    THEN 'utf8mb4_0900_ai_ci'
  -- MariaDB lists its UCA 14 collations under charset-free names (uca1400_ai_ci).
  WHEN (SELECT COUNT(*) FROM information_schema.COLLATIONS
        WHERE COLLATION_NAME IN ('uca1400_ai_ci', 'utf8mb4_uca1400_ai_ci')) > 0
    THEN 'utf8mb4_uca1400_ai_ci'
  ELSE 'utf8mb4_unicode_ci'
END;

SET @recorder_user_id_collation = CASE
  WHEN (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_nopad_bin') > 0
    THEN 'utf8mb4_nopad_bin'
  WHEN (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_0900_bin') > 0
    THEN 'utf8mb4_0900_bin'
  -- Older servers have no NO PAD binary collation: case and accents still stay apart, trailing spaces do not.
  ELSE 'utf8mb4_bin'
END;

SET @recorder_ddl = CONCAT(
  'CREATE TABLE IF NOT EXISTS conversation_records (',
  '  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,',
  '  user_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ', @recorder_user_id_collation, ' NOT NULL,',
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

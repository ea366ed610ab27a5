using System.Globalization;
using System.Text;

namespace Recorder.Benchmarks.Insert;

/// <summary>
/// Files for the mariadb command-line client holding the same rows: multi-row INSERT IGNORE statements (literals
/// escaped as mysql_real_escape_string does for utf8mb4), and a tab-separated file with the LOAD DATA statement
/// that reads it.
/// </summary>
internal static class CliFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task WriteInsertsAsync(string path, IReadOnlyList<ConversationRow> rows, int chunk)
    {
        await using var writer = new StreamWriter(path, append: false, Utf8);
        var statement = new StringBuilder();
        for (var start = 0; start < rows.Count; start += chunk)
        {
            statement.Clear().Append("INSERT IGNORE INTO conversation_records (user_id, source, content, occurred) VALUES ");
            var end = Math.Min(start + chunk, rows.Count);
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                statement.Append(i == start ? "(" : ",(");
                AppendLiteral(statement, row.UserId).Append(',');
                AppendLiteral(statement, row.Source).Append(',');
                AppendLiteral(statement, row.Content).Append(",'");
                statement.Append(Time(row.Occurred)).Append("')");
            }

            statement.Append(";\n");
            await writer.WriteAsync(statement);
        }
    }

    /// <summary>Writes <paramref name="dataPath"/> (TSV) and <paramref name="scriptPath"/> (the LOAD DATA statement).</summary>
    public static async Task WriteLoadDataAsync(string dataPath, string scriptPath, IReadOnlyList<ConversationRow> rows)
    {
        await using (var writer = new StreamWriter(dataPath, append: false, Utf8))
        {
            var line = new StringBuilder();
            foreach (var row in rows)
            {
                line.Clear();
                AppendField(line, row.UserId).Append('\t');
                AppendField(line, row.Source).Append('\t');
                AppendField(line, row.Content).Append('\t').Append(Time(row.Occurred)).Append('\n');
                await writer.WriteAsync(line);
            }
        }

        await File.WriteAllTextAsync(scriptPath,
            $"LOAD DATA LOCAL INFILE '{dataPath}' IGNORE INTO TABLE conversation_records CHARACTER SET utf8mb4 " +
            "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (user_id, source, content, occurred);\n", Utf8);
    }

    private static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static StringBuilder AppendLiteral(StringBuilder sql, string value)
    {
        sql.Append('\'');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\0' => sql.Append("\\0"),
                '\n' => sql.Append("\\n"),
                '\r' => sql.Append("\\r"),
                '\\' => sql.Append("\\\\"),
                '\'' => sql.Append("\\'"),
                '"' => sql.Append("\\\""),
                '\u001a' => sql.Append("\\Z"),
                _ => sql.Append(c),
            };
        }

        return sql.Append('\'');
    }

    private static StringBuilder AppendField(StringBuilder line, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\0' => line.Append("\\0"),
                '\t' => line.Append("\\t"),
                '\n' => line.Append("\\n"),
                '\r' => line.Append("\\r"),
                '\\' => line.Append("\\\\"),
                _ => line.Append(c),
            };
        }

        return line;
    }
}

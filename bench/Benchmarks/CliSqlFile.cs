using System.Globalization;
using System.Text;

namespace Recorder.Benchmarks;

/// <summary>
/// Writes the same multi-row INSERT IGNORE statements the client sends, as a SQL file for the mariadb command-line
/// client. Literals are escaped the way mysql_real_escape_string does for utf8mb4 with backslash escapes on.
/// </summary>
internal static class CliSqlFile
{
    public static async Task WriteAsync(string path, IReadOnlyList<ConversationRow> rows, int chunk)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var statement = new StringBuilder();
        for (var start = 0; start < rows.Count; start += chunk)
        {
            statement.Clear().Append("INSERT IGNORE INTO conversation_records (user_id, source, content, occurred) VALUES ");
            var end = Math.Min(start + chunk, rows.Count);
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                statement.Append(i == start ? "(" : ",(");
                AppendString(statement, row.UserId).Append(',');
                AppendString(statement, row.Source).Append(',');
                AppendString(statement, row.Content).Append(",'");
                statement.Append(row.Occurred.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append("')");
            }

            statement.Append(";\n");
            await writer.WriteAsync(statement);
        }
    }

    private static StringBuilder AppendString(StringBuilder sql, string value)
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
}

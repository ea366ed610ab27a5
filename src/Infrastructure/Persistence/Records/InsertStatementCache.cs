using System.Collections.Concurrent;
using System.Text;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>
/// Multi-row insert texts by row count. Only the business columns are written: id, digest and timestamps are the
/// server's. Duplicates are absorbed with ON DUPLICATE KEY UPDATE id = id rather than INSERT IGNORE, because IGNORE
/// also turns data errors (a value too long, a bad character) into warnings and stores a truncated row; this form
/// ignores only the unique-key conflict. A no-op update counts 0 affected rows, so affected rows = rows inserted.
/// Texts are built once per row count, since a writer reuses the same few sizes.
/// </summary>
internal sealed class InsertStatementCache
{
    private readonly ConcurrentDictionary<int, string> _texts = new();

    public string For(int rows) => _texts.GetOrAdd(rows, Build);

    public static string ParameterName(char column, int row) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"@{column}{row}");

    private static string Build(int rows)
    {
        var sql = new StringBuilder("INSERT INTO conversation_records (user_id, source, occurred, content) VALUES ", 96 + (rows * 24));
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(" : ",(")
               .Append(ParameterName('u', i)).Append(',')
               .Append(ParameterName('s', i)).Append(',')
               .Append(ParameterName('o', i)).Append(',')
               .Append(ParameterName('c', i)).Append(')');
        }

        return sql.Append(" ON DUPLICATE KEY UPDATE id = id").ToString();
    }
}

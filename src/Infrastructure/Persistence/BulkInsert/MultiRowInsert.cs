using System.Collections.Concurrent;
using System.Text;
using MySqlConnector;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// Multi-row <c>INSERT IGNORE</c> with positional parameters (values never spliced into the text). Its affected-row
/// count is the number of new rows whatever the connection's found-rows setting (which EF Core's provider fixes), and
/// the driver raises <see cref="MySqlConnection.InfoMessage"/> with the statement's warnings, which
/// <see cref="InsertWarnings"/> checks. Each statement raises the session's warning limit in the same round trip.
/// </summary>
internal static class MultiRowInsert
{
    // A statement's fixed text, and the worst case per row besides its values: separators, placeholders and the
    // quotes the driver adds around each value.
    private const int StatementOverhead = 4_096;
    private const int RowOverhead = 64;

    private static readonly ConcurrentDictionary<(string Table, int Rows), string> Statements = new();

    public static async Task<int> InsertAsync<TEntity>(
        MySqlConnection connection, MySqlTransaction? transaction, BulkInsertTable table, IReadOnlyList<TEntity> rows,
        BulkInsertOptions options, CancellationToken cancellationToken)
        where TEntity : class
    {
        using var warnings = new StatementWarnings(connection);
        var inserted = 0;
        var start = 0;
        while (start < rows.Count)
        {
            var count = RowsThatFit(table, rows, start, options);
            table.EnsureEncodable(rows, start, count);
            await using var command = new MySqlCommand(Statement(table, count), connection, transaction);
            for (var i = start; i < start + count; i++)
            {
                foreach (var column in table.Columns)
                {
                    command.Parameters.Add(new MySqlParameter { Value = column.ValueOf(rows[i]) ?? DBNull.Value });
                }
            }

            warnings.Clear();
            var added = await command.ExecuteNonQueryAsync(cancellationToken);
            warnings.EnsureOnlyDuplicates(count, added);
            inserted += added;
            start += count;
        }

        return inserted;
    }

    /// <summary>
    /// How many rows from <paramref name="start"/> go into one statement: at most the configured count, and few
    /// enough that the escaped text stays under max_allowed_packet (escaping at most doubles a byte). A single row
    /// always forms a statement of its own; if even that is too large, the server's error says so.
    /// </summary>
    private static int RowsThatFit<TEntity>(BulkInsertTable table, IReadOnlyList<TEntity> rows, int start, BulkInsertOptions options)
        where TEntity : class
    {
        var budget = options.MaxStatementBytes - StatementOverhead;
        var limit = Math.Min(options.MaxRowsPerStatement, InsertWarnings.MaxVisible);
        var end = start;
        long bytes = 0;
        while (end < rows.Count && end - start < limit)
        {
            var rowBytes = RowOverhead + table.Columns.Sum(c => EscapedBytes(c.ValueOf(rows[end])));
            if (end > start && bytes + rowBytes > budget)
            {
                break;
            }

            bytes += rowBytes;
            end++;
        }

        return end - start;
    }

    private static long EscapedBytes(object? value) => value switch
    {
        string text => 2L * Encoding.UTF8.GetByteCount(text),
        byte[] bytes => 2L * bytes.Length,
        _ => 32,
    };

    private static string Statement(BulkInsertTable table, int rows) =>
        Statements.GetOrAdd((table.Name, rows), static (key, table) =>
        {
            var columns = string.Join(", ", table.Columns.Select(c => BulkInsertTable.Quote(c.Name)));
            var row = "(" + string.Join(", ", Enumerable.Repeat("?", table.Columns.Count)) + ")";
            var sql = new StringBuilder(128 + (key.Rows * (row.Length + 2)));
            sql.Append(InsertWarnings.RaiseLimitSql).Append("; INSERT IGNORE INTO ").Append(BulkInsertTable.Quote(table.Name))
                .Append(" (").Append(columns).Append(") VALUES ");
            for (var i = 0; i < key.Rows; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Append(row);
            }

            return sql.ToString();
        }, table);
}

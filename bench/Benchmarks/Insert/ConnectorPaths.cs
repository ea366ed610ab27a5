using System.Text;
using MySqlConnector;

namespace Recorder.Benchmarks.Insert;

/// <summary>
/// MySqlConnector alone: multi-row INSERT IGNORE statements on several connections at once, each committing a
/// transaction every few thousand rows — what a hand-written writer would do, without EF Core or the recorder.
/// </summary>
internal sealed class ConnectorMultiRowPath(MySqlDataSource dataSource, int chunk, int connections, int rowsPerTransaction) : InsertPath
{
    public override string Name => $"MySqlConnector, {chunk}-row INSERT IGNORE, {connections} connections";

    public override async Task<long> RunAsync(IReadOnlyList<ConversationRow> rows)
    {
        var slices = Enumerable.Range(0, (rows.Count + rowsPerTransaction - 1) / rowsPerTransaction)
            .Select(i => (Start: i * rowsPerTransaction, Count: Math.Min(rowsPerTransaction, rows.Count - (i * rowsPerTransaction))))
            .ToList();
        long inserted = 0;
        await Parallel.ForEachAsync(slices, new ParallelOptions { MaxDegreeOfParallelism = connections }, async (slice, token) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            for (var start = slice.Start; start < slice.Start + slice.Count; start += chunk)
            {
                var count = Math.Min(chunk, slice.Start + slice.Count - start);
                await using var command = new MySqlCommand(Statement(count), connection, transaction);
                for (var i = start; i < start + count; i++)
                {
                    var row = rows[i];
                    command.Parameters.Add(new MySqlParameter { Value = row.UserId });
                    command.Parameters.Add(new MySqlParameter { Value = row.Source });
                    command.Parameters.Add(new MySqlParameter { Value = row.Content });
                    command.Parameters.Add(new MySqlParameter { Value = row.Occurred });
                }

                Interlocked.Add(ref inserted, await command.ExecuteNonQueryAsync(token));
            }

            await transaction.CommitAsync(token);
        });
        return inserted;
    }

    private static string Statement(int rows) =>
        new StringBuilder("INSERT IGNORE INTO conversation_records (user_id, source, content, occurred) VALUES ")
            .AppendJoin(',', Enumerable.Repeat("(?,?,?,?)", rows)).ToString();
}

/// <summary>MySqlConnector's MySqlBulkCopy (LOAD DATA LOCAL INFILE … IGNORE) of all rows in one stream.</summary>
internal sealed class ConnectorBulkCopyPath(MySqlDataSource dataSource) : InsertPath
{
    public override string Name => "MySqlConnector, MySqlBulkCopy";

    public override async Task<long> RunAsync(IReadOnlyList<ConversationRow> rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var bulkCopy = new MySqlBulkCopy(connection)
        {
            DestinationTableName = "conversation_records",
            ConflictOption = MySqlBulkLoaderConflictOption.Ignore,
        };
        string[] columns = ["user_id", "source", "content", "occurred"];
        for (var i = 0; i < columns.Length; i++)
        {
            bulkCopy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(i, columns[i]));
        }

        using var table = new System.Data.DataTable();
        table.Columns.Add("user_id", typeof(string));
        table.Columns.Add("source", typeof(string));
        table.Columns.Add("content", typeof(string));
        table.Columns.Add("occurred", typeof(DateTime));
        foreach (var row in rows)
        {
            table.Rows.Add(row.UserId, row.Source, row.Content, row.Occurred);
        }

        var result = await bulkCopy.WriteToServerAsync(table);
        return result.RowsInserted;
    }
}

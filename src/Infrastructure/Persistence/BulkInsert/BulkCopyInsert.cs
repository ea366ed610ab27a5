using MySqlConnector;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// <c>LOAD DATA LOCAL INFILE … IGNORE</c> through <c>MySqlBulkCopy</c> (needs <c>AllowLoadLocalInfile=true</c>), which
/// returns the load's warnings for <see cref="InsertWarnings"/> to check. Each load stays below the warning limit.
/// </summary>
internal static class BulkCopyInsert
{
    public static async Task<int> InsertAsync<TEntity>(
        MySqlConnection connection, MySqlTransaction? transaction, BulkInsertTable table, IReadOnlyList<TEntity> rows,
        BulkInsertOptions options, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (!options.WarningLimitRaised)
        {
            await using var raise = new MySqlCommand(InsertWarnings.RaiseLimitSql, connection, transaction);
            await raise.ExecuteNonQueryAsync(cancellationToken);
        }

        var bulkCopy = new MySqlBulkCopy(connection, transaction)
        {
            DestinationTableName = BulkInsertTable.Quote(table.Name),
            ConflictOption = MySqlBulkLoaderConflictOption.Ignore,
        };
        for (var i = 0; i < table.Columns.Count; i++)
        {
            bulkCopy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(i, table.Columns[i].Name));
        }

        // Column values can each warn once; a duplicate warns once per row.
        var perLoad = Math.Max(1, (InsertWarnings.MaxVisible - 1) / table.Columns.Count);
        var inserted = 0;
        for (var start = 0; start < rows.Count; start += perLoad)
        {
            var count = Math.Min(perLoad, rows.Count - start);
            await using var reader = new EntityDataReader<TEntity>(table, rows, start, count);
            var result = await bulkCopy.WriteToServerAsync(reader, cancellationToken);
            InsertWarnings.EnsureOnlyDuplicates(result.Warnings.Select(w => w.ErrorCode), count, result.RowsInserted);
            inserted += result.RowsInserted;
        }

        return inserted;
    }
}

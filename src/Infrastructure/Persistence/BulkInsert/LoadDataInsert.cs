using System.Runtime.ExceptionServices;
using MySqlConnector;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// <c>LOAD DATA LOCAL INFILE … IGNORE</c> through <c>MySqlBulkLoader</c> (needs <c>AllowLoadLocalInfile=true</c>),
/// reading the rows from a <see cref="LoadDataRowStream{TEntity}"/>. <c>MySqlBulkCopy</c> would do the same but
/// first asks the server for the table's columns on every call: one more round trip per transaction (README,
/// "EF Core bulk insert": 150-row transactions on an idle server took 3.42–3.83 ms instead of 3.71–4.13 ms, p50).
/// The columns come from the EF model instead. Each load stays below the warning limit, and its warnings, which the
/// driver raises through <see cref="MySqlConnection.InfoMessage"/>, are checked by <see cref="StatementWarnings"/>.
/// </summary>
/// <remarks>
/// Once the driver has started sending a load, a failure of the stream cannot be undone cleanly: the driver ends the
/// file where it stopped (the server keeps the rows before it, inside the transaction) and marks the session failed.
/// So every text is checked before its load starts, while a refusal still leaves the connection usable.
/// </remarks>
internal static class LoadDataInsert
{
    public static async Task<int> InsertAsync<TEntity>(
        MySqlConnection connection, MySqlTransaction? transaction, BulkInsertTable table, IReadOnlyList<TEntity> rows,
        BulkInsertOptions options, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (table.Columns.FirstOrDefault(c => !LoadDataRowStream<TEntity>.Supports(c.ProviderType)) is { } unsupported)
        {
            throw new NotSupportedException($"LOAD DATA cannot write column {unsupported.Name} ({unsupported.ProviderType.Name}); use multi-row INSERT.");
        }

        if (!options.WarningLimitRaised)
        {
            await using var raise = new MySqlCommand(InsertWarnings.RaiseLimitSql, connection, transaction);
            await raise.ExecuteNonQueryAsync(cancellationToken);
        }

        using var warnings = new StatementWarnings(connection);
        // Column values can each warn once; a duplicate warns once per row.
        var perLoad = Math.Max(1, (InsertWarnings.MaxVisible - 1) / table.Columns.Count);
        var timeout = StatementTimeout(connection);
        var inserted = 0;
        for (var start = 0; start < rows.Count; start += perLoad)
        {
            var count = Math.Min(perLoad, rows.Count - start);
            table.EnsureEncodable(rows, start, count);
            var stream = new LoadDataRowStream<TEntity>(table, rows, start, count);
            var loader = Loader(connection, table, stream, timeout);
            warnings.Clear();
            int added;
            try
            {
                added = await loader.LoadAsync(cancellationToken);
            }
            catch (Exception) when (stream.Failure is { } failure)
            {
                // The stream itself failed mid-load (see remarks): the driver reports that as a MySqlException
                // without an error number (or, when the connection broke as well, as the socket's error), which would
                // read as a transient server error and be retried for nothing. The connection is broken; the rows
                // already sent go when the caller discards it.
                ExceptionDispatchInfo.Throw(failure);
                throw;
            }

            warnings.EnsureOnlyDuplicates(count, added);
            inserted += added;
        }

        return inserted;
    }

    private static MySqlBulkLoader Loader<TEntity>(MySqlConnection connection, BulkInsertTable table, LoadDataRowStream<TEntity> rows, int timeout)
        where TEntity : class
    {
        // What LoadDataRowStream writes; the loader's own defaults are not relied on.
        var loader = new MySqlBulkLoader(connection)
        {
            // The loader's default is no timeout at all, so a load the server held up (a table lock, a server that
            // stopped answering while the driver waited for its reply) would hold its writer for ever; it gets the
            // connection's statement timeout instead, as every other statement does (in seconds, whatever the
            // loader's documentation says). It covers the whole load, at most a transaction's rows.
            Timeout = timeout,
            TableName = BulkInsertTable.Quote(table.Name),
            Local = true,
            SourceStream = rows,
            CharacterSet = "utf8mb4",
            FieldTerminator = "\t",
            LineTerminator = "\n",
            EscapeCharacter = '\\',
            FieldQuotationCharacter = default,
            NumberOfLinesToSkip = 0,
            ConflictOption = MySqlBulkLoaderConflictOption.Ignore,
        };
        loader.Columns.AddRange(table.Columns.Select(c => BulkInsertTable.Quote(c.Name)));
        return loader;
    }

    /// <summary>The connection string's <c>Default Command Timeout</c>, which a command takes when none is set.</summary>
    private static int StatementTimeout(MySqlConnection connection)
    {
        using var probe = new MySqlCommand { Connection = connection };
        return probe.CommandTimeout;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// EF Core bulk insert for MySQL that skips rows already stored under a unique key. EF Core 9 and Pomelo have no
/// insert-ignore API, and <c>AddRange</c> + <c>SaveChanges</c> sends one statement per row and fails a whole chunk on
/// a single duplicate (about 5× slower than a multi-row statement, see the README's benchmark). So this takes the
/// table and the columns from the EF model and writes through the context's own connection and transaction.
/// </summary>
public static class DbContextBulkInsertExtensions
{
    /// <summary>
    /// Inserts <paramref name="rows"/> and returns how many were new; the others duplicated a unique key and were
    /// left as they were. Runs in the context's current transaction when there is one, so nothing is durable before
    /// that commits. For <see cref="BulkInsertMethod.LoadData"/> the connection must allow <c>LOAD DATA LOCAL</c>
    /// (<c>AllowLoadLocalInfile=true</c>).
    /// </summary>
    /// <exception cref="MySqlException">The server refused a statement (a row error, or a transient failure).</exception>
    /// <exception cref="BulkInsertRowException">The server warned about a row's data; roll the transaction back.</exception>
    public static async Task<int> BulkInsertAsync<TEntity>(
        this DbContext context, IReadOnlyList<TEntity> rows, BulkInsertOptions options, CancellationToken cancellationToken)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        if (rows.Count == 0)
        {
            return 0;
        }

        var table = BulkInsertTable.For(context.Model, typeof(TEntity));
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (MySqlConnection)context.Database.GetDbConnection();
            var transaction = (MySqlTransaction?)context.Database.CurrentTransaction?.GetDbTransaction();
            return options.Method == BulkInsertMethod.LoadData
                ? await LoadDataInsert.InsertAsync(connection, transaction, table, rows, options, cancellationToken)
                : await MultiRowInsert.InsertAsync(connection, transaction, table, rows, options, cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}

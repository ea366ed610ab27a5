using System.Data.Common;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Clears the project's tables between tests while leaving the schema in place: TRUNCATE is a metadata
/// operation in InnoDB, so a reset costs milliseconds whatever the row count.
/// </summary>
internal static class DatabaseReset
{
    private static readonly string[] ProjectTables = ["conversation_records"];

    public static async Task ResetAsync(DbDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var table in ProjectTables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"TRUNCATE TABLE `{table}`";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Removes the table entirely, for tests that start from an empty or old-shape schema.</summary>
    public static async Task DropRecordsTableAsync(DbDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync(dataSource, "DROP TABLE IF EXISTS conversation_records", cancellationToken);
    }

    public static async Task ExecuteAsync(DbDataSource dataSource, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

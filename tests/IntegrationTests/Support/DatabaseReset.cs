using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Clears the project's tables between tests while leaving the schema in place: TRUNCATE is a metadata
/// operation in InnoDB, so a reset costs milliseconds whatever the row count.
/// </summary>
internal static class DatabaseReset
{
    private static readonly string[] ProjectTables = ["conversation_records"];

    public static async Task ResetAsync(MySqlDataSource dataSource)
    {
        foreach (var table in ProjectTables)
        {
            await TestDatabase.ExecuteAsync(dataSource, $"TRUNCATE TABLE `{table}`");
        }
    }

    /// <summary>Removes the table entirely, for tests that start from an empty or old-shape schema.</summary>
    public static Task DropRecordsTableAsync(MySqlDataSource dataSource) =>
        TestDatabase.ExecuteAsync(dataSource, "DROP TABLE IF EXISTS conversation_records");
}

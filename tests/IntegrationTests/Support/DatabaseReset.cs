using MySqlConnector;
using Respawn;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Empties the project's tables between tests with Respawn, leaving the schema in place. Only the recorder's own
/// table is included: scratch tables of tests running in parallel belong to those tests.
/// </summary>
internal static class DatabaseReset
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Respawner? _respawner;

    public static async Task ResetAsync(MySqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await Gate.WaitAsync();
        try
        {
            _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
            {
                DbAdapter = DbAdapter.MySql,
                SchemasToInclude = [connection.Database],
                TablesToInclude = ["conversation_records"],
            });
            await _respawner.ResetAsync(connection);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Removes the table entirely, for tests that start from an empty or old-shape schema.</summary>
    public static Task DropRecordsTableAsync(MySqlDataSource dataSource) =>
        TestDatabase.ExecuteAsync(dataSource, "DROP TABLE IF EXISTS conversation_records");
}

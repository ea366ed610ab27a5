using System.Globalization;
using MySqlConnector;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// The test database through MySqlConnector, for tests that read or shape <c>conversation_records</c> directly.
/// The schema scripts hand values from one statement to the next in session variables, which MySqlConnector only
/// passes through with <c>AllowUserVariables</c>. <c>UseAffectedRows</c> makes a skipped duplicate count 0 rows,
/// as the recorder's writer counts it (by default MySqlConnector reports matched rows).
/// </summary>
internal static class ConnectorDatabase
{
    public static string ConnectionString { get; } = new MySqlConnectionStringBuilder(TestDatabase.ConnectionString)
    {
        AllowUserVariables = true,
        UseAffectedRows = true,
    }.ConnectionString;

    public static MySqlDataSource CreateDataSource() => new(ConnectionString);

    public static async Task<int> ExecuteAsync(MySqlDataSource dataSource, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(dataSource);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(MySqlDataSource dataSource, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(dataSource);
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The user ids of <c>conversation_records</c>, one per row, exactly as stored.</summary>
    public static async Task<List<string>> UserIdsAsync(MySqlDataSource dataSource)
    {
        await using var connection = await OpenAsync(dataSource);
        await using var command = Command(connection, "SELECT user_id FROM conversation_records ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public static async Task<MySqlConnection> OpenAsync(MySqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return await dataSource.OpenConnectionAsync();
    }

    public static MySqlCommand Command(MySqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

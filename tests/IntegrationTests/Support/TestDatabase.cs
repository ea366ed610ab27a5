using MySqlConnector;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Where the integration tests find MariaDB: RECORDER_TEST_CONNECTION (TCP, password login) and RECORDER_TEST_SOCKET
/// (unix socket path). Scratch tables get unique names because test classes share the database and run in parallel.
/// Tests read and prepare the database with plain MySqlConnector, independently of the recorder's own code.
/// </summary>
internal static class TestDatabase
{
    public const string DefaultConnectionString =
        "Server=127.0.0.1;Port=3306;Database=recorder_test;User ID=recorder;Password=recorder-dev-pw";

    public const string DefaultSocketPath = "/run/mysqld/mysqld.sock";

    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("RECORDER_TEST_CONNECTION") is { Length: > 0 } value ? value : DefaultConnectionString;

    public static string SocketPath { get; } =
        Environment.GetEnvironmentVariable("RECORDER_TEST_SOCKET") is { Length: > 0 } value ? value : DefaultSocketPath;

    /// <summary>The test connection string with some settings changed.</summary>
    public static string With(Action<MySqlConnectionStringBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new MySqlConnectionStringBuilder(ConnectionString);
        configure(builder);
        return builder.ConnectionString;
    }

    /// <summary>Same user, password and database, reached through the unix socket.</summary>
    public static string SocketConnectionString => With(b =>
    {
        b.Server = SocketPath;
        b.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
    });

    /// <summary>
    /// A data source for the test's own reads and writes. User variables pass through (the schema scripts use them),
    /// and a skipped duplicate counts 0 affected rows rather than 1 matched row.
    /// </summary>
    public static MySqlDataSource CreateDataSource(string? connectionString = null) =>
        new MySqlDataSourceBuilder(new MySqlConnectionStringBuilder(connectionString ?? ConnectionString)
        {
            AllowUserVariables = true,
            UseAffectedRows = true,
        }.ConnectionString).Build();

    public static string NewTableName() => "t_" + Guid.NewGuid().ToString("N");

    /// <summary>Creates an InnoDB utf8mb4 table with a unique name; disposing the result drops it.</summary>
    public static async Task<ScratchTable> CreateScratchTableAsync(MySqlDataSource dataSource, string columnDefinitions)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var name = NewTableName();
        await ExecuteAsync(dataSource, $"CREATE TABLE `{name}` ({columnDefinitions}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        return new ScratchTable(dataSource, name);
    }

    public static async Task<int> ExecuteAsync(MySqlDataSource dataSource, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(MySqlDataSource dataSource, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    public static async Task<long> CountAsync(MySqlDataSource dataSource, string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(dataSource, sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The user ids of <c>conversation_records</c>, one per row in insertion order, exactly as stored.</summary>
    public static Task<List<string>> UserIdsAsync(MySqlDataSource dataSource) =>
        StringsAsync(dataSource, "SELECT user_id FROM conversation_records ORDER BY id");

    /// <summary>The first column of every row <paramref name="sql"/> returns, as strings.</summary>
    public static async Task<List<string>> StringsAsync(MySqlDataSource dataSource, string sql)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = Command(connection, sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public static MySqlCommand Command(MySqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new MySqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        return command;
    }

    /// <summary>A table that exists for one test.</summary>
    internal sealed class ScratchTable(MySqlDataSource dataSource, string name) : IAsyncDisposable
    {
        public string Name { get; } = name;

        /// <summary>The name quoted for SQL.</summary>
        public string Sql => "`" + Name + "`";

        public async ValueTask DisposeAsync() => await ExecuteAsync(dataSource, $"DROP TABLE IF EXISTS `{Name}`");

        public override string ToString() => Name;
    }
}

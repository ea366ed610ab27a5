using System.Data;
using Recorder.Infrastructure.Persistence.MySql;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.MySql;

public sealed class MySqlConnectionTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly MySqlDataSource _dataSource = new(TestDatabase.ConnectionString);

    // xunit calls both; disposing a data source twice is harmless.
    ValueTask IAsyncDisposable.DisposeAsync() => _dataSource.DisposeAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Password_login_over_tcp()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();

        var (user, database, charset, host) = await SessionAsync(connection);

        Assert.StartsWith(new MySqlConnectionStringBuilder(TestDatabase.ConnectionString).UserId + "@", user, StringComparison.Ordinal);
        Assert.Equal("recorder_test", database);
        Assert.Equal("utf8mb4", charset);
        Assert.Contains(":", host, StringComparison.Ordinal); // TCP clients show host:port in the process list.
        Assert.Contains("MariaDB", connection.ServerVersion, StringComparison.OrdinalIgnoreCase);
        Assert.True(connection.ServerThreadId > 0);
    }

    [Fact]
    public async Task Password_login_over_the_unix_socket()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.SocketConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();

        var (user, database, charset, host) = await SessionAsync(connection);

        Assert.StartsWith("recorder@", user, StringComparison.Ordinal);
        Assert.Equal("recorder_test", database);
        Assert.Equal("utf8mb4", charset);
        Assert.Equal("localhost", host); // Socket clients have no port.
    }

    [Fact]
    public async Task A_server_path_starting_with_a_slash_means_the_socket()
    {
        var connectionString = TestDatabase.With(b =>
        {
            b.Remove("Port");
            b.Server = TestDatabase.SocketPath;
        });
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();

        var (_, _, _, host) = await SessionAsync(connection);

        Assert.Equal("localhost", host);
    }

    [Fact]
    public async Task Wrong_password_is_access_denied_without_echoing_the_password()
    {
        const string WrongPassword = "definitely-Wrong-pw-4711";
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b => b.Password = WrongPassword));

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await dataSource.OpenConnectionAsync());

        Assert.Equal(MySqlErrorKind.AccessDenied, error.Kind);
        Assert.Equal(1045, error.Number);
        Assert.False(error.IsTransient);
        Assert.Contains("Access denied", error.Message, StringComparison.Ordinal);
        Assert.Contains("1045", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, dataSource.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, dataSource.Statistics.Open);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_connection_error()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b =>
        {
            b.Server = "127.0.0.1";
            b.Port = 1;
            b.ConnectionTimeout = 2;
        }));

        var error = await Assert.ThrowsAsync<MySqlException>(async () => await dataSource.OpenConnectionAsync());

        Assert.Equal(MySqlErrorKind.ConnectionLost, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_built_from_a_string_share_one_pool()
    {
        var connectionString = TestDatabase.With(b => b.MaximumPoolSize = 1);
        long firstId;
        await using (var first = new MySqlConnection(connectionString))
        {
            await first.OpenAsync();
            firstId = first.ServerThreadId;
        }

        await using var second = new MySqlConnection(connectionString);
        second.Open();
        Assert.Equal(firstId, second.ServerThreadId);
        Assert.Equal(ConnectionState.Open, second.State);
        Assert.True(second.Ping());
    }

    [Fact]
    public async Task ChangeDatabase_is_undone_when_the_connection_returns_to_the_pool()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b => b.MaximumPoolSize = 1));
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ChangeDatabaseAsync("information_schema");
            Assert.Equal("information_schema", await ScalarAsync(connection, "SELECT DATABASE()"));
        }

        await using var again = await dataSource.OpenConnectionAsync();
        Assert.Equal("recorder_test", await ScalarAsync(again, "SELECT DATABASE()"));
    }

    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_when_the_connection_is_closed()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b => b.MaximumPoolSize = 1));
        await using var table = await TestDatabase.CreateScratchTableAsync(dataSource, "id INT PRIMARY KEY");
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await ExecuteAsync(connection, $"INSERT INTO {table.Sql} VALUES (1)");
            await connection.CloseAsync();
        }

        Assert.Equal(0L, await TestDatabase.ScalarAsync(dataSource, $"SELECT COUNT(*) FROM {table.Sql}"));
    }

    [Fact]
    public async Task Commit_and_rollback_with_an_isolation_level()
    {
        await using var table = await TestDatabase.CreateScratchTableAsync(_dataSource, "id INT PRIMARY KEY");
        await using var connection = await _dataSource.OpenConnectionAsync();

        await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted))
        {
            await ExecuteAsync(connection, $"INSERT INTO {table.Sql} VALUES (1)");
            // SET TRANSACTION leaves the session default alone; InnoDB shows the running transaction's level.
            Assert.Equal("READ COMMITTED", await ScalarAsync(connection,
                "SELECT trx_isolation_level FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = CONNECTION_ID()"));
            await transaction.CommitAsync();
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, $"INSERT INTO {table.Sql} VALUES (2)");
            await transaction.RollbackAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.CommitAsync());
        }

        Assert.Equal(1L, await ScalarAsync(connection, $"SELECT COUNT(*) FROM {table.Sql}"));
    }

    [Fact]
    public void Synchronous_api_works_too()
    {
        using var connection = _dataSource.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT @a + 1";
        command.Parameters.AddWithValue("@a", 41);

        Assert.Equal(42L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(42, reader.GetInt32(0));
    }

    [Fact]
    public async Task Provider_factory_creates_working_objects()
    {
        var factory = MySqlProviderFactory.Instance;
        await using var dataSource = factory.CreateDataSource(TestDatabase.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT @x";
        var parameter = factory.CreateParameter()!;
        parameter.ParameterName = "@x";
        parameter.Value = "ok";
        command.Parameters.Add(parameter);

        Assert.Equal("ok", await command.ExecuteScalarAsync());
    }

    private static async Task<(string User, string Database, string Charset, string Host)> SessionAsync(MySqlConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT CURRENT_USER(), DATABASE(), @@character_set_connection, " +
            "(SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID())";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
    }

    private static async Task<object?> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

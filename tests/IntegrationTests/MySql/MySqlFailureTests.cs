using System.Diagnostics;
using Recorder.Infrastructure.Persistence.MySql;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.MySql;

public sealed class MySqlFailureTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly MySqlDataSource _dataSource = new(TestDatabase.ConnectionString);
    private TestDatabase.ScratchTable _table = null!;

    // xunit calls both; disposing a data source twice is harmless.
    ValueTask IAsyncDisposable.DisposeAsync() => _dataSource.DisposeAsync();

    public async Task InitializeAsync()
    {
        _table = await TestDatabase.CreateScratchTableAsync(_dataSource, "id INT PRIMARY KEY, v INT NOT NULL");
        await TestDatabase.ExecuteAsync(_dataSource, $"INSERT INTO {_table.Sql} VALUES (1, 0), (2, 0)");
    }

    public async Task DisposeAsync()
    {
        await _table.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Opposite_lock_order_is_classified_as_a_deadlock()
    {
        await using var a = await _dataSource.OpenConnectionAsync();
        await using var b = await _dataSource.OpenConnectionAsync();
        await using var transactionA = await a.BeginTransactionAsync();
        await using var transactionB = await b.BeginTransactionAsync();
        await LockRowAsync(a, 1);
        await LockRowAsync(b, 2);

        var aWaitsForB = LockRowAsync(a, 2);
        await Task.Delay(200);
        var bWaitsForA = LockRowAsync(b, 1);
        var outcomes = await Task.WhenAll(Outcome(aWaitsForB), Outcome(bWaitsForA));

        var deadlock = Assert.Single(outcomes, e => e is not null);
        Assert.Equal(MySqlErrorKind.Deadlock, deadlock!.Kind);
        Assert.Equal(1213, deadlock.Number);
        Assert.Equal("40001", deadlock.SqlState);
        Assert.True(deadlock.IsTransient);
    }

    [Fact]
    public async Task A_lock_wait_timeout_is_classified()
    {
        await using var holder = await _dataSource.OpenConnectionAsync();
        await using var waiter = await _dataSource.OpenConnectionAsync();
        await using var held = await holder.BeginTransactionAsync();
        await LockRowAsync(holder, 1);
        await ExecuteAsync(waiter, "SET SESSION innodb_lock_wait_timeout = 1");
        await using var waiting = await waiter.BeginTransactionAsync();

        var error = await Assert.ThrowsAsync<MySqlException>(() => LockRowAsync(waiter, 1));

        Assert.Equal(MySqlErrorKind.LockWaitTimeout, error.Kind);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_cancellation_token_kills_a_running_query_quickly()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SLEEP(10)";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => command.ExecuteScalarAsync(cancellation.Token));
        stopwatch.Stop();

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.InRange(stopwatch.Elapsed.TotalSeconds, 0.2, 5);
        // Only the query was killed: the connection still works.
        command.CommandText = "SELECT 7";
        Assert.Equal(7, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_command_timeout_kills_the_query_and_reports_a_timeout()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SLEEP(10)";
        command.CommandTimeout = 1;

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<MySqlException>(() => command.ExecuteScalarAsync());
        stopwatch.Stop();

        Assert.Equal(MySqlErrorKind.Timeout, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Contains("timed out after 1 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed.TotalSeconds, 0.9, 5);
        command.CommandText = "SELECT 8";
        Assert.Equal(8, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_server_error_carries_number_and_text_and_leaves_the_connection_usable()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELEKT 1";

        var error = await Assert.ThrowsAsync<MySqlException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(1064, error.Number);
        Assert.Equal("42000", error.SqlState);
        Assert.Equal(MySqlErrorKind.Other, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Contains("MySQL error 1064 (42000): You have an error in your SQL syntax", error.Message, StringComparison.Ordinal);
        command.CommandText = "SELECT 9";
        Assert.Equal(9, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_duplicate_key_is_not_transient()
    {
        var error = await Assert.ThrowsAsync<MySqlException>(() =>
            TestDatabase.ExecuteAsync(_dataSource, $"INSERT INTO {_table.Sql} VALUES (1, 1)"));

        Assert.Equal(1062, error.Number);
        Assert.False(error.IsTransient);
    }

    private static async Task<MySqlException?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (MySqlException ex)
        {
            return ex;
        }
    }

    private async Task LockRowAsync(MySqlConnection connection, int id)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT v FROM {_table.Sql} WHERE id = @id FOR UPDATE";
        command.Parameters.AddWithValue("@id", id);
        await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

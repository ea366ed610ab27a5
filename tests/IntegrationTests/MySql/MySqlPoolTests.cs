using System.Diagnostics;
using System.Globalization;
using System.Text;
using Recorder.Infrastructure.Persistence.MySql;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.MySql;

public sealed class MySqlPoolTests : IAsyncLifetime, IAsyncDisposable
{
    // KILLs are issued from a separate data source so the pool under test is not involved.
    private readonly MySqlDataSource _admin = new(TestDatabase.ConnectionString);

    // xunit calls both; disposing a data source twice is harmless.
    ValueTask IAsyncDisposable.DisposeAsync() => _admin.DisposeAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _admin.DisposeAsync();

    [Fact]
    public async Task A_killed_idle_connection_is_detected_by_ping_and_replaced()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b =>
        {
            b.MaximumPoolSize = 1;
            b.ConnectionIdlePingTime = 0;
        }));
        var killedId = await ConnectionIdAsync(dataSource);
        await KillAsync(killedId);

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CONNECTION_ID()";
        var freshId = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);

        Assert.NotEqual(killedId, freshId);
        Assert.Equal(1, dataSource.Statistics.Open);
    }

    [Fact]
    public async Task A_connection_that_fails_at_the_connection_level_is_discarded()
    {
        // No ping on reuse: the dead connection is handed out, fails, and must not come back.
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b =>
        {
            b.MaximumPoolSize = 1;
            b.ConnectionIdlePingTime = 3600;
        }));
        var killedId = await ConnectionIdAsync(dataSource);
        await KillAsync(killedId);

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            var error = await Assert.ThrowsAsync<MySqlException>(() => command.ExecuteScalarAsync());
            Assert.Equal(MySqlErrorKind.ConnectionLost, error.Kind);
            Assert.True(error.IsTransient);
        }

        Assert.NotEqual(killedId, await ConnectionIdAsync(dataSource));
    }

    [Fact]
    public async Task An_exhausted_pool_waits_then_fails_with_a_clear_timeout()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b =>
        {
            b.MaximumPoolSize = 2;
            b.ConnectionTimeout = 1;
        }));
        await using var first = await dataSource.OpenConnectionAsync();
        await using var second = await dataSource.OpenConnectionAsync();

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<MySqlException>(async () => await dataSource.OpenConnectionAsync());
        stopwatch.Stop();

        Assert.Equal(MySqlErrorKind.Timeout, error.Kind);
        Assert.True(error.IsTransient);
        Assert.StartsWith("connection pool exhausted: all 2 connections in use for ", error.Message, StringComparison.Ordinal);
        Assert.Contains("(Maximum Pool Size=2", error.Message, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed.TotalSeconds, 0.9, 10);

        var statistics = dataSource.Statistics;
        Assert.Equal(2, statistics.Open);
        Assert.Equal(2, statistics.InUse);
        Assert.Equal(0, statistics.Idle);
        Assert.Equal(1, statistics.WaitCount);
        Assert.InRange(statistics.WaitSeconds, 0.9, 10);
    }

    [Fact]
    public async Task A_waiting_open_gets_the_next_returned_connection()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b =>
        {
            b.MaximumPoolSize = 1;
            b.ConnectionTimeout = 10;
        }));
        var first = await dataSource.OpenConnectionAsync();
        var firstId = first.ServerThreadId;

        var waiting = dataSource.OpenConnectionAsync().AsTask();
        await WaitUntilAsync(() => dataSource.Statistics.WaitCount == 1);
        Assert.False(waiting.IsCompleted);
        await first.DisposeAsync();

        await using var handedOver = await waiting;
        Assert.Equal(firstId, handedOver.ServerThreadId);
    }

    [Fact]
    public async Task Fifty_concurrent_multi_row_insert_ignores_add_up()
    {
        const int Tasks = 50;
        const int RowsPerTask = 40;
        const int DistinctKeys = 1000; // Tasks overlap: 2000 rows sent for 1000 keys.
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b => b.MaximumPoolSize = 8));
        await using var table = await TestDatabase.CreateScratchTableAsync(dataSource,
            "id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL, body VARCHAR(200) NOT NULL, UNIQUE KEY uk_k (k)");

        var affected = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder($"INSERT IGNORE INTO {table.Sql} (k, body) VALUES ");
            for (var row = 0; row < RowsPerTask; row++)
            {
                var key = ((task * RowsPerTask) + row) % DistinctKeys;
                sql.Append(row == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"(@k{row}, @b{row})");
                command.Parameters.AddWithValue($"@k{row}", key);
                command.Parameters.AddWithValue($"@b{row}", Body(key));
            }

            command.CommandText = sql.ToString();
            return await command.ExecuteNonQueryAsync();
        })));

        var inserted = affected.Sum();
        var ignored = (Tasks * RowsPerTask) - inserted;
        Assert.Equal(DistinctKeys, inserted);
        Assert.Equal((Tasks * RowsPerTask) - DistinctKeys, ignored);

        await using var check = await dataSource.OpenConnectionAsync();
        await using var command = check.CreateCommand();
        command.CommandText = $"SELECT k, body FROM {table.Sql} ORDER BY k";
        await using var reader = await command.ExecuteReaderAsync();
        var seen = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(seen, reader.GetInt32(0));
            Assert.Equal(Body(seen), reader.GetString(1));
            seen++;
        }

        Assert.Equal(DistinctKeys, seen);
        Assert.InRange(dataSource.Statistics.Open, 1, 8);
    }

    [Fact]
    public async Task Minimum_pool_size_is_kept_open_and_idle_connections_beyond_it_are_closed()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b =>
        {
            b.MinimumPoolSize = 2;
            b.ConnectionIdleTimeout = 1;
        }));
        var connections = new List<MySqlConnection>();
        for (var i = 0; i < 4; i++)
        {
            connections.Add(await dataSource.OpenConnectionAsync());
        }

        Assert.Equal(4, dataSource.Statistics.InUse);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        // The background top-up to the minimum may have added one more.
        var returned = dataSource.Statistics;
        Assert.Equal(returned.Open, returned.Idle);
        Assert.InRange(returned.Idle, 4, 5);
        await WaitUntilAsync(() => dataSource.Statistics.Open == 2);
        Assert.Equal(2, dataSource.Statistics.Idle);
    }

    [Fact]
    public async Task Without_pooling_closing_destroys_the_connection()
    {
        await using var dataSource = new MySqlDataSource(TestDatabase.With(b => b.Pooling = false));
        var first = await ConnectionIdAsync(dataSource);
        var second = await ConnectionIdAsync(dataSource);

        Assert.NotEqual(first, second);
        await WaitUntilAsync(() => dataSource.Statistics.Open == 0);
    }

    private static string Body(int key) => $"row {key}: it's \"quoted\", back\\slash, 中文, 😀";

    private static async Task<long> ConnectionIdAsync(MySqlDataSource dataSource) =>
        Convert.ToInt64(await TestDatabase.ScalarAsync(dataSource, "SELECT CONNECTION_ID()"), CultureInfo.InvariantCulture);

    private async Task KillAsync(long connectionId)
    {
        await TestDatabase.ExecuteAsync(_admin, "KILL CONNECTION " + connectionId.ToString(CultureInfo.InvariantCulture));
        await WaitUntilAsync(async () => Convert.ToInt64(
            await TestDatabase.ScalarAsync(_admin, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = @id", ("@id", connectionId)),
            CultureInfo.InvariantCulture) == 0);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "condition not reached within 10 s");
            await Task.Delay(20);
        }
    }
}

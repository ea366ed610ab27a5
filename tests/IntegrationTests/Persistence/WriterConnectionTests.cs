using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Recorder.Infrastructure.Persistence;
using Recorder.Infrastructure.Persistence.Records;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Persistence;

/// <summary>A writer's kept connection against MariaDB: kept while busy, given back when idle or old.</summary>
public sealed class WriterConnectionTests : IAsyncLifetime
{
    private readonly SettableClock _clock = new();
    private RecorderServices _services = null!;

    public Task InitializeAsync()
    {
        _services = RecorderServices.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_busy_writer_keeps_one_session_and_its_raised_warning_limit()
    {
        await using var connection = new WriterConnection(_services.Get<IDbContextFactory<RecorderDbContext>>(), _clock);
        await MarkAsync(connection);

        _clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal((true, 65_535), await SessionAsync(connection));
        Assert.True(connection.IsOpen);
        Assert.True(connection.LastOpenWasKept);
    }

    [Fact]
    public async Task A_connection_idle_too_long_open_too_long_or_discarded_is_replaced_by_a_fresh_session()
    {
        await using var connection = new WriterConnection(_services.Get<IDbContextFactory<RecorderDbContext>>(), _clock);

        // A fresh session (the pool resets a connection it hands out again) forgets the mark, and has its warning
        // limit raised again.
        await MarkAsync(connection);
        _clock.Advance(WriterConnection.MaxIdle + TimeSpan.FromSeconds(1));
        Assert.Equal((false, 65_535), await SessionAsync(connection));
        Assert.False(connection.LastOpenWasKept);

        await MarkAsync(connection);
        var elapsed = TimeSpan.Zero;
        while ((await SessionAsync(connection)).Marked)
        {
            _clock.Advance(TimeSpan.FromSeconds(20));
            elapsed += TimeSpan.FromSeconds(20);
            Assert.True(elapsed <= WriterConnection.MaxAge + TimeSpan.FromSeconds(20), "kept longer than MaxAge");
        }

        Assert.True(elapsed > WriterConnection.MaxAge, $"given back after {elapsed} of use every 20 s");

        await MarkAsync(connection);
        await connection.DiscardAsync();
        Assert.False(connection.IsOpen);
        Assert.Equal((false, 65_535), await SessionAsync(connection));
    }

    [Fact]
    public async Task A_transaction_begins_with_its_first_statement_and_others_see_its_rows_only_once_committed()
    {
        await using var database = TestDatabase.CreateDataSource();
        await using var table = await TestDatabase.CreateScratchTableAsync(database, "id INT PRIMARY KEY");
        await using var connection = new WriterConnection(_services.Get<IDbContextFactory<RecorderDbContext>>(), _clock);

        var context = await connection.OpenAsync(CancellationToken.None);
        Assert.Equal(0L, await InTransactionAsync(context));
        await ExecuteAsync(context, $"INSERT INTO {table.Sql} (id) VALUES (1), (2)");

        Assert.Equal(1L, await InTransactionAsync(context));
        Assert.Equal(0, await TestDatabase.CountAsync(database, $"SELECT COUNT(*) FROM {table.Sql}"));
        await connection.CommitAsync(CancellationToken.None);
        Assert.Equal(0L, await InTransactionAsync(context));
        Assert.Equal(2, await TestDatabase.CountAsync(database, $"SELECT COUNT(*) FROM {table.Sql}"));

        // The next transaction begins by itself, and a rollback undoes only its own rows.
        await ExecuteAsync(context, $"INSERT INTO {table.Sql} (id) VALUES (3)");
        Assert.Equal(1L, await InTransactionAsync(context));
        await connection.RollbackAsync(CancellationToken.None);
        Assert.Equal(0L, await InTransactionAsync(context));
        Assert.Equal(2, await TestDatabase.CountAsync(database, $"SELECT COUNT(*) FROM {table.Sql}"));
    }

    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_when_its_connection_is_discarded_not_kept_locked_in_the_pool()
    {
        await using var database = TestDatabase.CreateDataSource();
        await using var table = await TestDatabase.CreateScratchTableAsync(database, "id INT PRIMARY KEY");
        await using var connection = new WriterConnection(_services.Get<IDbContextFactory<RecorderDbContext>>(), _clock);
        var context = await connection.OpenAsync(CancellationToken.None);
        await ExecuteAsync(context, $"INSERT INTO {table.Sql} (id) VALUES (7)");

        await connection.DiscardAsync();

        // The pooled session no longer holds the row: another session stores it at once instead of waiting on its lock
        // (error 1205 after a second if it were still held).
        Assert.Equal(1, await TestDatabase.ExecuteAsync(database, $"SET SESSION innodb_lock_wait_timeout = 1; INSERT INTO {table.Sql} (id) VALUES (7)"));
    }

    private static async Task<long> InTransactionAsync(RecorderDbContext context) =>
        Convert.ToInt64(await ScalarAsync(context, "SELECT @@in_transaction"), CultureInfo.InvariantCulture);

    private static async Task<object?> ScalarAsync(RecorderDbContext context, string sql)
    {
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(RecorderDbContext context, string sql)
    {
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task MarkAsync(WriterConnection connection)
    {
        var context = await connection.OpenAsync(CancellationToken.None);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SET @writer_session_mark = 1";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Whether the session the writer would use now is the marked one, and its warning limit.</summary>
    private static async Task<(bool Marked, long WarningLimit)> SessionAsync(WriterConnection connection)
    {
        var context = await connection.OpenAsync(CancellationToken.None);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT @writer_session_mark IS NOT NULL, @@SESSION.max_error_count";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) == 1, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    private sealed class SettableClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

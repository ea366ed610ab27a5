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

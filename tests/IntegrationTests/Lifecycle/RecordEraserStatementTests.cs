using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MySqlConnector;
using Recorder.Application.Conversations.Erasure;
using Recorder.Infrastructure.Persistence;
using Recorder.Infrastructure.Persistence.Connections;
using Recorder.Infrastructure.Persistence.Erasure;
using Recorder.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Recorder.IntegrationTests.Lifecycle;

/// <summary>
/// What one erasure batch sends to MariaDB: a single bounded DELETE that walks the right index, with its values as
/// parameters. The short transaction per batch depends on this shape.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class RecordEraserStatementTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly DateTime Old = new(2020, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly MySqlDataSource _database = TestDatabase.CreateDataSource();
    private readonly MySqlPoolMeter _meter = new();
    private readonly CapturedCommands _captured = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _warnings = new();
    private MySqlDataSource? _recorderSource;

    public async Task InitializeAsync()
    {
        await RecorderServices.MigrateAsync();
        await DatabaseReset.ResetAsync(_database);
    }

    public async Task DisposeAsync()
    {
        if (_recorderSource is not null)
        {
            await _recorderSource.DisposeAsync();
        }

        _meter.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_purge_batch_is_one_limited_delete_in_occurred_order_with_the_cutoff_as_a_parameter()
    {
        await SeedAsync(i => $"u{i % 200}");
        var cutoff = Old.AddMinutes(Rows * 9 / 10); // a first purge: most of the table is old

        var deleted = await Eraser().DeleteBatchAsync(new RecordsOccurredBefore(cutoff), 1_000, CancellationToken.None);

        var delete = Assert.Single(_captured.Commands);
        log.WriteLine(delete.Sql);
        Assert.Equal(1_000, deleted);
        // Single-table DELETE … ORDER BY … LIMIT: MySQL and MariaDB refuse ORDER BY/LIMIT in the multi-table form.
        Assert.Matches(@"^DELETE\s+FROM `conversation_records`\s+WHERE `occurred` < @\w+\s+ORDER BY `occurred`, `id`\s+LIMIT @\w+$", delete.Sql.Trim());
        Assert.DoesNotContain("2020", delete.Sql, StringComparison.Ordinal);
        Assert.Contains(delete.Parameters, p => p.Value is DateTime d && d == cutoff);
        Assert.Contains(delete.Parameters, p => p.Value is int n && n == 1_000);
        var plan = await PlanAsync(delete);
        Assert.Equal("idx_occurred", plan.Key);
        Assert.DoesNotContain("filesort", plan.Extra, StringComparison.Ordinal);
        // The oldest thousand went, nothing else.
        Assert.Equal(Rows - 1_000, await StoredRows.CountAsync(_database, "seed "));
        Assert.Equal(Old.AddMinutes(1_000), await TestDatabase.ScalarAsync(_database, "SELECT MIN(occurred) FROM conversation_records"));
    }

    [Fact]
    public async Task A_forget_batch_is_one_limited_delete_of_the_user_with_the_id_as_a_parameter()
    {
        // One user with many rows among many users with few, where an ORDER BY would cost a sort of all of them.
        await SeedAsync(i => i % 4 == 0 ? "Target-Üser" : $"other-{i % 50}");

        var deleted = await Eraser().DeleteBatchAsync(new RecordsOfUser("Target-Üser"), 1_000, CancellationToken.None);

        var delete = Assert.Single(_captured.Commands);
        log.WriteLine(delete.Sql);
        Assert.Equal(1_000, deleted);
        Assert.Matches(@"^DELETE\s+FROM `conversation_records`\s+WHERE `user_id` = @\w+\s+LIMIT @\w+$", delete.Sql.Trim());
        Assert.DoesNotContain("Target", delete.Sql, StringComparison.Ordinal);
        Assert.Contains(delete.Parameters, p => p.Value is string user && user == "Target-Üser");
        var plan = await PlanAsync(delete);
        Assert.Contains(plan.Key, UserIndexes);
        Assert.DoesNotContain("filesort", plan.Extra, StringComparison.Ordinal);
        Assert.Empty(_warnings); // unordered on purpose: EF Core's warning about it is kept out of the operator's output
        Assert.Equal(Rows / 4 - 1_000, (await StoredRows.CountByUserAsync(_database, "seed "))["Target-Üser"]);
    }

    [Fact]
    public async Task Preparing_sends_the_same_statement_with_a_zero_limit_and_deletes_nothing()
    {
        await StoredRows.InsertAsync(_database, Enumerable.Range(0, 50).Select(i => new StoredRow("u", $"seed {i}", Old.AddMinutes(i))));
        var eraser = Eraser();

        await eraser.PrepareAsync(new RecordsOccurredBefore(Old.AddDays(1)), CancellationToken.None);
        await eraser.DeleteBatchAsync(new RecordsOccurredBefore(Old.AddMinutes(10)), 1_000, CancellationToken.None);

        var (prepare, delete) = (_captured.Commands.First(), _captured.Commands.Last());
        Assert.Equal(delete.Sql, prepare.Sql); // one translation serves both
        Assert.Contains(prepare.Parameters, p => p.Value is int n && n == 0);
        Assert.Equal(40, await StoredRows.CountAsync(_database, "seed "));
    }

    private const int Rows = 20_000;
    private static readonly string[] UserIndexes = ["idx_user_occurred", "uk_rec_dedup"];

    /// <summary>A table of realistic shape, its statistics current: the plan of a tiny or just-filled table says little.</summary>
    private async Task SeedAsync(Func<int, string> user)
    {
        await StoredRows.InsertAsync(_database, Enumerable.Range(0, Rows).Select(i => new StoredRow(user(i), $"seed {i}", Old.AddMinutes(i))));
        await TestDatabase.ExecuteAsync(_database, "ANALYZE TABLE conversation_records");
    }

    private ConversationRecordEraser Eraser()
    {
        _recorderSource = RecorderDataSource.Create(TestDatabase.ConnectionString, _meter);
        var options = new DbContextOptionsBuilder<RecorderDbContext>();
        options.UseRecorderMySql(_recorderSource, new PersistenceOptions().ParsedServerVersion())
            .AddInterceptors(_captured)
            .LogTo(_warnings.Enqueue, Microsoft.Extensions.Logging.LogLevel.Warning);
        return new ConversationRecordEraser(new PooledDbContextFactory<RecorderDbContext>(options.Options));
    }

    /// <summary>The server's plan for <paramref name="delete"/>, from EXPLAIN with the same parameters.</summary>
    private async Task<(string? Key, string Extra)> PlanAsync(CapturedCommand delete)
    {
        await using var connection = await _recorderSource!.OpenConnectionAsync();
        await using var explain = TestDatabase.Command(connection, "EXPLAIN " + delete.Sql, [.. delete.Parameters]);
        await using var reader = await explain.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        log.WriteLine(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}")));
        return (reader["key"] as string, reader["Extra"] as string ?? "");
    }
}

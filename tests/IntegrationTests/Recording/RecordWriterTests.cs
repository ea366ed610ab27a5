using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Recorder.Application.Common.Exceptions;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Persistence.Migrations;
using Recorder.Infrastructure.Persistence.MySql;
using Recorder.Infrastructure.Persistence.Records;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Recording;

[Collection(RecordsTableCollection.Name)]
public sealed class RecordWriterTests : IAsyncLifetime
{
    private static readonly DateTime Occurred = new(2026, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);
    private readonly MySqlDataSource _dataSource = new(TestDatabase.ConnectionString);
    // A registry of this test only: recorder hosts of other tests in this process must not be counted here.
    private readonly RecorderMetrics _metrics = new();

    public async Task InitializeAsync()
    {
        await new SchemaMigrator(_dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await DatabaseReset.ResetAsync(_dataSource);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_messages_share_transactions_and_each_learns_its_own_counts()
    {
        await using var writer = Writer(_dataSource);
        var messages = Enumerable.Range(0, 300).Select(i => Rows($"user-{i % 7}", $"m{i}", 5)).ToList();

        var first = await Task.WhenAll(messages.Select(m => writer.WriteAsync(m, CancellationToken.None)));
        var again = await Task.WhenAll(messages.Select(m => writer.WriteAsync(m, CancellationToken.None)));

        Assert.All(first, r => Assert.Equal((5, 0), (r.Inserted, r.Ignored)));
        Assert.All(again, r => Assert.Equal((0, 5), (r.Inserted, r.Ignored)));
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), SUM(MICROSECOND(occurred) = 123000) FROM conversation_records";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1_500L, reader.GetInt64(0));
        Assert.Equal(1_500m, reader.GetDecimal(1));
        // 600 messages in far fewer transactions: concurrent messages shared their commits.
        var transactions = MetricsText.Require(await MetricsText.TextAsync(_metrics.Registry), "qywx_recorder_db_insert_batches_total{result=\"ok\"}");
        Assert.InRange(transactions, 2, 599);
    }

    [Fact]
    public async Task Rows_the_server_refuses_fail_only_their_own_message()
    {
        // A column narrower than the domain allows makes the server refuse one message's rows for good.
        await TestDatabase.ExecuteAsync(_dataSource, "ALTER TABLE conversation_records MODIFY user_id VARCHAR(8) NOT NULL");
        try
        {
            await using var writer = Writer(_dataSource);
            var good = Enumerable.Range(0, 20).Select(i => writer.WriteAsync(Rows("short", $"g{i}", 2), CancellationToken.None)).ToList();
            var refused = writer.WriteAsync(Rows("a-much-longer-user-id", "bad", 2), CancellationToken.None);

            var error = await Assert.ThrowsAsync<StorageRejectedException>(() => refused);
            var results = await Task.WhenAll(good);

            Assert.Contains("1406", error.Message, StringComparison.Ordinal);
            Assert.All(results, r => Assert.Equal(2, r.Inserted));
        }
        finally
        {
            await DatabaseReset.DropRecordsTableAsync(_dataSource);
            await new SchemaMigrator(_dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_database_that_stays_away_beyond_the_budget_is_reported_as_unavailable()
    {
        await using var proxy = new TcpOutageProxy(new IPEndPoint(IPAddress.Loopback, 3306));
        proxy.Cut();
        await using var away = new MySqlDataSource(TestDatabase.With(b =>
        {
            b.Port = (uint)proxy.Port;
            b.ConnectionTimeout = 1;
        }));
        await using var writer = Writer(away, budget: TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => writer.WriteAsync(Rows("u", "x", 1), CancellationToken.None));

        Assert.Contains("retry budget", error.Message, StringComparison.Ordinal);
        var text = await MetricsText.TextAsync(_metrics.Registry);
        Assert.True(MetricsText.Require(text, "qywx_recorder_db_retry_total{reason=\"other\"}") >= 2);
        Assert.Equal(1, MetricsText.Require(text, "qywx_recorder_db_insert_rows_total{result=\"error\"}"));
    }

    private MySqlConversationRecordWriter Writer(MySqlDataSource dataSource, TimeSpan? budget = null) =>
        new(dataSource, new RecordWriterOptions { RetryBudget = budget ?? TimeSpan.FromSeconds(30), RetryInitialBackoff = TimeSpan.FromMilliseconds(50) },
            _metrics, TimeProvider.System, NullLogger<MySqlConversationRecordWriter>.Instance);

    private static ConversationRecord[] Rows(string user, string tag, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new ConversationRecord(user, i % 2 == 0 ? RecordSource.User : RecordSource.Ai, $"{tag}-{i} 内容 'x'", Occurred))
            .ToArray();
}

using Mediator;
using MySqlConnector;
using Recorder.Application.Conversations.Commands.PurgeOldRecords;
using Recorder.Application.Conversations.Erasure;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Lifecycle;

/// <summary>The retention purge through the application pipeline, registered as the host registers it, on MariaDB.</summary>
[Collection(RecordsTableCollection.Name)]
public sealed class PurgeOldRecordsTests : IAsyncLifetime
{
    private const int OldRows = 12_000;
    private const int KeptRows = 500;
    private const int BatchRows = 250;
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    private readonly MySqlDataSource _database = TestDatabase.CreateDataSource();
    private readonly RecorderServices _services = RecorderServices.Create();
    private readonly DateTime _now = DateTime.UtcNow;

    public async Task InitializeAsync()
    {
        await RecorderServices.MigrateAsync();
        await DatabaseReset.ResetAsync(_database);
        // Past retention: from a day beyond it back to over a year. Within it: up to a day short of it.
        await StoredRows.InsertAsync(_database, Enumerable.Range(0, OldRows)
            .Select(i => new StoredRow($"user-{i % 40}", $"old {i}", _now - Retention - TimeSpan.FromDays(1) - TimeSpan.FromMinutes(47 * i))));
        await StoredRows.InsertAsync(_database, Enumerable.Range(0, KeptRows)
            .Select(i => new StoredRow($"user-{i % 40}", $"kept {i}", _now - Retention + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(i))));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_dry_run_counts_the_rows_past_retention_and_deletes_nothing()
    {
        var dryRun = await SendAsync(new PurgeOldRecordsCommand(Retention, BatchRows, DryRun: true));

        Assert.True(dryRun.Erasure.DryRun);
        Assert.Equal(OldRows, dryRun.Erasure.Rows);
        Assert.Equal(0, dryRun.Erasure.Batches);
        Assert.Equal(OldRows + KeptRows, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
    }

    [Fact]
    public async Task Only_rows_past_retention_go_in_small_batches_while_new_rounds_keep_arriving()
    {
        // The recorder keeps storing rounds, some for users whose old rows are being purged.
        await using var inserter = ConcurrentInserter.Start(_database, "live", ["user-1", "user-2", "newcomer"], () => DateTime.UtcNow);
        await inserter.WaitForAsync(50);
        var insertedBefore = inserter.Inserted;
        var progress = new RecordingProgress<ErasureProgress>();

        var purge = await SendAsync(new PurgeOldRecordsCommand(Retention, BatchRows) { Progress = progress });

        var insertedDuring = inserter.Inserted - insertedBefore;
        var inserted = await inserter.StopAsync();
        Assert.True(insertedDuring > 0, "no round was stored while the purge ran, so nothing concurrent was tested");
        Assert.Equal(OldRows, purge.Erasure.Rows);
        Assert.InRange(purge.Cutoff, _now - Retention, DateTime.UtcNow - Retention);
        Assert.Equal(0, await StoredRows.CountAsync(_database, "old "));
        Assert.Equal(KeptRows, await StoredRows.CountAsync(_database, "kept "));
        Assert.Equal(inserted, await StoredRows.CountAsync(_database, "live "));
        // Every statement took at most one batch of rows, so no statement held more locks than that.
        Assert.Equal(OldRows / BatchRows, purge.Erasure.Batches);
        Assert.Equal(BatchRows, purge.Erasure.LargestBatchRows);
        var perStatement = progress.Reports.Select((p, i) => p.Rows - (i == 0 ? 0 : progress.Reports.ElementAt(i - 1).Rows)).ToList();
        Assert.Equal(purge.Erasure.Batches, perStatement.Count);
        Assert.All(perStatement, rows => Assert.InRange(rows, 1, BatchRows));
        Assert.True(purge.Erasure.LongestBatch > TimeSpan.Zero && purge.Erasure.LongestBatch <= purge.Erasure.Elapsed);
    }

    [Fact]
    public async Task Running_it_again_deletes_nothing_more_and_an_interrupted_purge_continues_where_it_stopped()
    {
        using var stopAfterTwoBatches = new CancellationTokenSource();
        var progress = new CancellingProgress(stopAfterTwoBatches, afterBatches: 2);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SendAsync(new PurgeOldRecordsCommand(Retention, BatchRows) { Progress = progress }, stopAfterTwoBatches.Token));
        var left = await StoredRows.CountAsync(_database, "old ");
        var resumed = await SendAsync(new PurgeOldRecordsCommand(Retention, BatchRows));
        var again = await SendAsync(new PurgeOldRecordsCommand(Retention, BatchRows));

        Assert.Equal(OldRows - (2 * BatchRows), left);
        Assert.Equal(left, resumed.Erasure.Rows);
        Assert.Equal((0L, 0), (again.Erasure.Rows, again.Erasure.Batches));
        Assert.Equal(KeptRows, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
    }

    private async Task<PurgeOldRecordsResult> SendAsync(PurgeOldRecordsCommand command, CancellationToken cancellationToken = default) =>
        await _services.Get<IMediator>().Send(command, cancellationToken);

    /// <summary>Stands for Ctrl+C: cancels once the given number of batches has committed.</summary>
    private sealed class CancellingProgress(CancellationTokenSource cancel, int afterBatches) : IProgress<ErasureProgress>
    {
        public void Report(ErasureProgress value)
        {
            if (value.Batches >= afterBatches)
            {
                cancel.Cancel();
            }
        }
    }
}

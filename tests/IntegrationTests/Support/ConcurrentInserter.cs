using System.Globalization;
using MySqlConnector;

namespace Recorder.IntegrationTests.Support;

/// <summary>
/// Keeps inserting small batches of rows, as the recorder does while an operator purges or erases, until stopped.
/// Every row's content starts with the inserter's tag, so a test can find them all afterwards.
/// </summary>
internal sealed class ConcurrentInserter : IAsyncDisposable
{
    private const int RowsPerStatement = 10;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _inserted;

    private ConcurrentInserter(MySqlDataSource dataSource, string tag, IReadOnlyList<string> users, Func<DateTime> occurred)
    {
        Tag = tag;
        _loop = Task.Run(() => LoopAsync(dataSource, users, occurred));
    }

    public string Tag { get; }

    /// <summary>Rows committed so far.</summary>
    public long Inserted => Interlocked.Read(ref _inserted);

    public static ConcurrentInserter Start(MySqlDataSource dataSource, string tag, IReadOnlyList<string> users, Func<DateTime> occurred) =>
        new(dataSource, tag, users, occurred);

    /// <summary>Waits until at least <paramref name="rows"/> rows are in, so the work that follows overlaps the inserts.</summary>
    public async Task WaitForAsync(long rows)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Inserted < rows && DateTime.UtcNow < deadline && !_loop.IsCompleted)
        {
            await Task.Delay(10);
        }

        Assert.True(Inserted >= rows, $"the concurrent inserter managed {Inserted} rows (wanted {rows}); loop faulted: {_loop.Exception}");
    }

    /// <summary>Stops after the statement in flight and returns how many rows were committed.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return Inserted;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task LoopAsync(MySqlDataSource dataSource, IReadOnlyList<string> users, Func<DateTime> occurred)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var statement = 0; !_stop.IsCancellationRequested; statement++)
        {
            var rows = Enumerable.Range(0, RowsPerStatement)
                .Select(r => new StoredRow(
                    users[(statement + r) % users.Count],
                    string.Create(CultureInfo.InvariantCulture, $"{Tag} {statement}.{r}"),
                    occurred()))
                .ToList();
            // Not cancellable mid-statement: a cancelled insert might or might not have committed, and the count must be exact.
            Interlocked.Add(ref _inserted, await StoredRows.InsertAsync(connection, rows));
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Common.Interfaces;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>
/// Stores rows with multi-row inserts that skip duplicates of the unique key. A commit costs far more than a statement, so rows of messages that
/// arrive together share one transaction: each caller's rows get their own statement(s) (which keeps the
/// inserted/ignored count exact per caller) and one COMMIT makes all of them durable before any caller is told so.
/// Transient errors are retried with backoff until the retry budget is spent; a row the server refuses for good
/// fails only its own caller, never the others that shared the transaction.
/// </summary>
public sealed partial class MySqlConversationRecordWriter : IConversationRecordWriter, IAsyncDisposable
{
    private readonly MySqlDataSource _dataSource;
    private readonly RecordWriterOptions _options;
    private readonly RecorderMetrics _metrics;
    private readonly ILogger<MySqlConversationRecordWriter> _logger;
    private readonly TimeProvider _time;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly InsertStatementCache _statements = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;
    private long _maxPacketBytes;
    private int _disposed;

    public MySqlConversationRecordWriter(
        MySqlDataSource dataSource, RecordWriterOptions options, RecorderMetrics metrics, TimeProvider time, ILogger<MySqlConversationRecordWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid record writer settings: " + string.Join(" ", problems));
        }

        _dataSource = dataSource;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _writers = Enumerable.Range(0, options.Writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    public Task<RecordWriteResult> WriteAsync(IReadOnlyList<ConversationRecord> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return Task.FromResult(RecordWriteResult.None);
        }

        var pending = new PendingWrite(rows.ToArray(), _time.GetUtcNow() + _options.RetryBudget, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Fail(new ObjectDisposedException(nameof(MySqlConversationRecordWriter)));
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        // Registered under two service types, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        // Callers drain before the writer is disposed; anything still retrying is abandoned, not lost: its
        // message was never acknowledged and will be redelivered.
        await _stopping.CancelAsync();
        await Task.WhenAll(_writers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Fail(new OperationCanceledException("The record writer stopped."));
        }

        _stopping.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>();
        PendingWrite? carried = null;
        try
        {
            while (carried is not null || await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                var rows = 0;
                if (carried is not null)
                {
                    batch.Add(carried);
                    rows = carried.Rows.Length;
                    carried = null;
                }

                while (rows < _options.MaxRowsPerTransaction && _queue.Reader.TryRead(out var next))
                {
                    if (next.IsAbandoned)
                    {
                        continue;
                    }

                    if (batch.Count > 0 && rows + next.Rows.Length > _options.MaxRowsPerTransaction)
                    {
                        carried = next;
                        break;
                    }

                    batch.Add(next);
                    rows += next.Rows.Length;
                }

                if (batch.Count > 0)
                {
                    try
                    {
                        await WriteBatchAsync(batch);
                    }
                    catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                    {
                        batch.ForEach(p => p.Fail(new OperationCanceledException("The record writer stopped.")));
                        throw;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            carried?.Fail(new OperationCanceledException("The record writer stopped."));
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var backoff = _options.RetryInitialBackoff;
        var retried = false;
        while (batch.Count > 0)
        {
            batch.RemoveAll(p => p.IsAbandoned);
            var inserted = new int[batch.Count];
            var current = -1;
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(_stopping.Token);
                var maxPacket = await MaxPacketBytesAsync(connection);
                await using var transaction = await connection.BeginTransactionAsync(_stopping.Token);
                for (current = 0; current < batch.Count; current++)
                {
                    inserted[current] = await InsertAsync(connection, transaction, batch[current].Rows, maxPacket);
                }

                current = -1;
                await transaction.CommitAsync(_stopping.Token);
            }
            catch (MySqlException ex) when (current >= 0 && RowErrors.IsRowSpecific(ex))
            {
                // The server refused these rows for good: only their caller fails; the others go again without it.
                var refused = batch[current];
                LogRejected(ex.Number, refused.Rows.Length);
                _metrics.ObserveDbInsert(Stopwatch.GetElapsedTime(started), DbInsertResult.Error, failed: refused.Rows.Length);
                refused.Fail(new StorageRejectedException($"MySQL refused the rows: error {ex.Number} ({ex.SqlState}).", ex));
                batch.RemoveAt(current);
                continue;
            }
            catch (MySqlException ex)
            {
                // Lost connections, deadlocks, timeouts, but also a read-only or misconfigured server: nothing wrong
                // with the rows, so the batch is retried; each message gives up when its own budget is spent.
                _metrics.RecordDbRetry(DbRetryReasons.Of(ex));
                ExpireSpent(batch, _time.GetUtcNow() + backoff, started, ex);
                if (batch.Count == 0)
                {
                    return;
                }

                LogTransient(ex.Number, ex.Kind, backoff.TotalMilliseconds, batch.Count);
                retried = true;
                await Task.Delay(backoff, _time, _stopping.Token);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.RetryMaxBackoff.Ticks));
                continue;
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                FailAll(batch, started, new StorageUnavailableException("Writing rows failed unexpectedly: " + ex.GetType().Name, ex));
                return;
            }

            var total = batch.Sum(p => p.Rows.Length);
            var insertedTotal = inserted.Sum();
            _metrics.ObserveDbInsert(Stopwatch.GetElapsedTime(started), retried ? DbInsertResult.RetryOk : DbInsertResult.Ok,
                inserted: insertedTotal, ignored: total - insertedTotal);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Succeed(inserted[i]);
            }

            return;
        }
    }

    private async Task<int> InsertAsync(MySqlConnection connection, MySqlTransaction transaction, ConversationRecord[] rows, long maxPacket)
    {
        var inserted = 0;
        foreach (var chunk in RowChunker.Chunk(rows, _options.InsertChunkRows, maxPacket))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = _statements.For(chunk.Count);
            for (var i = 0; i < chunk.Count; i++)
            {
                var row = chunk[i];
                command.Parameters.Add(new MySqlParameter(InsertStatementCache.ParameterName('u', i), row.UserId));
                command.Parameters.Add(new MySqlParameter(InsertStatementCache.ParameterName('s', i), row.Source.ToStorageValue()));
                command.Parameters.Add(new MySqlParameter(InsertStatementCache.ParameterName('o', i), row.Occurred));
                command.Parameters.Add(new MySqlParameter(InsertStatementCache.ParameterName('c', i), row.Content));
            }

            // The affected-row count is the number of new rows; the rest were duplicates (see InsertStatementCache).
            inserted += await command.ExecuteNonQueryAsync(_stopping.Token);
        }

        return inserted;
    }

    private async Task<long> MaxPacketBytesAsync(MySqlConnection connection)
    {
        var known = Interlocked.Read(ref _maxPacketBytes);
        if (known > 0)
        {
            return known;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT @@max_allowed_packet";
        var value = Convert.ToInt64(await command.ExecuteScalarAsync(_stopping.Token), CultureInfo.InvariantCulture);
        Interlocked.Exchange(ref _maxPacketBytes, value);
        return value;
    }

    /// <summary>Fails the messages whose retry budget ends before the next attempt; the rest stay in the batch.</summary>
    private void ExpireSpent(List<PendingWrite> batch, DateTimeOffset nextAttempt, long started, MySqlException last)
    {
        var spent = batch.Where(p => p.Deadline < nextAttempt).ToList();
        if (spent.Count == 0)
        {
            return;
        }

        batch.RemoveAll(spent.Contains);
        FailAll(spent, started, new StorageUnavailableException(
            $"MySQL stayed unavailable for the whole retry budget of {_options.RetryBudget.TotalSeconds:0.#} s; last error {last.Number} ({last.Kind}).", last));
    }

    private void FailAll(List<PendingWrite> batch, long started, Exception exception)
    {
        var rows = batch.Sum(p => p.Rows.Length);
        _metrics.ObserveDbInsert(Stopwatch.GetElapsedTime(started), DbInsertResult.Error, failed: rows);
        LogGaveUp(batch.Count, rows, _options.RetryBudget.TotalSeconds);
        foreach (var pending in batch)
        {
            pending.Fail(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MySQL transient error {Number} ({Kind}); retrying {Messages} message(s) in {DelayMs} ms")]
    private partial void LogTransient(int number, MySqlErrorKind kind, double delayMs, int messages);

    [LoggerMessage(Level = LogLevel.Error, Message = "MySQL refused {Rows} row(s) of one message with error {Number}; that message fails, the others are retried")]
    private partial void LogRejected(int number, int rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "MySQL unavailable beyond the retry budget of {Seconds} s: {Messages} message(s), {Rows} row(s) not stored")]
    private partial void LogGaveUp(int messages, int rows, double seconds);
}
